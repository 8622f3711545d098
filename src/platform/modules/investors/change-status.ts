import type { Kysely, Updateable } from 'kysely'
import type { Clock } from '../../../shared/clock.ts'
import type { PlatformDB } from '../../db/schema.ts'
import type { InvestorsTable, InvestorStatus } from './tables.ts'
import { recordChange } from '../../record-change.ts'
import { assertTransition, InvestorStatusConflictError } from './investor-status.ts'
import type { InvestorRow } from './serialize.ts'

export interface StatusChange {
  to: InvestorStatus
  /** Who caused it: `person:<principal>/apikey:<id>`, `system:screening`, `system:kyc-expiry`, … */
  actor: string
  /** Stable code of why (e.g. `COUNTRY_DENIED`, `KYC_EXPIRED`); null for the plain path. */
  code?: string | null
  reason?: string | null
  correlationId?: string | null
  /** Other columns to change in the same update. */
  patch?: Updateable<InvestorsTable>
  details?: Record<string, unknown>
}

/**
 * Moves an investor to another status inside the caller's transaction, only
 * if it is still in the status the caller read (a concurrent change makes this
 * a 409), with its audit entry and an `investor.status_changed` webhook event.
 */
export async function changeInvestorStatus(tx: Kysely<PlatformDB>, ctx: { clock: Clock }, investor: InvestorRow, change: StatusChange): Promise<InvestorRow> {
  assertTransition(investor.id, investor.status, change.to)
  const now = ctx.clock.now()
  const updated = await tx
    .updateTable('investors')
    .set({ ...change.patch, status: change.to, status_code: change.code ?? null, status_reason: change.reason ?? null, updated_at: now })
    .where('id', '=', investor.id)
    .where('status', '=', investor.status)
    .returningAll()
    .executeTakeFirst()
  if (!updated) throw new InvestorStatusConflictError(investor.id, investor.status, change.to, 'INVESTOR_CHANGED_CONCURRENTLY')
  const data = {
    investorId: investor.id,
    externalRef: investor.external_ref,
    from: investor.status,
    to: change.to,
    code: change.code ?? null,
    reason: change.reason ?? null,
    walletAddress: updated.wallet_address,
    identityAddress: updated.identity_address,
  }
  await recordChange(tx, ctx, {
    at: now,
    actor: change.actor,
    action: 'investor.status_changed',
    targetType: 'investor',
    targetId: investor.id,
    before: { status: investor.status },
    after: { status: change.to, code: change.code ?? null, reason: change.reason ?? null },
    correlationId: change.correlationId ?? null,
    details: change.details ?? null,
    events: [{ type: 'investor.status_changed', resourceType: 'investor', resourceId: investor.id, data }],
  })
  return updated
}

/** The investor row, locked for the rest of the caller's transaction. */
export async function lockInvestor(tx: Kysely<PlatformDB>, id: string): Promise<InvestorRow | undefined> {
  return tx.selectFrom('investors').selectAll().where('id', '=', id).forUpdate().executeTakeFirst()
}
