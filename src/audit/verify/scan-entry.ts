/*
 * A byte-level scanner that accepts a strict subset of canonical audit
 * entries without building any JS object: the verifier's fast path over a
 * million lines. It never accepts what the full check (JSON.parse, re-encode,
 * compare) would refuse; anything unusual (\u escapes, non-ASCII keys,
 * whitespace, malformed input) returns SLOW and the caller runs the full check.
 */

export const SLOW = -1

const QUOTE = 0x22
const BACKSLASH = 0x5c
const COLON = 0x3a
const COMMA = 0x2c
const OPEN_OBJECT = 0x7b
const CLOSE_OBJECT = 0x7d
const OPEN_ARRAY = 0x5b
const CLOSE_ARRAY = 0x5d

// Top-level keys in canonical (sorted) order and what their values may be.
const TOP_KEYS = ['action', 'actor', 'after', 'at', 'before', 'correlationId', 'details', 'seq', 'targetId', 'targetType'].map((k) => Buffer.from(`"${k}"`))
const STRING = 0
const ANY = 1
const INSTANT = 2
const SEQ = 3
const STRING_OR_NULL = 4
const TOP_KINDS = [STRING, STRING, ANY, INSTANT, ANY, STRING_OR_NULL, ANY, SEQ, STRING_OR_NULL, STRING_OR_NULL]
const TRUE = Buffer.from('true')
const FALSE = Buffer.from('false')
const NULL = Buffer.from('null')

// Short byte comparisons in JS: Buffer#compare's native call costs more than the loop.
function matches(buf: Buffer, pos: number, word: Buffer): boolean {
  if (pos + word.length > buf.length) return false
  for (let i = 0; i < word.length; i++) if (buf[pos + i] !== word[i]) return false
  return true
}

// Is buf[a, aEnd) strictly less than buf[b, bEnd), byte by byte?
function less(buf: Buffer, a: number, aEnd: number, b: number, bEnd: number): boolean {
  for (; a < aEnd && b < bEnd; a++, b++) {
    if (buf[a] !== buf[b]) return buf[a]! < buf[b]!
  }
  return aEnd - a < bEnd - b
}

class Scanner {
  buf: Buffer = Buffer.alloc(0)
  pos = 0
  end = 0

  // Returns the index after the closing quote, or SLOW. Sets asciiPlain when no escape or non-ASCII byte was seen.
  asciiPlain = true
  string(): number {
    const buf = this.buf
    let p = this.pos + 1
    this.asciiPlain = true
    while (p < this.end) {
      const b = buf[p]!
      if (b === QUOTE) return (this.pos = p + 1)
      if (b < 0x20) return SLOW
      if (b === BACKSLASH) {
        const e = buf[p + 1]
        // JSON.stringify writes exactly these short escapes; \/ and \u need the full check.
        if (e !== QUOTE && e !== BACKSLASH && e !== 0x62 && e !== 0x66 && e !== 0x6e && e !== 0x72 && e !== 0x74) return SLOW
        this.asciiPlain = false
        p += 2
        continue
      }
      if (b >= 0x80) this.asciiPlain = false
      p++
    }
    return SLOW
  }

  literal(word: Buffer): number {
    if (!matches(this.buf, this.pos, word)) return SLOW
    return (this.pos += word.length)
  }

  number(): number {
    let p = this.pos
    for (; p < this.end; p++) {
      const b = this.buf[p]!
      if (!((b >= 0x30 && b <= 0x39) || b === 0x2d || b === 0x2b || b === 0x2e || b === 0x65 || b === 0x45)) break
    }
    const token = this.buf.toString('latin1', this.pos, p)
    const n = Number(token)
    // Canonical numbers are exactly what JSON.stringify writes for them.
    if (token === '' || !Number.isFinite(n) || JSON.stringify(n) !== token) return SLOW
    return (this.pos = p)
  }

  value(depth: number): number {
    if (depth > 64 || this.pos >= this.end) return SLOW
    const b = this.buf[this.pos]!
    if (b === QUOTE) return this.string()
    if (b === OPEN_OBJECT) return this.object(depth + 1)
    if (b === OPEN_ARRAY) return this.array(depth + 1)
    if (b === 0x74) return this.literal(TRUE)
    if (b === 0x66) return this.literal(FALSE)
    if (b === 0x6e) return this.literal(NULL)
    if (b === 0x2d || (b >= 0x30 && b <= 0x39)) return this.number()
    return SLOW
  }

  array(depth: number): number {
    this.pos++
    if (this.buf[this.pos] === CLOSE_ARRAY) return ++this.pos
    for (;;) {
      if (this.value(depth) === SLOW) return SLOW
      const b = this.buf[this.pos++]
      if (b === CLOSE_ARRAY) return this.pos
      if (b !== COMMA) return SLOW
    }
  }

  object(depth: number): number {
    const buf = this.buf
    this.pos++
    if (buf[this.pos] === CLOSE_OBJECT) return ++this.pos
    let prevStart = -1
    let prevEnd = -1
    for (;;) {
      const keyStart = this.pos
      if (buf[keyStart] !== QUOTE || this.string() === SLOW || !this.asciiPlain) return SLOW
      const keyEnd = this.pos - 1
      // Keys must rise strictly (previous < this one); for plain ASCII, byte order is UTF-16 order.
      if (prevStart >= 0 && !less(buf, prevStart, prevEnd, keyStart + 1, keyEnd)) return SLOW
      prevStart = keyStart + 1
      prevEnd = keyEnd
      if (buf[this.pos++] !== COLON) return SLOW
      if (this.value(depth) === SLOW) return SLOW
      const b = buf[this.pos++]
      if (b === CLOSE_OBJECT) return this.pos
      if (b !== COMMA) return SLOW
    }
  }
}

const scanner = new Scanner()

function isInstant(buf: Buffer, s: number, e: number): boolean {
  // "YYYY-MM-DDTHH:MM:SS.mmmZ" with quotes: 26 bytes.
  if (e - s !== 26) return false
  for (let i = 1; i < 25; i++) {
    const b = buf[s + i]!
    const want = i === 5 || i === 8 ? 0x2d : i === 11 ? 0x54 : i === 14 || i === 17 ? 0x3a : i === 20 ? 0x2e : i === 24 ? 0x5a : -1
    if (want === -1 ? b < 0x30 || b > 0x39 : b !== want) return false
  }
  return true
}

/**
 * Scans the canonical entry in buf[start, end). Returns its seq, or SLOW when
 * the fast path cannot vouch for it (the caller then runs the full check).
 */
export function scanEntry(buf: Buffer, start: number, end: number): number {
  if (end > buf.length) return SLOW
  const s = scanner
  s.buf = buf
  s.pos = start
  s.end = end
  if (buf[start] !== OPEN_OBJECT) return SLOW
  s.pos++
  let seq = SLOW
  for (let k = 0; k < TOP_KEYS.length; k++) {
    const key = TOP_KEYS[k]!
    if (!matches(buf, s.pos, key)) return SLOW
    s.pos += key.length
    if (buf[s.pos++] !== COLON) return SLOW
    const valueStart = s.pos
    const first = buf[valueStart]
    switch (TOP_KINDS[k]!) {
      case STRING:
        if (first !== QUOTE || s.string() === SLOW) return SLOW
        break
      case STRING_OR_NULL:
        if (first === QUOTE ? s.string() === SLOW : s.literal(NULL) === SLOW) return SLOW
        break
      case INSTANT:
        if (first !== QUOTE || s.string() === SLOW || !isInstant(buf, valueStart, s.pos)) return SLOW
        break
      case SEQ: {
        if (first !== QUOTE || s.string() === SLOW) return SLOW
        const digits = s.pos - valueStart - 2
        if (digits < 1 || digits > 15 || (digits > 1 && buf[valueStart + 1] === 0x30)) return SLOW
        let n = 0
        for (let p = valueStart + 1; p < s.pos - 1; p++) {
          const d = buf[p]! - 0x30
          if (d < 0 || d > 9) return SLOW
          n = n * 10 + d
        }
        seq = n
        break
      }
      case ANY:
        if (s.value(1) === SLOW) return SLOW
        break
    }
    if (buf[s.pos++] !== (k === TOP_KEYS.length - 1 ? CLOSE_OBJECT : COMMA)) return SLOW
  }
  return s.pos === end ? seq : SLOW
}
