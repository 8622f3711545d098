/**
 * Deterministic made-up names for load tests and benchmarks: syllable
 * strings shaped like transliterated personal and company names. Same seed,
 * same names.
 *
 * @example
 * syntheticNames(20_000, 7) // ['BORAVEKOV, Ilyan Tesharovich', ...]
 */
export function syntheticNames(count: number, seed = 1): string[] {
  const next = mulberry32(seed)
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!
  const word = (min: number, max: number) => {
    const n = min + Math.floor(next() * (max - min + 1))
    let w = ''
    for (let i = 0; i < n; i++) w += pick(SYLLABLES)
    return w[0]!.toUpperCase() + w.slice(1)
  }
  const out: string[] = []
  for (let i = 0; i < count; i++) {
    const r = next()
    if (r < 0.6) out.push(`${word(2, 4).toUpperCase()}${pick(SURNAME_ENDS)}, ${word(1, 3)} ${word(2, 3)}${pick(PATRONYMIC_ENDS)}`)
    else if (r < 0.75) out.push(`${word(2, 3).toUpperCase()}, ${word(1, 3)}`)
    else out.push(`${word(2, 3).toUpperCase()} ${word(2, 3).toUpperCase()} ${pick(COMPANY_FORMS)}`)
  }
  return out
}

const SYLLABLES = [
  'ba', 'ra', 've', 'ko', 'il', 'yan', 'te', 'sha', 'mi', 'lo', 'dan', 'zu', 'ni', 'ger', 'ta', 'sol', 'pe', 'dri',
  'ka', 'mar', 'hal', 'fi', 'no', 'ro', 'lek', 'sen', 'vo', 'dim', 'al', 'sa', 'ber', 'ul', 'os', 'ti', 'gu', 'zar',
]
const SURNAME_ENDS = ['OV', 'EV', 'IN', 'SKY', 'ENKO', 'IDZE', 'YAN', 'I', '']
const PATRONYMIC_ENDS = ['ovich', 'evich', 'ovna', 'ich', '']
const COMPANY_FORMS = ['LLC', 'OOO', 'LTD', 'TRADING CO', 'HOLDING', 'GROUP', 'JSC']

function mulberry32(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
