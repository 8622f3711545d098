import { sql, type Kysely, type Selectable } from 'kysely'
import type { PlatformContext } from '../../context.ts'
import type { InboundEventsTable, PlatformDB } from '../../db/schema.ts'
import { CUSTODY_FINAL_STATUSES } from '../custody/custody-provider.ts'
import { lockInvestor } from '../investors/change-status.ts'
import { applyOnboardingScreening, recordScreening } from '../onboarding/apply-screening.ts'
import { recordChange } from '../../record-change.ts'
import type { ScreeningResult } from '../kyc/kyc-provider.ts'
import { CustosError } from '../../../shared/errors.ts'

type InboundRow = Selectable<InboundEventsTable>

const LEASE_MS = 30_000
const MAX_ATTEMPTS = 20

/**
 * Processes received webhooks, oldest first, each in its own transaction:
 * custody transaction events update what the platform knows of the
 * transaction (only if newer by sequence, never back from a final status) and
 * wake the workflow waiting on it; KYC vendor results are applied to the
 * investor they concern. Duplicates never reach here (the inbox keys on the
 * event id), and out-of-order events are ignored by the sequence check, so
 * processing is idempotent. Returns how many events it took.
 */
export async function processInbox(ctx: PlatformContext, opts: { limit?: number } = {}): Promise<number> {
  const now = ctx.clock.now()
  const claimed = await sql<InboundRow>`
    update inbound_events set next_attempt_at = ${new Date(now.getTime() + LEASE_MS)}, attempts = attempts + 1
    where id in (
      select id from inbound_events
      where processed_at is null and next_attempt_at <= ${now}
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
  if (row.source === 'custody') return row.type.startsWith('transaction.') ? custodyTransactionEvent(tx, ctx, row) : 0
  if (row.source.startsWith('kyc:')) {
    await kycVendorResult(tx, ctx, row, row.source.slice('kyc:'.length))
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
  const finals = sql.join(CUSTODY_FINAL_STATUSES.map((s) => sql.lit(s)))
  await sql`
    insert into custody_transactions (custody_tx_id, external_tx_id, status, sub_status, status_reason, tx_hash, sequence, updated_at)
    values (${custodyTxId}, ${str(tr.externalTxId)}, ${status}, ${str(tr.subStatus)}, ${str(tr.statusReason)}, ${str(tr.txHash)}, ${row.sequence ?? 0}, ${now})
    on conflict (custody_tx_id) do update set
      external_tx_id = coalesce(custody_transactions.external_tx_id, excluded.external_tx_id),
      status = excluded.status, sub_status = excluded.sub_status, status_reason = excluded.status_reason,
      tx_hash = coalesce(excluded.tx_hash, custody_transactions.tx_hash),
      sequence = excluded.sequence, updated_at = excluded.updated_at
    where excluded.sequence > custody_transactions.sequence and custody_transactions.status not in (${finals})`.execute(tx)
  const known = await tx.selectFrom('custody_transactions').select(['external_tx_id']).where('custody_tx_id', '=', custodyTxId).executeTakeFirst()
  if (!known?.external_tx_id) return 0
  // A nudge only: the woken step reads the transaction's state and decides.
  const woken = await tx
    .updateTable('workflows')
    .set({ next_run_at: now })
    .where('status', '=', 'ACTIVE')
    .where('waiting_on', '=', known.external_tx_id)
    .where('next_run_at', '>', now)
    .executeTakeFirst()
  return Number(woken.numUpdatedRows)
}

async function kycVendorResult(tx: Kysely<PlatformDB>, ctx: PlatformContext, row: InboundRow, provider: string): Promise<void> {
  const result = row.payload as ScreeningResult & { investorId?: string }
  const screening = await tx.selectFrom('kyc_screenings').select('investor_id').where('provider_ref', '=', result.providerRef).executeTakeFirst()
  const investorId = screening?.investor_id ?? result.investorId
  // Retried with backoff: the vendor may answer before our own record of the screening commits.
  if (!investorId) throw new CustosError('KYC_RESULT_UNMATCHED', `no investor was screened under providerRef ${result.providerRef}`, { retryable: true })
  const investor = await lockInvestor(tx, investorId)
  if (!investor) throw new CustosError('KYC_RESULT_UNMATCHED', `investor ${investorId} does not exist`, { retryable: true })
  const clean: ScreeningResult = { outcome: result.outcome, reasons: result.reasons ?? [], sanctionsMatches: result.sanctionsMatches ?? [], checkedAt: result.checkedAt, providerRef: result.providerRef }
  const actor = `kyc-vendor:${provider}`
  if (investor.status === 'PENDING_KYC' || investor.status === 'IN_REVIEW') {
    await applyOnboardingScreening(tx, ctx, investor, clean, { purpose: 'vendor', provider, actor })
    return
  }
  await recordScreening(tx, ctx, investor, clean, { purpose: 'vendor', provider })
  await recordChange(tx, ctx, {
    at: ctx.clock.now(),
    actor,
    action: 'kyc.vendor_result_recorded',
    targetType: 'investor',
    targetId: investor.id,
    details: { providerRef: clean.providerRef, outcome: clean.outcome, status: investor.status, note: 'investor was not awaiting a screening; recorded only' },
  })
}
