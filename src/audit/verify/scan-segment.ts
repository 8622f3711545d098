import { hash } from 'node:crypto'
import { isUtf8 } from 'node:buffer'
import { canonicalJson, HASH_SIZE } from '../hashing.ts'
import type { ProblemCode } from './report.ts'
import { scanEntry, SLOW } from './scan-entry.ts'

// Fixed layout of a segment line: {"prevHash":"<64 hex>","entryHash":"<64 hex>","entry":<canonical entry>}
const P_PREV = Buffer.from('{"prevHash":"')
const P_ENTRY_HASH = Buffer.from('","entryHash":"')
const P_ENTRY = Buffer.from('","entry":')
const PREV_AT = P_PREV.length
const ENTRY_HASH_AT = PREV_AT + 64 + P_ENTRY_HASH.length
const ENTRY_AT = ENTRY_HASH_AT + 64 + P_ENTRY.length
const ENTRY_KEYS = 10
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/
const DECIMAL = /^(0|[1-9][0-9]{0,14})$/

/** A problem found inside one segment; `at` counts the leaves hashed before it in the segment. */
export interface SegmentProblem {
  at: number
  code: ProblemCode
  message: string
}

/**
 * What one segment holds, from checks that need nothing outside it. The
 * caller joins segments: the first line's prevHash and seq against the
 * previous segment's last, and the leaves into the Merkle tree.
 */
export interface SegmentScan {
  /** SHA-256 (hex) of the file. */
  digest: string
  lines: number
  /** Leaf hashes of the well-formed lines, 32 bytes each, in order. */
  leaves: Uint8Array
  problems: SegmentProblem[]
  /** prevHash (hex) of the first well-formed line, or null. */
  firstPrevHex: string | null
  /** entryHash (hex) of the last well-formed line, or null. */
  lastEntryHex: string | null
  /** seq of the first line whose seq could be read, and how many leaves precede it. */
  firstSeq: { seq: number; at: number } | null
  /** The seq the next segment's first entry should have, if any seq could be read here. */
  nextSeq: number | null
}

const HEX_DIGITS = Buffer.from('0123456789abcdef')

function hexValue(b: number): number {
  return b >= 0x30 && b <= 0x39 ? b - 0x30 : b >= 0x61 && b <= 0x66 ? b - 0x57 : -1
}

// Decodes 64 lowercase hex digits at buf[pos] into out[0, 32); false if any digit is not one.
function decodeHash(buf: Buffer, pos: number, out: Buffer): boolean {
  for (let i = 0; i < HASH_SIZE; i++) {
    const hi = hexValue(buf[pos + 2 * i]!)
    const lo = hexValue(buf[pos + 2 * i + 1]!)
    if (hi < 0 || lo < 0) return false
    out[i] = (hi << 4) | lo
  }
  return true
}

// Does the digest equal the 64 lowercase hex digits at buf[pos]?
function equalsHex(digest: Uint8Array, buf: Buffer, pos: number): boolean {
  for (let i = 0; i < HASH_SIZE; i++) {
    const d = digest[i]!
    if (buf[pos + 2 * i] !== HEX_DIGITS[d >> 4] || buf[pos + 2 * i + 1] !== HEX_DIGITS[d & 15]) return false
  }
  return true
}

function sameBytes(buf: Buffer, a: number, b: number, length: number): boolean {
  for (let i = 0; i < length; i++) if (buf[a + i] !== buf[b + i]) return false
  return true
}

function matches(buf: Buffer, pos: number, word: Buffer): boolean {
  for (let i = 0; i < word.length; i++) if (buf[pos + i] !== word[i]) return false
  return true
}

function shapeProblem(e: unknown): string | null {
  if (e === null || typeof e !== 'object' || Array.isArray(e)) return 'the entry is not an object'
  const r = e as Record<string, unknown>
  if (Object.keys(r).length !== ENTRY_KEYS) return 'the entry does not have exactly the ten fields'
  if (typeof r.seq !== 'string' || !DECIMAL.test(r.seq)) return 'seq is not a decimal string'
  if (typeof r.at !== 'string' || !ISO_INSTANT.test(r.at)) return 'at is not an ISO-8601 UTC instant with milliseconds'
  if (typeof r.actor !== 'string' || typeof r.action !== 'string') return 'actor or action is not a string'
  for (const k of ['targetType', 'targetId', 'correlationId']) if (r[k] !== null && typeof r[k] !== 'string') return `${k} is neither a string nor null`
  for (const k of ['before', 'after', 'details']) if (!(k in r)) return `${k} is missing`
  return null
}

function keysSorted(v: unknown): boolean {
  if (v === null || typeof v !== 'object') return true
  if (Array.isArray(v)) return v.every(keysSorted)
  const keys = Object.keys(v)
  for (let i = 0; i < keys.length; i++) {
    if (i > 0 && !(keys[i - 1]! < keys[i]!)) return false
    if (!keysSorted((v as Record<string, unknown>)[keys[i]!])) return false
  }
  return true
}

/** The full check, for entries the fast scanner declines: parse, shape, re-encode, compare. */
function slowCheck(text: string): { seq: number } | { code: ProblemCode; message: string } {
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    return { code: 'ENTRY_MALFORMED', message: 'the entry is not valid JSON' }
  }
  const shape = shapeProblem(parsed)
  if (shape) return { code: 'ENTRY_MALFORMED', message: shape }
  // JSON.stringify re-emits a parsed value in parse order with canonical
  // numbers and escapes; integer-like keys (which V8 enumerates
  // numerically) need the full re-encoding.
  let canonical = JSON.stringify(parsed) === text && keysSorted(parsed)
  if (!canonical) {
    try {
      canonical = canonicalJson(parsed) === text
    } catch {
      canonical = false
    }
  }
  if (!canonical) return { code: 'ENTRY_NOT_CANONICAL', message: 'the entry is not in canonical JSON form' }
  return { seq: Number((parsed as { seq: string }).seq) }
}

/**
 * Checks every line of one segment file: layout, UTF-8, canonical form and
 * shape of the entry, seq continuity and chain links between its lines, and
 * each line's entryHash = SHA-256(prevHash ‖ leaf hash). The buffer is
 * modified while hashing (restored after each line).
 */
export function scanSegment(buf: Buffer): SegmentScan {
  const digest = hash('sha256', buf, 'hex')
  const problems: SegmentProblem[] = []
  // Its own ArrayBuffer (never the Buffer pool), so a worker can transfer it.
  const leaves = new Uint8Array(countLines(buf) * HASH_SIZE)
  const scratch = Buffer.allocUnsafe(2 * HASH_SIZE)
  let hashed = 0
  let lines = 0
  let firstPrevHex: string | null = null
  // Where the previous well-formed line's entryHash digits start, or -1.
  let lastEntryAt = -1
  // One native call for the whole file; entries are checked one by one only if it fails.
  const allUtf8 = isUtf8(buf)
  let firstSeq: SegmentScan['firstSeq'] = null
  let lastSeq: number | null = null
  // Entries since the last readable seq: each still takes a seq.
  let sinceSeq = 0

  let start = 0
  while (start < buf.length) {
    let end = buf.indexOf(0x0a, start)
    if (end < 0) end = buf.length
    lines++
    const lineStart = start
    start = end + 1
    if (
      end - lineStart < ENTRY_AT + 2 ||
      !matches(buf, lineStart, P_PREV) ||
      !matches(buf, lineStart + PREV_AT + 64, P_ENTRY_HASH) ||
      !matches(buf, lineStart + ENTRY_HASH_AT + 64, P_ENTRY) ||
      buf[end - 1] !== 0x7d
    ) {
      // Not hashed into the tree: later positions shift, which the seq and root checks then report.
      problems.push({ at: hashed, code: 'ENTRY_MALFORMED', message: 'the line is not {"prevHash":…,"entryHash":…,"entry":…}' })
      continue
    }
    const prevAt = lineStart + PREV_AT
    const entryHashAt = lineStart + ENTRY_HASH_AT
    const entryStart = lineStart + ENTRY_AT
    const entryEnd = end - 1

    let seq: number | null = null
    if (!allUtf8 && !isUtf8(buf.subarray(entryStart, entryEnd))) {
      problems.push({ at: hashed, code: 'ENTRY_MALFORMED', message: 'the entry is not valid UTF-8' })
    } else {
      const fast = scanEntry(buf, entryStart, entryEnd)
      if (fast !== SLOW) seq = fast
      else {
        const slow = slowCheck(buf.toString('utf8', entryStart, entryEnd))
        if ('seq' in slow) seq = slow.seq
        else problems.push({ at: hashed, code: slow.code, message: slow.message })
      }
    }
    if (seq !== null) {
      if (lastSeq === null) firstSeq = { seq, at: hashed }
      else if (seq !== lastSeq + 1 + sinceSeq) {
        problems.push({ at: hashed, code: 'ENTRY_SEQ_MISMATCH', message: `expected seq ${lastSeq + 1 + sinceSeq}, found ${seq}: an entry was removed, inserted or moved here` })
      }
      lastSeq = seq
      sinceSeq = 0
    } else sinceSeq++

    // The leaf hash covers the raw bytes; the byte before them (':') is
    // briefly the 0x00 prefix so nothing is copied.
    buf[entryStart - 1] = 0x00
    const leaf = hash('sha256', buf.subarray(entryStart - 1, entryEnd), 'buffer') as unknown as Buffer
    buf[entryStart - 1] = 0x3a

    if (lastEntryAt < 0) firstPrevHex = buf.toString('latin1', prevAt, prevAt + 64)
    else if (!sameBytes(buf, prevAt, lastEntryAt, 64)) {
      problems.push({ at: hashed, code: 'ENTRY_PREV_HASH_MISMATCH', message: "prevHash is not the previous entry's entryHash" })
    }
    const hexOk = decodeHash(buf, prevAt, scratch)
    leaf.copy(scratch, HASH_SIZE)
    if (!hexOk || !equalsHex(hash('sha256', scratch, 'buffer') as unknown as Buffer, buf, entryHashAt)) {
      problems.push({ at: hashed, code: 'ENTRY_HASH_MISMATCH', message: 'entryHash is not SHA-256(prevHash ‖ leaf hash): the entry or its hashes were altered' })
    }
    lastEntryAt = entryHashAt
    leaf.copy(leaves, hashed * HASH_SIZE)
    hashed++
  }
  return {
    digest,
    lines,
    leaves: leaves.subarray(0, hashed * HASH_SIZE),
    problems,
    firstPrevHex,
    lastEntryHex: lastEntryAt < 0 ? null : buf.toString('latin1', lastEntryAt, lastEntryAt + 64),
    firstSeq,
    nextSeq: lastSeq === null ? null : lastSeq + 1 + sinceSeq }
}

function countLines(buf: Buffer): number {
  let n = 0
  for (let p = buf.indexOf(0x0a); p >= 0; p = buf.indexOf(0x0a, p + 1)) n++
  return buf.length > 0 && buf[buf.length - 1] !== 0x0a ? n + 1 : n
}
