export interface NormalisedName {
  /** Comparison tokens, in "First Last" order. */
  tokens: string[]
  /**
   * True when the name holds letters we cannot transliterate to Latin
   * (Arabic, CJK, Greek…): it cannot be screened against a Latin-script list
   * and must go to a person.
   */
  unscreenable: boolean
}

// Removed only while at least one other token remains, so a person called
// "Sir" or a company called "Company" still has a name to match.
const HONORIFICS = new Set(
  'mr mrs ms miss mx dr prof sir dame sheikh shaikh sheik haji hajji hadji mullah gen col maj capt lt rev hon jr sr esq ii iii'.split(' '),
)
const LEGAL_FORMS = new Set(
  'llc ltd limited inc incorporated corp corporation co company plc gmbh ag sa sarl srl spa bv nv ooo oao zao pao jsc ojsc cjsc pjsc fze fzco llp lp'.split(
    ' ',
  ),
)
const STOPWORDS = new Set(['the', 'and', 'of'])
// Joined to the next token, so "al-Rashidi", "Al Rashidi" and "Alrashidi",
// or "de la Cruz" and "Delacruz", compare equal.
const PARTICLES = new Set(
  'al el ul bin ibn bint abu abd abdul abdel de del della la las los di da du dos das von van der'.split(' '),
)

const CYRILLIC: Record<string, string> = {
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ё: 'e', ж: 'zh', з: 'z', и: 'i', й: 'y', к: 'k', л: 'l',
  м: 'm', н: 'n', о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'kh', ц: 'ts', ч: 'ch', ш: 'sh',
  щ: 'shch', ъ: '', ы: 'y', ь: '', э: 'e', ю: 'yu', я: 'ya', і: 'i', ї: 'yi', є: 'ye', ґ: 'g', ў: 'u',
  ђ: 'dj', ј: 'j', љ: 'lj', њ: 'nj', ћ: 'c', џ: 'dz',
}
// Latin letters that NFKD leaves whole.
const LATIN_EXTRA: Record<string, string> = {
  ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', đ: 'd', ð: 'd', ħ: 'h', ł: 'l', þ: 'th', ı: 'i', ŋ: 'ng',
}

/**
 * Normalises a person's or company's name for matching: case, diacritics
 * (NFKD), Cyrillic to Latin, punctuation, honorifics and legal forms, the OFAC
 * "LAST, First" order, and common transliteration variants (see {@link foldToken}).
 *
 * @example
 * normaliseName('VOLKOV, Dmitriy Aleksandrovich').tokens // ['dmitry', 'aleksandrovich', 'volkov']
 * normaliseName('Dr. José García-Méndez').tokens           // ['jose', 'garcya', 'mendez']
 */
export function normaliseName(raw: string): NormalisedName {
  let s = raw.normalize('NFC').toLowerCase()
  // "LAST, First Middle" → "First Middle LAST"; only with exactly one comma,
  // since entity names carry commas of their own ("X, S.A.").
  const parts = s.split(',')
  if (parts.length === 2 && parts[0]!.trim() !== '' && parts[1]!.trim() !== '') s = `${parts[1]} ${parts[0]}`
  s = s.replace(/[\u0400-\u04ff]/g, (c) => CYRILLIC[c] ?? c)
  s = s.normalize('NFKD').replace(/\p{M}/gu, '')
  s = s.replace(/[ßæœøđðħłþıŋ]/g, (c) => LATIN_EXTRA[c] ?? c)
  // Dots and apostrophes join ("S.A." → sa, "O'Brien" → obrien); other punctuation separates.
  s = s.replace(/[.'’`ʼ‘]/g, '')
  const unscreenable = /[^\P{L}a-z]/u.test(s)
  s = s.replace(/[^a-z0-9]+/g, ' ').trim()
  let tokens = s === '' ? [] : s.split(' ')
  tokens = dropWhileOthersRemain(tokens, (t) => STOPWORDS.has(t))
  tokens = dropWhileOthersRemain(tokens, (t) => HONORIFICS.has(t))
  tokens = dropWhileOthersRemain(tokens, (t) => LEGAL_FORMS.has(t))
  return { tokens: joinParticles(tokens).map(foldToken), unscreenable }
}

/**
 * Folds spelling variants common in transliterated names onto one form, so
 * Aleksandr/Alexander, Yuriy/Yury/Iurii/Yuri, Sergei/Sergey, Mohammed/Mohamed,
 * Khalid/Halid, Yelena/Elena compare equal. Applied to both sides of a
 * comparison, so it can only bring variants together.
 */
export function foldToken(t: string): string {
  return t
    .replace(/x/g, 'ks')
    .replace(/kh/g, 'h')
    .replace(/ph/g, 'f')
    .replace(/ck/g, 'k')
    .replace(/q/g, 'k')
    .replace(/w/g, 'v')
    .replace(/ou/g, 'u')
    .replace(/^ye/, 'e')
    .replace(/i([au])/g, 'y$1')
    .replace(/(ii|iy|yy|ij|yi)$/, 'y')
    .replace(/i$/, 'y')
    .replace(/([a-z])\1+/g, '$1')
}

function dropWhileOthersRemain(tokens: string[], drop: (t: string) => boolean): string[] {
  const kept = tokens.filter((t) => !drop(t))
  return kept.length > 0 ? kept : tokens
}

function joinParticles(tokens: string[]): string[] {
  const out: string[] = []
  let pending = ''
  for (const t of tokens) {
    if (PARTICLES.has(t)) {
      pending += t
      continue
    }
    out.push(pending + t)
    pending = ''
  }
  if (pending !== '') out.push(pending)
  return out
}
