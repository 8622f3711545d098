import type { Clock } from '../../shared/clock.ts'
import { CustosError } from '../../shared/errors.ts'
import type { VelocityScope } from './policy-document.ts'
import { normalizeAsset } from './policy-request.ts'

/** One running total: what a source vault (or an initiating person or service) spent of one asset. */
export interface VelocityKey {
  scope: VelocityScope
  /** The source vault id for `SOURCE`; for `INITIATOR`, the acting principal (all its keys share one budget). */
  key: string
  /** `'NATIVE'` or a token address (any case). */
  asset: string
}

/** What the evaluator needs from the ledger; a database-backed source could stand in. */
export interface VelocitySource {
  /**
   * The amount recorded for `key` at instants `at` with `now - windowSeconds < at`: the
   * window is open at its old end and records exactly `windowSeconds` old no longer count.
   * Records stamped after `now` (another node's clock running ahead) still count.
   */
  sum(key: VelocityKey, windowSeconds: number, now: Date): bigint
}

/** A transaction that counts toward velocity, under both its source and its initiator. */
export interface VelocityTransaction {
  /** Makes recording idempotent and lets a transaction be taken back out. */
  txId?: string
  at: Date
  sourceVaultId: string
  /** The acting principal (`PolicyRequest.initiator.principal`), or the key id when none is known. */
  initiator: string
  asset: string
  amount: bigint
}

export interface VelocityLedgerOptions {
  clock: Clock
  /**
   * How much history to keep. Must cover the longest velocity window of the active policy
   * (`CompiledPolicy.maxVelocityWindowSeconds`); a longer query is refused, never under-counted.
   */
  retentionSeconds: number
}

// Records sorted by time with running totals, so a window sum is one binary search and a
// subtraction however many records the window holds.
class Bucket {
  at: number[] = []
  cum: bigint[] = []
  txIds: (string | undefined)[] = []
  /** Running total of everything already pruned from the front. */
  base = 0n

  /** Index of the first record strictly later than `ms`. */
  firstAfter(ms: number): number {
    let lo = 0
    let hi = this.at.length
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (this.at[mid]! <= ms) lo = mid + 1
      else hi = mid
    }
    return lo
  }

  sumAfter(cutoffMs: number): bigint {
    const n = this.at.length
    const i = this.firstAfter(cutoffMs)
    if (i >= n) return 0n
    return this.cum[n - 1]! - (i === 0 ? this.base : this.cum[i - 1]!)
  }

  add(ms: number, amount: bigint, txId: string | undefined): void {
    const n = this.at.length
    if (n === 0 || ms >= this.at[n - 1]!) {
      this.at.push(ms)
      this.cum.push((n === 0 ? this.base : this.cum[n - 1]!) + amount)
      this.txIds.push(txId)
      return
    }
    const i = this.firstAfter(ms)
    const before = i === 0 ? this.base : this.cum[i - 1]!
    this.at.splice(i, 0, ms)
    this.cum.splice(i, 0, before + amount)
    this.txIds.splice(i, 0, txId)
    for (let j = i + 1; j < this.cum.length; j++) this.cum[j]! += amount
  }

  remove(txId: string): boolean {
    const i = this.txIds.indexOf(txId)
    if (i < 0) return false
    const amount = this.cum[i]! - (i === 0 ? this.base : this.cum[i - 1]!)
    this.at.splice(i, 1)
    this.cum.splice(i, 1)
    this.txIds.splice(i, 1)
    for (let j = i; j < this.cum.length; j++) this.cum[j]! -= amount
    return true
  }

  /** Drops records at or before `cutoffMs`; lazily unless `force`, as the front splice is linear. */
  prune(cutoffMs: number, force: boolean): void {
    const i = this.firstAfter(cutoffMs)
    if (i === 0 || (!force && i < 64 && i * 2 < this.at.length)) return
    this.base = this.cum[i - 1]!
    this.at.splice(0, i)
    this.cum.splice(0, i)
    this.txIds.splice(0, i)
  }

  get size(): number {
    return this.at.length
  }
}

const PRUNE_EVERY_N_ADDS = 4096

/**
 * An in-memory sliding-window ledger of spent amounts per (scope, key, asset).
 *
 * The pipeline rebuilds it at boot with `load()` from the transactions the database says
 * were approved within the retention, then calls `record()` as each further transaction is
 * approved, all in one process. Time comes only from the injected clock.
 *
 * @example
 * const ledger = new VelocityLedger({ clock, retentionSeconds: Math.max(86_400, compiled.maxVelocityWindowSeconds) })
 * ledger.load(await approvedWithinRetention(db))
 * const decision = evaluate(compiled, request, { velocity: ledger, clock })
 * if (decision.action === 'ALLOW') ledger.record({ txId, at: clock.now(), ... }) // else once approved
 */
export class VelocityLedger implements VelocitySource {
  readonly #clock: Clock
  #retentionMs: number
  // scope → key → asset → bucket; nested rather than one concatenated key so that a lookup
  // hashes strings the request already carries instead of building a new one.
  readonly #buckets: Record<VelocityScope, Map<string, Map<string, Bucket>>> = { SOURCE: new Map(), INITIATOR: new Map() }
  readonly #txs = new Map<string, { atMs: number; buckets: Bucket[] }>()
  #addsSincePrune = 0

  constructor(opts: VelocityLedgerOptions) {
    if (!Number.isFinite(opts.retentionSeconds) || opts.retentionSeconds <= 0) {
      throw new CustosError('VELOCITY_RETENTION_INVALID', 'retentionSeconds must be a positive number', { status: 500 })
    }
    this.#clock = opts.clock
    this.#retentionMs = opts.retentionSeconds * 1000
  }

  get retentionSeconds(): number {
    return this.#retentionMs / 1000
  }

  /** Number of records held (a transaction counts once per scope). */
  get size(): number {
    let n = 0
    for (const byKey of Object.values(this.#buckets)) for (const byAsset of byKey.values()) for (const b of byAsset.values()) n += b.size
    return n
  }

  /**
   * Makes the ledger keep at least `seconds` of history (e.g. when a policy with a longer
   * window is activated). Returns true when the retention grew: older records may already be
   * gone, so the caller must `load()` again from the database before relying on the ledger.
   */
  ensureRetention(seconds: number): boolean {
    if (seconds * 1000 <= this.#retentionMs) return false
    this.#retentionMs = seconds * 1000
    return true
  }

  /** Adds one raw amount under one key. Prefer `record()` for a transaction. */
  add(key: VelocityKey, at: Date, amount: bigint): void {
    assertAmount(amount)
    const b = this.#bucket(key.scope, key.key, normalizeAsset(key.asset))
    b.add(at.getTime(), amount, undefined)
    b.prune(this.#cutoff(), false)
    this.#maybePrune()
  }

  /**
   * Records an approved transaction under its source vault and its initiator. Returns false
   * (and changes nothing) when its `txId` is already recorded or it is older than the retention.
   */
  record(tx: VelocityTransaction): boolean {
    const recorded = this.#record(tx, tx.at.getTime(), this.#cutoff())
    if (recorded) this.#maybePrune()
    return recorded
  }

  /** Replaces the whole content with these transactions (e.g. from the database at boot). */
  load(txs: Iterable<VelocityTransaction>): void {
    this.#buckets.SOURCE.clear()
    this.#buckets.INITIATOR.clear()
    this.#txs.clear()
    // Sorted first so that every insertion is an append.
    const sorted = Array.from(txs, (tx) => ({ tx, atMs: tx.at.getTime() })).sort((a, b) => a.atMs - b.atMs)
    const cutoff = this.#cutoff()
    for (const { tx, atMs } of sorted) this.#record(tx, atMs, cutoff)
    this.prune()
  }

  /** Takes a recorded transaction back out (e.g. it was rejected after all). */
  remove(txId: string): boolean {
    const tx = this.#txs.get(txId)
    if (!tx) return false
    for (const b of tx.buckets) b.remove(txId)
    this.#txs.delete(txId)
    return true
  }

  /**
   * @see VelocitySource.sum — `now` defaults to the ledger's clock.
   * @throws CustosError `VELOCITY_RETENTION_TOO_SHORT` when the window is longer than the history kept.
   */
  sum(key: VelocityKey, windowSeconds: number, now: Date = this.#clock.now()): bigint {
    const windowMs = windowSeconds * 1000
    if (windowMs > this.#retentionMs) {
      throw new CustosError(
        'VELOCITY_RETENTION_TOO_SHORT',
        `velocity window of ${windowSeconds} s exceeds the ledger's retention of ${this.retentionSeconds} s`,
        { status: 500 },
      )
    }
    const byAsset = this.#buckets[key.scope].get(key.key)
    if (!byAsset) return 0n
    // The evaluator passes assets already normalized; only other callers pay for lower-casing.
    const bucket = byAsset.get(key.asset) ?? byAsset.get(normalizeAsset(key.asset))
    return bucket ? bucket.sumAfter(now.getTime() - windowMs) : 0n
  }

  /** Drops every record older than the retention. Also runs by itself every few thousand records. */
  prune(): void {
    const cutoff = this.#cutoff()
    for (const byKey of Object.values(this.#buckets)) {
      for (const [key, byAsset] of byKey) {
        for (const [asset, b] of byAsset) {
          b.prune(cutoff, true)
          if (b.size === 0) byAsset.delete(asset)
        }
        if (byAsset.size === 0) byKey.delete(key)
      }
    }
    for (const [id, tx] of this.#txs) if (tx.atMs <= cutoff) this.#txs.delete(id)
    this.#addsSincePrune = 0
  }

  #bucket(scope: VelocityScope, key: string, asset: string): Bucket {
    const byKey = this.#buckets[scope]
    let byAsset = byKey.get(key)
    if (!byAsset) {
      byAsset = new Map()
      byKey.set(key, byAsset)
    }
    let b = byAsset.get(asset)
    if (!b) {
      b = new Bucket()
      byAsset.set(asset, b)
    }
    return b
  }

  #record(tx: VelocityTransaction, atMs: number, cutoff: number): boolean {
    assertAmount(tx.amount)
    if (atMs <= cutoff) return false
    if (tx.txId !== undefined && this.#txs.has(tx.txId)) return false
    const asset = normalizeAsset(tx.asset)
    const buckets = [this.#bucket('SOURCE', tx.sourceVaultId, asset), this.#bucket('INITIATOR', tx.initiator, asset)]
    for (const b of buckets) {
      b.add(atMs, tx.amount, tx.txId)
      b.prune(cutoff, false)
    }
    if (tx.txId !== undefined) this.#txs.set(tx.txId, { atMs, buckets })
    return true
  }

  #cutoff(): number {
    return this.#clock.now().getTime() - this.#retentionMs
  }

  #maybePrune(): void {
    if (++this.#addsSincePrune >= PRUNE_EVERY_N_ADDS) this.prune()
  }
}

// A negative amount would lower the total and open room under a limit.
function assertAmount(amount: bigint): void {
  if (typeof amount !== 'bigint' || amount < 0n) {
    throw new CustosError('VELOCITY_AMOUNT_INVALID', 'a velocity record needs a non-negative bigint amount', { status: 500 })
  }
}
