/**
 * The 249 officially assigned ISO 3166-1 alpha-2 country codes.
 * Source: ISO 3166 Maintenance Agency. Update when ISO assigns or withdraws one.
 */
export const ISO_3166_ALPHA2: ReadonlySet<string> = new Set(
  (
    'AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ ' +
    'BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ ' +
    'CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ ' +
    'DE DJ DK DM DO DZ ' +
    'EC EE EG EH ER ES ET ' +
    'FI FJ FK FM FO FR ' +
    'GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY ' +
    'HK HM HN HR HT HU ' +
    'ID IE IL IM IN IO IQ IR IS IT ' +
    'JE JM JO JP ' +
    'KE KG KH KI KM KN KP KR KW KY KZ ' +
    'LA LB LC LI LK LR LS LT LU LV LY ' +
    'MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ ' +
    'NA NC NE NF NG NI NL NO NP NR NU NZ ' +
    'OM ' +
    'PA PE PF PG PH PK PL PM PN PR PS PT PW PY ' +
    'QA ' +
    'RE RO RS RU RW ' +
    'SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ ' +
    'TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ ' +
    'UA UG UM US UY UZ ' +
    'VA VC VE VG VI VN VU ' +
    'WF WS ' +
    'YE YT ' +
    'ZA ZM ZW'
  ).split(' '),
)

/**
 * User-assigned codes that are not ISO 3166-1 but that banks and registries
 * use anyway. XK (Kosovo) is used by the EU, SWIFT and IBAN registries; without
 * it a Kosovar investor could not be onboarded at all.
 */
export const USER_ASSIGNED_COUNTRY_CODES: ReadonlySet<string> = new Set(['XK'])

/**
 * Upper-cases and trims a country code; returns it if it is an assigned
 * ISO 3166-1 alpha-2 code (or a user-assigned code in general use), else undefined.
 *
 * @example
 * normaliseCountryCode(' de ') // 'DE'
 * normaliseCountryCode('UK')   // undefined (the ISO code is GB)
 */
export function normaliseCountryCode(code: string): string | undefined {
  const c = code.trim().toUpperCase()
  return ISO_3166_ALPHA2.has(c) || USER_ASSIGNED_COUNTRY_CODES.has(c) ? c : undefined
}
