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

/**
 * A replay cache shared by every API node on one PostgreSQL: the primary key
 * makes "first to insert wins" atomic across processes.
 *
 * @example
 * const replayCache = createDbReplayCache({ db })
 */
export function createDbReplayCache(opts: DbReplayCacheOptions): DbReplayCache {
  const db = opts.db as Kysely<{ api_request_nonces: ApiRequestNoncesTable }>
  const pruneIntervalMs = opts.pruneIntervalMs ?? 10_000
  let nextPruneAt = 0

  async function prune(nowMs: number): Promise<number> {
    const res = await db.deleteFrom('api_request_nonces').where('expires_at', '<=', new Date(nowMs)).executeTakeFirst()
    return Number(res.numDeletedRows)
  }

  return {
    prune,
    async checkAndRemember(signature, expiresAtMs, nowMs) {
      if (nowMs >= nextPruneAt) {
        nextPruneAt = nowMs + pruneIntervalMs
        await prune(nowMs)
      }
      const inserted = await db
        .insertInto('api_request_nonces')
        .values({ signature, expires_at: new Date(expiresAtMs) })
        .onConflict((oc) => oc.column('signature').doNothing())
        .executeTakeFirst()
      return Number(inserted.numInsertedOrUpdatedRows ?? 0n) === 1
    },
  }
}
