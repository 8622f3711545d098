import { sql, type Kysely, type Migration } from 'kysely'
import { CustosError } from '../errors.ts'
import { AUTH_ERROR_CODES } from './auth-errors.ts'

/**
 * Remembers request signatures until their timestamp leaves the acceptance
 * window, so a captured request cannot be sent again.
 */
export interface ReplayCache {
  /**
   * Records `signature` as used until `expiresAtMs`. Resolves true the first
   * time a signature is seen, false when it was already recorded (a replay).
   * Atomic: of two concurrent calls with one signature, exactly one gets true.
   */
  checkAndRemember(signature: string, expiresAtMs: number, nowMs: number): Promise<boolean>
}

export interface MemoryReplayCacheOptions {
  /**
   * Live signatures kept at most (default 200,000, roughly 30 MB). When every
   * slot holds an unexpired signature, new requests are refused with a
   * retryable 503 rather than forgetting one, which would reopen a replay.
   */
  maxEntries?: number
}

export interface MemoryReplayCache extends ReplayCache {
  readonly size: number
}

const BUCKET_MS = 1000

/**
 * A replay cache for one API process. With several API nodes behind a load
 * balancer use {@link createDbReplayCache}: a replay sent to another node
 * would not be seen here.
 *
 * @example
 * const replayCache = createMemoryReplayCache({ maxEntries: 100_000 })
 */
export function createMemoryReplayCache(opts: MemoryReplayCacheOptions = {}): MemoryReplayCache {
  const maxEntries = opts.maxEntries ?? 200_000
  const entries = new Map<string, number>()
  // Signatures grouped by the second by which they expire, so pruning touches only what expired.
  const buckets = new Map<number, string[]>()
  let nextPruneAt = 0

  function prune(nowMs: number): void {
    for (const [bucket, sigs] of buckets) {
      if (bucket * BUCKET_MS > nowMs) continue
      for (const sig of sigs) {
        const exp = entries.get(sig)
        if (exp !== undefined && exp <= nowMs) entries.delete(sig)
      }
      buckets.delete(bucket)
    }
  }

  return {
    get size() {
      return entries.size
    },
    async checkAndRemember(signature, expiresAtMs, nowMs) {
      const known = entries.get(signature)
      if (known !== undefined && known > nowMs) return false
      if (entries.size >= maxEntries) prune(nowMs)
      if (entries.size >= maxEntries) {
        throw new CustosError(AUTH_ERROR_CODES.replayCacheFull, 'too many requests in flight to check for replays; retry shortly', { status: 503, retryable: true })
      }
      entries.set(signature, expiresAtMs)
      const bucket = Math.ceil(expiresAtMs / BUCKET_MS)
      const list = buckets.get(bucket)
      if (list) list.push(signature)
      else buckets.set(bucket, [signature])
      // Pruning once a second keeps memory proportional to the live window at little cost.
      if (nowMs >= nextPruneAt) {
        nextPruneAt = nowMs + BUCKET_MS
        prune(nowMs)
      }
      return true
    },
  }
}

export interface ApiRequestNoncesTable {
  signature: string
  expires_at: Date
}

/** Creates `api_request_nonces`; include it in the migration list of a service that uses the DB replay cache. */
export const apiRequestNoncesMigration: Migration = {
  async up(db: Kysely<any>) {
    await sql`create table api_request_nonces (
      signature text primary key,
      expires_at timestamptz not null
    )`.execute(db)
    await sql`create index api_request_nonces_expires_at on api_request_nonces (expires_at)`.execute(db)
  },
  async down(db: Kysely<any>) {
    await sql`drop table api_request_nonces`.execute(db)
  },
}

export interface DbReplayCacheOptions {
  /** The service's database (its schema must hold `api_request_nonces`). */
  db: Kysely<any>
  /** Expired rows are deleted at most this often (default 10 s), by whichever request comes first. */
  pruneIntervalMs?: number
}

export interface DbReplayCache extends ReplayCache {
  /** Deletes rows whose window has closed; returns how many. */
  prune(nowMs: number): Promise<number>
}

/** Rows per INSERT: two parameters each, far below PostgreSQL's 65,535. */
const MAX_GROUP = 500

interface PendingCheck {
  signature: string
  expiresAtMs: number
  resolve(fresh: boolean): void
  reject(err: unknown): void
}

/**
 * A replay cache shared by every API node on one PostgreSQL: the primary key
 * makes "first to insert wins" atomic across processes.
 *
 * Checks that arrive in the same tick, or while the previous group's insert
 * is in flight, are written as one group: a single multi-row
 * `INSERT … ON CONFLICT DO NOTHING RETURNING signature`. A caller gets true
 * only if its signature came back from that insert, and only the first
 * caller of the group with a given signature; an error rejects every member
 * of the group, and the failed statement recorded none of them.
 *
 * @example
 * const replayCache = createDbReplayCache({ db })
 */
export function createDbReplayCache(opts: DbReplayCacheOptions): DbReplayCache {
  const db = opts.db as Kysely<{ api_request_nonces: ApiRequestNoncesTable }>
  const pruneIntervalMs = opts.pruneIntervalMs ?? 10_000
  let nextPruneAt = 0
  // The time to prune with before the next group's insert, when a request has found a prune due.
  let pruneDueAt: number | null = null
  const pending: PendingCheck[] = []
  let flushing = false

  async function prune(nowMs: number): Promise<number> {
    const res = await db.deleteFrom('api_request_nonces').where('expires_at', '<=', new Date(nowMs)).executeTakeFirst()
    return Number(res.numDeletedRows)
  }

  /** Inserts one group; resolves to the signatures it recorded. */
  async function insertGroup(group: PendingCheck[]): Promise<Set<string>> {
    const rows = new Map<string, number>()
    for (const c of group) rows.set(c.signature, Math.max(rows.get(c.signature) ?? c.expiresAtMs, c.expiresAtMs))
    // Sorted, so two nodes inserting overlapping groups take the key locks in one order and cannot deadlock.
    const values = [...rows.keys()].sort().map((signature) => ({ signature, expires_at: new Date(rows.get(signature)!) }))
    const inserted = await db
      .insertInto('api_request_nonces')
      .values(values)
      .onConflict((oc) => oc.column('signature').doNothing())
      .returning('signature')
      .execute()
    return new Set(inserted.map((r) => r.signature))
  }

  async function flush(): Promise<void> {
    while (pending.length > 0) {
      const group = pending.splice(0, MAX_GROUP)
      const pruneAt = pruneDueAt
      pruneDueAt = null
      try {
        if (pruneAt !== null) await prune(pruneAt)
        const recorded = await insertGroup(group)
        // delete() is true once per signature: of duplicates in one group, the first caller wins.
        for (const c of group) c.resolve(recorded.delete(c.signature))
      } catch (err) {
        for (const c of group) c.reject(err)
      }
    }
    flushing = false
  }

  return {
    prune,
    checkAndRemember(signature, expiresAtMs, nowMs) {
      if (nowMs >= nextPruneAt) {
        nextPruneAt = nowMs + pruneIntervalMs
        pruneDueAt = Math.max(pruneDueAt ?? nowMs, nowMs)
      }
      return new Promise<boolean>((resolve, reject) => {
        pending.push({ signature, expiresAtMs, resolve, reject })
        if (!flushing) {
          flushing = true
          // Deferred to the end of this tick so that the checks made in it share the insert.
          queueMicrotask(() => void flush())
        }
      })
    },
  }
}
