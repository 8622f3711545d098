import { describe, expect, it } from 'vitest'
import { ManualClock } from '../../shared/clock.ts'
import { USDC } from './policy-test-fixtures.ts'
import { VelocityLedger, type VelocityKey, type VelocityTransaction } from './velocity.ts'

const T0 = Date.UTC(2026, 0, 1)
const MIN = 60_000
const source = (key = 'vault-a', asset = USDC): VelocityKey => ({ scope: 'SOURCE', key, asset })
const initiator = (key = 'key-1', asset = USDC): VelocityKey => ({ scope: 'INITIATOR', key, asset })

function ledger(retentionSeconds = 24 * 3600) {
  const clock = new ManualClock(T0)
  return { clock, ledger: new VelocityLedger({ clock, retentionSeconds }) }
}

function tx(atMs: number, amount: bigint, extra: Partial<VelocityTransaction> = {}): VelocityTransaction {
  return { at: new Date(atMs), sourceVaultId: 'vault-a', initiator: 'key-1', asset: USDC, amount, ...extra }
}

describe('VelocityLedger: the sliding window', () => {
  // Records at T0 (100), T0+1min (20) and T0+2min (3); a 5-minute window measured from
  // successive instants. The window is (now - 5 min, now]: a record exactly 5 minutes old is out.
  it.each<[string, number, bigint]>([
    ['at the instant of the last record (inclusive)', 2 * MIN, 123n],
    ['1 ms before the first falls out', 5 * MIN - 1, 123n],
    ['exactly 5 min after the first: it is out', 5 * MIN, 23n],
    ['exactly 5 min after the second', 6 * MIN, 3n],
    ['exactly 5 min after the last', 7 * MIN, 0n],
  ])('%s', (_name, offsetMs, expected) => {
    const { clock, ledger: l } = ledger()
    l.record(tx(T0, 100n))
    l.record(tx(T0 + MIN, 20n))
    l.record(tx(T0 + 2 * MIN, 3n))
    clock.set(T0 + offsetMs)
    expect(l.sum(source(), 300)).toBe(expected)
  })

  it('counts a record stamped after now (another node running ahead)', () => {
    const { ledger: l } = ledger()
    l.record(tx(T0 + 10_000, 7n))
    expect(l.sum(source(), 60, new Date(T0))).toBe(7n)
  })

  it('keeps each transaction under its source and its initiator, per asset', () => {
    const { ledger: l } = ledger()
    l.record(tx(T0, 100n))
    l.record(tx(T0, 10n, { sourceVaultId: 'vault-b' }))
    l.record(tx(T0, 1n, { initiator: 'key-2' }))
    l.record(tx(T0, 5_000n, { asset: 'NATIVE' }))
    expect(l.sum(source('vault-a'), 60)).toBe(101n)
    expect(l.sum(source('vault-b'), 60)).toBe(10n)
    expect(l.sum(initiator('key-1'), 60)).toBe(110n)
    expect(l.sum(initiator('key-2'), 60)).toBe(1n)
    expect(l.sum(source('vault-a', 'NATIVE'), 60)).toBe(5_000n)
    expect(l.sum(source('vault-a', USDC.toUpperCase().replace('0X', '0x')), 60)).toBe(101n)
  })

  it('sums huge amounts exactly', () => {
    const { ledger: l } = ledger()
    const big = 2n ** 255n
    l.record(tx(T0, big))
    l.record(tx(T0, big))
    expect(l.sum(source(), 60)).toBe(2n ** 256n)
  })

  it('matches a brute-force sum with out-of-order inserts, removals and a moving clock', () => {
    const { clock, ledger: l } = ledger(3600)
    const kept: { at: number; amount: bigint; id: string }[] = []
    let seed = 7
    const rand = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32)
    for (let i = 0; i < 2000; i++) {
      clock.advance(Math.floor(rand() * 5000))
      const now = clock.now().getTime()
      const at = now - Math.floor(rand() * 600_000)
      const amount = BigInt(Math.floor(rand() * 1e6))
      const id = `tx-${i}`
      if (l.record(tx(at, amount, { txId: id }))) kept.push({ at, amount, id })
      if (rand() < 0.05 && kept.length > 0) {
        const victim = kept.splice(Math.floor(rand() * kept.length), 1)[0]!
        expect(l.remove(victim.id)).toBe(true)
      }
      const window = 1 + Math.floor(rand() * 3600)
      const cutoff = now - window * 1000
      const expected = kept.filter((r) => r.at > cutoff).reduce((s, r) => s + r.amount, 0n)
      expect(l.sum(source(), window)).toBe(expected)
    }
  })
})

describe('VelocityLedger: lifecycle', () => {
  it('prunes records once they are older than the retention', () => {
    const { clock, ledger: l } = ledger(600)
    for (let i = 0; i < 10; i++) l.record(tx(T0 + i * MIN, 1n))
    expect(l.size).toBe(20)
    clock.set(T0 + 15 * MIN)
    l.prune()
    // Records at T0+5min..T0+9min are within the last 10 minutes; T0+5min is exactly 10 min old, so out.
    expect(l.size).toBe(2 * 4)
    expect(l.sum(source(), 600)).toBe(4n)
  })

  it('refuses a record already older than the retention', () => {
    const { clock, ledger: l } = ledger(600)
    clock.set(T0 + 600_000)
    expect(l.record(tx(T0, 5n))).toBe(false)
    expect(l.record(tx(T0 + 1, 5n))).toBe(true)
  })

  it('records a transaction id once, and can take it back out', () => {
    const { ledger: l } = ledger()
    expect(l.record(tx(T0, 100n, { txId: 'a' }))).toBe(true)
    expect(l.record(tx(T0, 100n, { txId: 'a' }))).toBe(false)
    expect(l.sum(source(), 60)).toBe(100n)
    expect(l.remove('a')).toBe(true)
    expect(l.remove('a')).toBe(false)
    expect(l.sum(source(), 60)).toBe(0n)
    expect(l.sum(initiator(), 60)).toBe(0n)
  })

  it('rebuilds from a list of transactions in any order, replacing what it held', () => {
    const { clock, ledger: l } = ledger(3600)
    l.record(tx(T0, 999n))
    clock.set(T0 + 2 * 3600_000)
    const now = clock.now().getTime()
    l.load([tx(now - 10 * MIN, 5n, { txId: 'b' }), tx(now - 50 * MIN, 7n, { txId: 'a' }), tx(now - 2 * 3600_000, 1_000n, { txId: 'old' }), tx(now - 10 * MIN, 5n, { txId: 'b' })])
    expect(l.size).toBe(4)
    expect(l.sum(source(), 3600)).toBe(12n)
    expect(l.sum(source(), 1800)).toBe(5n)
  })

  it('refuses a window longer than its retention until the retention grows', () => {
    const { ledger: l } = ledger(3600)
    expect(() => l.sum(source(), 3601)).toThrow(expect.objectContaining({ code: 'VELOCITY_RETENTION_TOO_SHORT' }))
    expect(l.ensureRetention(1800)).toBe(false)
    expect(l.ensureRetention(86400)).toBe(true)
    expect(l.sum(source(), 86400)).toBe(0n)
  })

  it('refuses a negative amount, which would open room under a limit', () => {
    const { ledger: l } = ledger()
    expect(() => l.record(tx(T0, -1n))).toThrow(expect.objectContaining({ code: 'VELOCITY_AMOUNT_INVALID' }))
    expect(() => l.add(source(), new Date(T0), -1n)).toThrow(expect.objectContaining({ code: 'VELOCITY_AMOUNT_INVALID' }))
    expect(l.size).toBe(0)
  })

  it.each([0, -1, Number.NaN])('refuses a retention of %s seconds', (retentionSeconds) => {
    expect(() => new VelocityLedger({ clock: new ManualClock(T0), retentionSeconds })).toThrow(expect.objectContaining({ code: 'VELOCITY_RETENTION_INVALID' }))
  })
})
