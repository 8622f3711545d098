import { describe, expect, it } from 'vitest'
import { canonicalEntry, canonicalJson, type AuditJson } from '../hashing.ts'
import { scanEntry, SLOW } from './scan-entry.ts'

// A small deterministic generator of JSON values, so failures reproduce.
function rng(seed: number) {
  let s = seed >>> 0
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0
    return s / 2 ** 32
  }
}
const ALPHABET = ['a', 'Z', '0', ' ', '"', '\\', '/', '\n', '\t', '\u0001', '\u007f', 'é', '€', '😀', '{', ':', ',']
function randomValue(r: () => number, depth: number): AuditJson {
  const pick = Math.floor(r() * (depth > 3 ? 5 : 7))
  const str = () => Array.from({ length: Math.floor(r() * 6) }, () => ALPHABET[Math.floor(r() * ALPHABET.length)]).join('')
  switch (pick) {
    case 0:
      return null
    case 1:
      return r() < 0.5
    case 2:
      return [0, -1, 1.5, 1e21, 1e-7, 123456789012, -0.25][Math.floor(r() * 7)]!
    case 3:
    case 4:
      return str()
    case 5:
      return Array.from({ length: Math.floor(r() * 4) }, () => randomValue(r, depth + 1))
    default:
      return Object.fromEntries(Array.from({ length: Math.floor(r() * 4) }, () => [str() + 'k', randomValue(r, depth + 1)]))
  }
}
function randomEntry(r: () => number, seq: number): string {
  return canonicalEntry({
    seq: BigInt(seq),
    at: new Date(Date.UTC(2026, 0, 1) + Math.floor(r() * 1e10)),
    actor: `user:${Math.floor(r() * 100)}`,
    action: 'thing.happen',
    targetType: r() < 0.3 ? null : 'thing',
    targetId: r() < 0.3 ? null : String(Math.floor(r() * 1000)),
    before: randomValue(r, 0),
    after: randomValue(r, 0),
    correlationId: null,
    details: randomValue(r, 0),
  })
}
const scan = (text: string) => {
  const buf = Buffer.from(`xx${text}yy`)
  return scanEntry(buf, 2, buf.length - 2)
}

describe('the verifier fast path over entries', () => {
  it('reads the seq of plain canonical entries without parsing them', () => {
    const r = rng(1)
    const plain = canonicalEntry({ seq: 4242n, at: new Date(0), actor: 'a', action: 'b', targetType: null, targetId: 'x', before: null, after: { n: 1.5, s: 'Zürich "q"\n' }, correlationId: 'c', details: [1, true] })
    expect(scan(plain)).toBe(4242)
    let fast = 0
    for (let i = 0; i < 500; i++) {
      const got = scan(randomEntry(r, i))
      expect([i, SLOW]).toContain(got)
      if (got === i) fast++
    }
    expect(fast).toBeGreaterThan(100)
  })

  it('never vouches for a text that is not the canonical encoding of its content', () => {
    const r = rng(7)
    const mutations: Array<(t: string) => string> = [
      (t) => t.replace(':', ': '),
      (t) => t.replace(',"actor"', ' ,"actor"'),
      (t) => t.replace(/^\{"action":("[^"]*"),"actor":("[^"]*")/, '{"actor":$2,"action":$1'),
      (t) => t.replace('"seq":"', '"seq":"0'),
      (t) => t.replace(/"seq":"(\d+)"/, '"seq":$1'),
      (t) => t.replace('"at":"2026', '"at":"+02026'),
      (t) => t.replace('}', ',"actor":"dup"}'),
      (t) => t.replace('"thing.happen"', '"thing\\u002ehappen"'),
      (t) => t.replace('"thing.happen"', '"thing\\/happen"'),
      (t) => t.replace('"before":null', '"before":1.0'),
      (t) => t.replace('"before":null', '"before":1E2'),
      (t) => t.replace('"before":null', '"before":-0'),
      (t) => t.replace('"before":null', '"before":{"b":1,"a":2}'),
      (t) => t.replace('"before":null', '"before":{"a":1,"a":2}'),
      (t) => t.replace('"before":null', '"before":[1,]'),
      (t) => t + ' ',
    ]
    let checked = 0
    for (let i = 0; i < 300; i++) {
      const text = randomEntry(r, i).replace(/"before":[^]*?,"correlationId"/, '"before":null,"correlationId"')
      for (const mutate of mutations) {
        const bad = mutate(text)
        if (bad === text) continue
        let valid = false
        try {
          const parsed = JSON.parse(bad) as { seq: unknown; at: unknown }
          valid = canonicalJson(parsed) === bad && typeof parsed.seq === 'string' && /^(0|[1-9]\d*)$/.test(parsed.seq) && /^\d{4}-/.test(String(parsed.at))
        } catch {}
        // A mutation can land somewhere it changes nothing that matters; only invalid texts count.
        if (valid) continue
        checked++
        expect(scan(bad), bad).toBe(SLOW)
      }
    }
    expect(checked).toBeGreaterThan(2500)
  })
})
