import { sql, type Kysely, type Selectable } from 'kysely'
import type { PlatformContext } from '../../context.ts'
import type { PlatformDB } from '../../db/schema.ts'
import type { InboundEventsTable } from './tables.ts'
import { wakeWorkflowsWaitingOn } from '../../engine/wake-workflows.ts'
import { holderStoppedBeating } from '../../engine/claim.ts'
import { CUSTODY_FINAL_STATUSES, recordCustodyTransactionEvent } from '../custody/public.ts'
import { applyCustodyReinclusion, applyCustodyReorg } from './custody-reorg.ts'
import { applyVendorScreening, type VendorScreeningResult } from '../onboarding/public.ts'
import { applyDepositEvent, applyWhitelistEvent } from '../cash/public.ts'

type InboundRow = Selectable<InboundEventsTable>

const LEASE_MS = 30_000
const MAX_ATTEMPTS = 20

/**
 * Processes received webhooks, oldest first, each in its own transaction:
 * custody transaction events update what the platform knows of the
 * transaction (only if newer by sequence, never back from a final status but
 * for custody's `transaction.reorged`, see custody-reorg.ts) and
 * wake the workflow waiting on it; custody's deposit and whitelist events go to
 * cash (a deposit credited once by its custody id); KYC vendor results are applied to the
 * investor they concern. Duplicates never reach here (the inbox keys on the
 * event id), and out-of-order events are ignored by the sequence check, so
 * processing is idempotent. Returns how many events it took.
 *
 * A claim lasts 30 s; one taken by `workerId` ends as soon as that workflow worker stops
 * beating (a killed process), as the workflows' leases do, so a restarted platform goes
 * on with the event at once.
 */
export async function processInbox(ctx: PlatformContext, opts: { limit?: number; workerId?: string } = {}): Promise<number> {
  const now = ctx.clock.now()
  const claimed = await sql<InboundRow>`
    update inbound_events set next_attempt_at = ${new Date(now.getTime() + LEASE_MS)}, attempts = attempts + 1, locked_by = ${opts.workerId ?? null}
    where id in (
      select id from inbound_events
      where processed_at is null
        and (next_attempt_at <= ${now}
             or (locked_by is not null and ${holderStoppedBeating('inbound_events.locked_by', now)}))
      order by received_at, id
      limit ${opts.limit ?? 50}
      for update skip locked
    )
    returning *`.execute(ctx.db)
  let woke = false
  for (const row of claimed.rows) {
    try {
      const wakes = await ctx.db.transaction().execute(async (tx) => {
        const n = await handle(tx, ctx, row)
        await tx.updateTable('inbound_events').set({ processed_at: ctx.clock.now(), last_error: null }).where('id', '=', row.id).execute()
        return n
      })
      if (wakes > 0) woke = true
    } catch (err) {
      const attempts = row.attempts
      const giveUp = attempts >= MAX_ATTEMPTS
      ctx.logger.warn({ err, inboundEventId: row.id, attempts, giveUp }, 'inbound event processing failed')
      await ctx.db
        .updateTable('inbound_events')
        .set({
          last_error: (err as Error)?.message ?? String(err),
          locked_by: null,
          next_attempt_at: new Date(ctx.clock.now().getTime() + Math.min(1000 * 2 ** Math.min(attempts, 10), 300_000)),
          ...(giveUp ? { processed_at: ctx.clock.now() } : {}),
        })
        .where('id', '=', row.id)
        .execute()
    }
  }
  if (woke) ctx.wake()
  if (claimed.rows.length > 0) ctx.eventsCommitted()
  return claimed.rows.length
}

async function handle(tx: Kysely<PlatformDB>, ctx: PlatformContext, row: InboundRow): Promise<number> {
  if (row.source === 'custody') {
    if (row.type.startsWith('transaction.')) return custodyTransactionEvent(tx, ctx, row)
    const data = (row.payload as { data?: Record<string, unknown> }).data ?? {}
    if (row.type.startsWith('deposit.')) return applyDepositEvent(tx, ctx, row.type, data, `custody-event:${row.event_id}`)
    if (row.type.startsWith('whitelist.') || row.type.startsWith('change_request.')) await applyWhitelistEvent(tx, ctx, row.type, data, `custody-event:${row.event_id}`)
    return 0
  }
  if (row.source.startsWith('kyc:')) {
    await applyVendorScreening(tx, ctx, { provider: row.source.slice('kyc:'.length), result: row.payload as VendorScreeningResult })
    return 0
  }
  return 0
}

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null)

async function custodyTransactionEvent(tx: Kysely<PlatformDB>, ctx: PlatformContext, row: InboundRow): Promise<number> {
  const envelope = row.payload as { data?: Record<string, unknown> }
  const data = envelope.data ?? {}
  // The event carries the transaction's state at that sequence (status events do); read it defensively.
  const tr = (data.transaction && typeof data.transaction === 'object' ? data.transaction : data) as Record<string, unknown>
  const custodyTxId = str(tr.id) ?? row.resource_id
  const status = str(tr.status)
  if (!custodyTxId || !status) return 0
  const now = ctx.clock.now()
  const reorged = row.type === 'transaction.reorged'
  const r = await recordCustodyTransactionEvent(
    tx,
    { custodyTxId, externalTxId: str(tr.externalTxId), status, subStatus: str(tr.subStatus), statusReason: str(tr.statusReason), txHash: str(tr.txHash), sequence: row.sequence ?? 0, reorged },
    now,
  )
  const externalTxId = r.externalTxId
  // A transaction custody made for another (a gas top-up: it has a parent) carries no platform record; custody alerts for it itself.
  if (r.applied && reorged && str(tr.parentId) === null) await applyCustodyReorg(tx, ctx, { custodyTxId, externalTxId, status, data: tr })
  else if (r.applied && r.reorgedSince && CUSTODY_FINAL_STATUSES.includes(status)) await applyCustodyReinclusion(tx, ctx, { custodyTxId, externalTxId, status, data: tr })
  if (!externalTxId) return 0
  return wakeWorkflowsWaitingOn(tx, externalTxId, now)
}
