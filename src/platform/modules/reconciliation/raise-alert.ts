import { randomUUID } from 'node:crypto'
import { sql, type Kysely } from 'kysely'
import type { PlatformContext } from '../../context.ts'
import type { PlatformDB } from '../../db/schema.ts'
import { recordChange } from '../../record-change.ts'
import type { ReconciliationAlertKind } from './tables.ts'
import { serializeAlert, type AlertRow } from './read-alerts.ts'

/** The actor of what reconciliation does by itself (raising, and resolving a drift that went away). */
export const RECONCILIATION_ACTOR = 'system:reconciliation'

/** A drift found by a reconciliation run. The same drift always has the same key. */
export interface Drift {
  kind: ReconciliationAlertKind
  key: string
  tokenId: string | null
  operationId?: string | null
  txHash?: string | null
  blockNumber?: bigint | null
  details: Record<string, unknown>
}

export type RaiseOutcome = 'raised' | 'still_open' | 'acknowledged'

/**
 * Raises the alert of a drift once: a new OPEN alert (with its audit entry
 * `reconciliation.alert_raised` and the webhook event of the same name) if
 * none is open under its key, else only `last_seen_at` moves. A drift a
 * person has resolved is not raised again (they acknowledged it); one that
 * reconciliation resolved itself and that comes back is a new alert.
 */
export async function raiseAlert(ctx: PlatformContext, drift: Drift, actor: string): Promise<{ outcome: RaiseOutcome; alert: AlertRow }> {
  const r = await ctx.db.transaction().execute((tx) => raiseAlertIn(tx, ctx, drift, actor))
  if (r.outcome === 'raised') {
    ctx.eventsCommitted()
    ctx.logger.warn({ alertId: r.alert.id, kind: drift.kind, tokenId: drift.tokenId, txHash: drift.txHash ?? null }, 'reconciliation drift: alert raised')
  }
  return r
}

/** `raiseAlert` inside the caller's database transaction (the caller calls `ctx.eventsCommitted()` after its commit). */
export async function raiseAlertIn(tx: Kysely<PlatformDB>, ctx: Pick<PlatformContext, 'clock'>, drift: Drift, actor: string): Promise<{ outcome: RaiseOutcome; alert: AlertRow }> {
  const now = ctx.clock.now()
  const existing = await tx.selectFrom('reconciliation_alerts').selectAll().where('dedupe_key', '=', drift.key).orderBy('first_seen_at', 'desc').execute()
  const open = existing.find((a) => a.status === 'OPEN')
  if (open) {
    const seen = await tx.updateTable('reconciliation_alerts').set({ last_seen_at: now }).where('id', '=', open.id).returningAll().executeTakeFirstOrThrow()
    return { outcome: 'still_open' as const, alert: seen }
  }
  const acknowledged = existing.find((a) => a.resolved_by !== null && a.resolved_by !== RECONCILIATION_ACTOR)
  if (acknowledged) return { outcome: 'acknowledged' as const, alert: acknowledged }
  const inserted = await tx
    .insertInto('reconciliation_alerts')
    .values({
      id: randomUUID(),
      kind: drift.kind,
      dedupe_key: drift.key,
      token_id: drift.tokenId,
      operation_id: drift.operationId ?? null,
      tx_hash: drift.txHash ?? null,
      block_number: drift.blockNumber ?? null,
      status: 'OPEN',
      details: JSON.stringify(drift.details, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)),
      first_seen_at: now,
      last_seen_at: now,
    })
    // A concurrent run (another process) raised it first: the partial unique index keeps one OPEN alert per key.
    .onConflict((oc) => oc.column('dedupe_key').where('status', '=', sql.lit('OPEN')).doNothing())
    .returningAll()
    .executeTakeFirst()
  if (!inserted) {
    const winner = await tx.selectFrom('reconciliation_alerts').selectAll().where('dedupe_key', '=', drift.key).where('status', '=', 'OPEN').executeTakeFirstOrThrow()
    return { outcome: 'still_open' as const, alert: winner }
  }
  const view = serializeAlert(inserted)
  await recordChange(tx, ctx, {
    at: now,
    actor,
    action: 'reconciliation.alert_raised',
    targetType: 'reconciliation_alert',
    targetId: inserted.id,
    after: view,
    events: [{ type: 'reconciliation.alert_raised', resourceType: 'reconciliation_alert', resourceId: inserted.id, data: view }],
  })
  return { outcome: 'raised' as const, alert: inserted }
}

/**
 * Resolves an OPEN alert (audit entry and webhook event
 * `reconciliation.alert_resolved`). Returns null if it was no longer open.
 */
export async function resolveAlert(ctx: PlatformContext, id: string, by: { actor: string; resolution: string; correlationId?: string }): Promise<AlertRow | null> {
  const r = await ctx.db.transaction().execute((tx) => resolveAlertIn(tx, ctx, id, by))
  if (r) ctx.eventsCommitted()
  return r
}

/** `resolveAlert` inside the caller's database transaction (the caller calls `ctx.eventsCommitted()` after its commit). */
export async function resolveAlertIn(tx: Kysely<PlatformDB>, ctx: Pick<PlatformContext, 'clock'>, id: string, by: { actor: string; resolution: string; correlationId?: string }): Promise<AlertRow | null> {
  const now = ctx.clock.now()
  const before = await tx.selectFrom('reconciliation_alerts').selectAll().where('id', '=', id).forUpdate().executeTakeFirst()
  if (!before || before.status !== 'OPEN') return null
  const after = await tx
    .updateTable('reconciliation_alerts')
    .set({ status: 'RESOLVED', resolved_at: now, resolved_by: by.actor, resolution: by.resolution })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow()
  const view = serializeAlert(after)
  await recordChange(tx, ctx, {
    at: now,
    actor: by.actor,
    action: 'reconciliation.alert_resolved',
    targetType: 'reconciliation_alert',
    targetId: id,
    before: serializeAlert(before),
    after: view,
    correlationId: by.correlationId ?? null,
    events: [{ type: 'reconciliation.alert_resolved', resourceType: 'reconciliation_alert', resourceId: id, data: view }],
  })
  return after
}
