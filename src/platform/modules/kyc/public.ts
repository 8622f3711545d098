// The KYC module's door: the provider interface and the embedded provider, the vendor
// webhook signature, and the ISO 3166 country tables every module checks against. See README.md.
export { COUNTRY_NUMERIC, countryNumeric } from './country-numeric.ts'
export { ISO_3166_ALPHA2, normaliseCountryCode, USER_ASSIGNED_COUNTRY_CODES } from './country-codes.ts'
export { EmbeddedKycProvider, type EmbeddedKycConfig } from './embedded-provider.ts'
export {
  isEscalation,
  KycReasonCode,
  matchKey,
  worseOutcome,
  type KycProvider,
  type KycSubject,
  type SanctionsMatch,
  type ScreeningOutcome,
  type ScreeningReason,
  type ScreeningResult,
} from './kyc-provider.ts'
export { signVendorWebhook, verifyVendorWebhook } from './webhook-signature.ts'
