import { createHash, hash as oneShotHash } from 'node:crypto'
import { CustosError } from '../shared/errors.ts'

/*
 * The only code the audit writer and the offline verifier share. Everything
 * here is specified byte for byte in src/audit/README.md so that an auditor
 * can reimplement it without reading TypeScript.
 */

/** Length in bytes of every hash in the audit log (SHA-256). */
export const HASH_SIZE = 32

/** The chain link before the first entry: 32 zero bytes. */
export const GENESIS_HASH: Buffer = Buffer.alloc(HASH_SIZE)

/** RFC 6962 root of the empty tree: SHA-256 of the empty string. */
export const EMPTY_TREE_ROOT: Buffer = createHash('sha256').digest()

/** A JSON value as the audit log stores it (bigint becomes a decimal string). */
export type AuditJson = null | boolean | number | string | bigint | Date | AuditJson[] | { [key: string]: AuditJson | undefined }

/**
 * One audit record as it is hashed. `seq` is the record's position (from 0,
 * contiguous); `at` is an ISO-8601 UTC instant with milliseconds.
 */
export interface AuditRecord {
  seq: bigint
  at: Date
  actor: string
  action: string
  targetType: string | null
  targetId: string | null
  before: AuditJson | null
  after: AuditJson | null
  correlationId: string | null
  details: AuditJson | null
}

export class AuditEncodingError extends CustosError {
  override readonly name = 'AuditEncodingError'
  constructor(message: string, path: string) {
    super('AUDIT_ENCODING_INVALID', message, { status: 400, details: { path } })
  }
}

// NUL cannot be stored in PostgreSQL text or jsonb, and a lone surrogate has no
// UTF-8 encoding: both would make the stored record differ from the hashed one.
const SUSPECT = /[\u0000\ud800-\udfff]/
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/

// Hot path (the verifier encodes a million entries): no path strings are
// built while encoding; a failure carries its path out through the frames.
class Unencodable {
  constructor(
    readonly message: string,
    readonly path: string[],
  ) {}
}

function encodeString(s: string): string {
  // The cheap test first: almost no string holds NUL or a surrogate at all.
  if (SUSPECT.test(s) && UNSTORABLE.test(s)) throw new Unencodable('holds NUL or a lone surrogate', [])
  return JSON.stringify(s)
}

function encodeValue(v: unknown): string {
  if (v === null) return 'null'
  switch (typeof v) {
    case 'string':
      return encodeString(v)
    case 'number':
      if (!Number.isFinite(v)) throw new Unencodable('is not a finite number', [])
      return JSON.stringify(v)
    case 'boolean':
      return v ? 'true' : 'false'
    case 'bigint':
      return '"' + v.toString() + '"'
    case 'object':
      return Array.isArray(v) ? encodeArray(v) : encodeObject(v)
    default:
      throw new Unencodable(`has type ${typeof v}, which JSON cannot hold`, [])
  }
}

function encodeArray(v: unknown[]): string {
  let out = '['
  for (let i = 0; i < v.length; i++) {
    try {
      if (v[i] === undefined) throw new Unencodable('is undefined', [])
      out += (i === 0 ? '' : ',') + encodeValue(v[i])
    } catch (err) {
      if (err instanceof Unencodable) err.path.unshift(`[${i}]`)
      throw err
    }
  }
  return out + ']'
}

function encodeObject(v: object): string {
  if (v instanceof Date) {
    if (Number.isNaN(v.getTime())) throw new Unencodable('is an invalid Date', [])
    return '"' + v.toISOString() + '"'
  }
  const proto = Object.getPrototypeOf(v)
  if (proto !== Object.prototype && proto !== null) throw new Unencodable(`is a ${proto?.constructor?.name ?? 'non-plain object'}, not a plain object`, [])
  const obj = v as Record<string, unknown>
  // Default sort compares UTF-16 code units, as RFC 8785 (JCS) requires.
  const keys = Object.keys(obj).sort()
  let out = '{'
  let first = true
  for (const k of keys) {
    const value = obj[k]
    if (value === undefined) continue
    try {
      out += (first ? '' : ',') + encodeString(k) + ':' + encodeValue(value)
    } catch (err) {
      if (err instanceof Unencodable) err.path.unshift(`.${k}`)
      throw err
    }
    first = false
  }
  return out + '}'
}

/**
 * Canonical JSON: object keys sorted by UTF-16 code units, no whitespace,
 * numbers and strings exactly as ECMAScript JSON.stringify writes them,
 * bigint as a decimal string, Date as its ISO-8601 string, object members
 * whose value is undefined left out. Throws AuditEncodingError for values
 * that could not round-trip through PostgreSQL jsonb unchanged.
 *
 * @example canonicalJson({ b: 1n, a: [true, null] }) // '{"a":[true,null],"b":"1"}'
 */
export function canonicalJson(value: unknown): string {
  try {
    return encodeValue(value)
  } catch (err) {
    if (!(err instanceof Unencodable)) throw err
    const path = '$' + err.path.join('')
    throw new AuditEncodingError(`value at ${path} ${err.message}`, path)
  }
}

/**
 * The canonical text of one audit record: canonical JSON of the object with
 * exactly the ten keys of AuditRecord (absent ones as null). Its UTF-8 bytes
 * are what every hash covers.
 */
export function canonicalEntry(record: AuditRecord): string {
  if (typeof record.seq !== 'bigint' || record.seq < 0n) throw new AuditEncodingError('seq must be a non-negative bigint', '$.seq')
  if (!(record.at instanceof Date) || Number.isNaN(record.at.getTime())) throw new AuditEncodingError('at must be a valid Date', '$.at')
  // Four-digit years keep `at` in the fixed 24-character form verifiers expect.
  const year = record.at.getUTCFullYear()
  if (year < 0 || year > 9999) throw new AuditEncodingError('at must fall in the years 0000 to 9999', '$.at')
  if (typeof record.actor !== 'string' || typeof record.action !== 'string') throw new AuditEncodingError('actor and action must be strings', '$.actor')
  return canonicalJson({
    action: record.action,
    actor: record.actor,
    after: record.after ?? null,
    at: record.at,
    before: record.before ?? null,
    correlationId: record.correlationId ?? null,
    details: record.details ?? null,
    seq: record.seq,
    targetId: record.targetId ?? null,
    targetType: record.targetType ?? null,
  })
}

/** The UTF-8 bytes of canonicalEntry(record). */
export function encodeEntry(record: AuditRecord): Buffer {
  return Buffer.from(canonicalEntry(record), 'utf8')
}

/** SHA-256 of one buffer. */
export function sha256(data: Uint8Array): Buffer {
  return oneShotHash('sha256', data, 'buffer') as unknown as Buffer
}

/** RFC 6962 leaf hash: SHA-256(0x00 ‖ entry bytes). */
export function leafHash(entryBytes: Uint8Array): Buffer {
  const buf = Buffer.allocUnsafe(entryBytes.length + 1)
  buf[0] = 0x00
  buf.set(entryBytes, 1)
  return sha256(buf)
}

/** RFC 6962 interior node hash: SHA-256(0x01 ‖ left ‖ right). */
export function nodeHash(left: Uint8Array, right: Uint8Array): Buffer {
  const buf = Buffer.allocUnsafe(1 + 2 * HASH_SIZE)
  buf[0] = 0x01
  buf.set(left, 1)
  buf.set(right, 1 + HASH_SIZE)
  return sha256(buf)
}

/**
 * The hash-chain link: SHA-256(previous chain hash ‖ leaf hash). The entry
 * at seq 0 links to GENESIS_HASH. The result is the entry's `entryHash`.
 */
export function chainHash(prevChainHash: Uint8Array, leaf: Uint8Array): Buffer {
  const buf = Buffer.allocUnsafe(2 * HASH_SIZE)
  buf.set(prevChainHash, 0)
  buf.set(leaf, HASH_SIZE)
  return sha256(buf)
}

/** An entry's chain hash from its predecessor's and its own bytes. */
export function entryHash(prevChainHash: Uint8Array, entryBytes: Uint8Array): Buffer {
  return chainHash(prevChainHash, leafHash(entryBytes))
}
