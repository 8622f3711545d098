import type { Selectable } from 'kysely'
import { NotFoundError, ValidationError } from '../../../shared/errors.ts'
import type { PlatformContext } from '../../context.ts'
import type { ReconciliationAlertKind, ReconciliationAlertsTable } from './tables.ts'
import { decodeTimeIdCursor } from '../../../shared/http/cursor.ts'

export type AlertRow = Selectable<ReconciliationAlertsTable>

/** An alert as the API, the audit log and webhooks show it. */
export function serializeAlert(a: AlertRow) {
  return {
    id: a.id,
    kind: a.kind,
    status: a.status,
    tokenId: a.token_id,
    operationId: a.operation_id,
    txHash: a.tx_hash,
    blockNumber: a.block_number === null ? null : a.block_number.toString(),
    details: a.details,
    firstSeenAt: a.first_seen_at.toISOString(),
    lastSeenAt: a.last_seen_at.toISOString(),
    resolvedAt: a.resolved_at ? a.resolved_at.toISOString() : null,
    resolvedBy: a.resolved_by,
    resolution: a.resolution,
  }
}

export interface ListAlertsQuery {
  status?: 'OPEN' | 'RESOLVED'
  kind?: ReconciliationAlertKind
  tokenId?: string
  limit?: number
  cursor?: string
}

const cursorOf = (a: AlertRow) => Buffer.from(`${a.first_seen_at.toISOString()}|${a.id}`).toString('base64url')

function parseCursor(c: string): { at: Date; id: string } {
  // Checked in full (date and id), so no cursor reaches the query that no row could have made.
  return decodeTimeIdCursor(c)
}

/** Alerts in the order they were first seen, filtered, a page at a time. */
export async function listAlerts(ctx: Pick<PlatformContext, 'db'>, q: ListAlertsQuery) {
  const limit = Math.min(Math.max(q.limit ?? 50, 1), 200)
  let query = ctx.db.selectFrom('reconciliation_alerts').selectAll().orderBy('first_seen_at').orderBy('id').limit(limit + 1)
  if (q.status) query = query.where('status', '=', q.status)
  if (q.kind) query = query.where('kind', '=', q.kind)
  if (q.tokenId) query = query.where('token_id', '=', q.tokenId)
  if (q.cursor) {
    const c = parseCursor(q.cursor)
    query = query.where((eb) => eb.or([eb('first_seen_at', '>', c.at), eb.and([eb('first_seen_at', '=', c.at), eb('id', '>', c.id)])]))
  }
  const rows = await query.execute()
  const items = rows.slice(0, limit)
  return { items: items.map(serializeAlert), nextCursor: rows.length > limit ? cursorOf(items[items.length - 1]!) : null }
}

export async function getAlert(ctx: Pick<PlatformContext, 'db'>, id: string) {
  const row = await ctx.db.selectFrom('reconciliation_alerts').selectAll().where('id', '=', id).executeTakeFirst()
  if (!row) throw new NotFoundError('reconciliation alert', id)
  return serializeAlert(row)
}
