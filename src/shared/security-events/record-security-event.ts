import { randomUUID } from 'node:crypto'
import { sql, type Kysely } from 'kysely'
import type { Clock } from '../clock.ts'
import type { Logger } from '../logger.ts'
import type { SecurityEventSample, SecurityEventTables } from './migration.ts'

/** A request refused before anyone was authenticated. */
export interface SecurityEventInput {
  code: string
  status: number
  ip: string
  method: string
  path: string
  keyId?: string
  at: Date
}

export interface SecurityEventRecorder {
  /** Counts the refusal in its minute; keeps the first few as samples. Never throws. */
  record(e: SecurityEventInput): Promise<void>
  /** Deletes what is older than the retention; returns how many rows went. */
  prune(): Promise<number>
}

const BUCKET_MS = 60_000
const SAMPLES_PER_BUCKET = 5
const PRUNE_EVERY_MS = 3_600_000

/**
 * Records refused unauthenticated requests (bad or missing signature, unknown key, replay,
 * a rate limit) in `security_events`: one row per minute, code and client address with a
 * count and up to five samples, so a flood of junk costs one row a minute, not one audit
 * entry a request. Rows older than `retentionMs` are pruned at most once an hour.
 *
 * @example
 * const security = createSecurityEventRecorder({ db, clock, retentionMs: 30 * 86_400_000 })
 * installAuth(app, { ..., onAuthFailure: (f) => security.record(f) })
 */
export function createSecurityEventRecorder(opts: { db: Kysely<any>; clock: Clock; retentionMs: number; logger?: Logger }): SecurityEventRecorder {
  const db = opts.db as Kysely<SecurityEventTables>
  let lastPrune = 0

  async function prune(): Promise<number> {
    if (opts.retentionMs <= 0) return 0
    const cutoff = new Date(opts.clock.now().getTime() - opts.retentionMs)
    const res = await db.deleteFrom('security_events').where('bucket', '<', cutoff).executeTakeFirst()
    return Number(res.numDeletedRows)
  }

  return {
    prune,
    async record(e) {
      const bucket = new Date(Math.floor(e.at.getTime() / BUCKET_MS) * BUCKET_MS)
      const sample: SecurityEventSample = { at: e.at.toISOString(), method: e.method.slice(0, 16), path: e.path.slice(0, 256), keyId: e.keyId?.slice(0, 128) ?? null }
      try {
        await sql`
          insert into security_events (id, bucket, code, ip, status, count, first_at, last_at, samples)
          values (${randomUUID()}, ${bucket}, ${e.code}, ${e.ip.slice(0, 64)}, ${e.status}, 1, ${e.at}, ${e.at}, ${JSON.stringify([sample])}::jsonb)
          on conflict (bucket, code, ip) do update set
            count = security_events.count + 1,
            last_at = greatest(security_events.last_at, excluded.last_at),
            samples = case when jsonb_array_length(security_events.samples) < ${SAMPLES_PER_BUCKET}
                           then security_events.samples || excluded.samples else security_events.samples end`.execute(db)
        const now = opts.clock.now().getTime()
        if (now - lastPrune >= PRUNE_EVERY_MS) {
          lastPrune = now
          await prune()
        }
      } catch (err) {
        opts.logger?.error({ err }, 'recording a security event failed')
      }
    },
  }
}
