import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { AuditEncodingError, canonicalEntry, canonicalJson, chainHash, EMPTY_TREE_ROOT, entryHash, GENESIS_HASH, leafHash, nodeHash } from './hashing.ts'

const sha = (...parts: Uint8Array[]) => createHash('sha256').update(Buffer.concat(parts)).digest()

describe('canonical JSON', () => {
  it('sorts keys at every depth and writes no whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: null, y: true }], c: 'x' } })).toBe('{"a":{"c":"x","d":[3,{"y":true,"z":null}]},"b":1}')
  })

  it('sorts keys by UTF-16 code units, as RFC 8785 does', () => {
    expect(canonicalJson({ '\u20ac': 1, '\r': 2, '1': 3, '\ud83d\ude00': 4, '10': 5, a: 6 })).toBe('{"\\r":2,"1":3,"10":5,"a":6,"€":1,"😀":4}')
  })

  it('writes bigint as a decimal string, Dates as ISO strings, and leaves undefined members out', () => {
    expect(canonicalJson({ amount: 2n ** 70n, at: new Date(Date.UTC(2026, 0, 2)), gone: undefined })).toBe('{"amount":"1180591620717411303424","at":"2026-01-02T00:00:00.000Z"}')
  })

  it('writes numbers and escapes exactly as JSON.stringify does', () => {
    expect(canonicalJson([1e21, 1.5e-7, -0, 0.1, 'a"b\\c\n\u0001/é'])).toBe('[1e+21,1.5e-7,0,0.1,"a\\"b\\\\c\\n\\u0001/é"]')
  })

  it('refuses what PostgreSQL jsonb would not store unchanged, naming where', () => {
    expect(() => canonicalJson({ a: 'nul\u0000' })).toThrow(AuditEncodingError)
    expect(() => canonicalJson({ a: ['ok', '\ud800'] })).toThrow(/\$\.a\[1\]/)
    expect(() => canonicalJson({ n: Number.NaN })).toThrow(/not a finite number/)
    expect(() => canonicalJson({ m: new Map() })).toThrow(/plain object/)
    expect(() => canonicalJson([undefined])).toThrow(/undefined/)
    expect(canonicalJson({ pair: '\ud83d\ude00' })).toBe('{"pair":"😀"}')
  })
})

describe('entry hashes', () => {
  const record = {
    seq: 7n,
    at: new Date(Date.UTC(2026, 0, 1, 12)),
    actor: 'user:alice',
    action: 'vault.freeze',
    targetType: 'vault',
    targetId: 'v_1',
    before: { frozen: false },
    after: { frozen: true },
    correlationId: null,
    details: null,
  }

  it('encodes an entry as the ten fields in canonical order', () => {
    expect(canonicalEntry(record)).toBe(
      '{"action":"vault.freeze","actor":"user:alice","after":{"frozen":true},"at":"2026-01-01T12:00:00.000Z","before":{"frozen":false},"correlationId":null,"details":null,"seq":"7","targetId":"v_1","targetType":"vault"}',
    )
  })

  it('uses the RFC 6962 leaf and node prefixes and chains SHA-256(prev ‖ leaf)', () => {
    const bytes = Buffer.from(canonicalEntry(record))
    const leaf = leafHash(bytes)
    expect(leaf).toEqual(sha(Buffer.from([0]), bytes))
    expect(nodeHash(leaf, GENESIS_HASH)).toEqual(sha(Buffer.from([1]), leaf, GENESIS_HASH))
    expect(chainHash(GENESIS_HASH, leaf)).toEqual(sha(Buffer.alloc(32), leaf))
    expect(entryHash(GENESIS_HASH, bytes)).toEqual(chainHash(GENESIS_HASH, leaf))
    expect(EMPTY_TREE_ROOT.toString('hex')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855')
    expect(leafHash(new Uint8Array()).toString('hex')).toBe('6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d')
  })
})
