import type { Kysely } from 'kysely'
import { ValidationError } from '../errors.ts'
import type { SecurityEventSample, SecurityEventTables } from './migration.ts'

export interface ListSecurityEventsParameters {
  /** Only minutes from this instant on. */
  since?: Date
  code?: string
  ip?: string
  /** 1–500, default 100. */
  limit?: number
  cursor?: string
}

export interface SecurityEvent {
  id: string
  /** The minute the refusals fell in. */
  bucket: Date
  code: string
  status: number
  ip: string
  count: bigint
  firstAt: Date
  lastAt: Date
  samples: SecurityEventSample[]
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

function encodeCursor(bucket: Date, id: string): string {
  return Buffer.from(`${bucket.getTime()}.${id}`).toString('base64url')
}

function decodeCursor(cursor: string): { bucket: Date; id: string } {
  const [ms, id, extra] = Buffer.from(cursor, 'base64url').toString('utf8').split('.')
  if (extra !== undefined || !ms || !/^[0-9]{1,15}$/.test(ms) || !id || !UUID.test(id)) throw new ValidationError('cursor is not one this API returned', { field: 'cursor' })
  return { bucket: new Date(Number(ms)), id }
}

/** Security events, newest minute first, a page at a time. */
export async function listSecurityEvents(db: Kysely<any>, p: ListSecurityEventsParameters): Promise<{ items: SecurityEvent[]; nextCursor: string | null }> {
  const limit = Math.min(Math.max(p.limit ?? 100, 1), 500)
  let q = (db as Kysely<SecurityEventTables>).selectFrom('security_events').selectAll().orderBy('bucket', 'desc').orderBy('id', 'desc').limit(limit + 1)
  if (p.since) q = q.where('bucket', '>=', new Date(Math.floor(p.since.getTime() / 60_000) * 60_000))
  if (p.code) q = q.where('code', '=', p.code)
  if (p.ip) q = q.where('ip', '=', p.ip)
  if (p.cursor) {
    const c = decodeCursor(p.cursor)
    q = q.where((eb) => eb.or([eb('bucket', '<', c.bucket), eb.and([eb('bucket', '=', c.bucket), eb('id', '<', c.id)])]))
  }
  const rows = await q.execute()
  const page = rows.slice(0, limit)
  const last = page.at(-1)
  return {
    items: page.map((r) => ({ id: r.id, bucket: r.bucket, code: r.code, status: r.status, ip: r.ip, count: BigInt(r.count), firstAt: r.first_at, lastAt: r.last_at, samples: r.samples })),
    nextCursor: rows.length > limit && last ? encodeCursor(last.bucket, last.id) : null,
  }
}
