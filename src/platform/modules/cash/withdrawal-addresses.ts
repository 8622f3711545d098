import { randomUUID } from 'node:crypto'
import { getAddress } from 'viem'
import type { Kysely, Selectable, Updateable } from 'kysely'
import { NotFoundError } from '../../../shared/errors.ts'
import type { Clock } from '../../../shared/clock.ts'
import type { PlatformContext } from '../../context.ts'
import type { PlatformDB } from '../../db/schema.ts'
import { recordChange } from '../../record-change.ts'
import { getInvestorRow } from '../investors/read-investors.ts'
import { CashRefusedError } from './errors.ts'
import { acceptedAssets } from './accepted-assets.ts'
import type { WithdrawalAddressesTable, WithdrawalAddressStatus } from './tables.ts'

export type WithdrawalAddressRow = Selectable<WithdrawalAddressesTable>

export interface RegisterWithdrawalAddressParameters {
  address: string
  label: string
  beneficiaryName: string
  institutionName?: string
  institutionCountry?: string
}

/** The public view. Travel-rule data is shown to readers of the API, never put in webhooks or the audit log. */
export function withdrawalAddressView(r: WithdrawalAddressRow) {
  return {
    id: r.id,
    investorId: r.investor_id,
    address: r.address,
    label: r.label,
    beneficiaryName: r.beneficiary_name,
    institutionName: r.institution_name,
    institutionCountry: r.institution_country,
    status: r.status,
    statusReason: r.status_reason,
    custody: { changeRequestId: r.change_request_id },
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
    whitelistedAt: r.whitelisted_at?.toISOString() ?? null,
  }
}

/** Moves an address to `patch`'s status (if it is in `from`), with its audit entry and a `withdrawal_address.status_changed` event. */
async function transitionAddress(tx: Kysely<PlatformDB>, ctx: { clock: Clock }, r: WithdrawalAddressRow, from: readonly WithdrawalAddressStatus[], patch: Updateable<WithdrawalAddressesTable>, actor: string, action: string, correlationId: string | null): Promise<WithdrawalAddressRow | null> {
  const now = ctx.clock.now()
  const updated = await tx.updateTable('withdrawal_addresses').set({ ...patch, updated_at: now }).where('id', '=', r.id).where('status', 'in', [...from]).returningAll().executeTakeFirst()
  if (!updated) return null
  const changed = updated.status !== r.status
  await recordChange(tx, ctx, {
    at: now,
    actor,
    action,
    targetType: 'withdrawal_address',
    targetId: r.id,
    before: { status: r.status, changeRequestId: r.change_request_id },
    after: { status: updated.status, changeRequestId: updated.change_request_id, ...(updated.status_reason ? { reason: updated.status_reason } : {}) },
    correlationId,
    details: { investorId: r.investor_id, address: r.address },
    events: changed ? [{ type: 'withdrawal_address.status_changed', resourceType: 'withdrawal_address', resourceId: r.id, data: { withdrawalAddressId: r.id, investorId: r.investor_id, address: r.address, from: r.status, to: updated.status, reason: updated.status_reason } }] : [],
  })
  return updated
}

/** Records what custody said of the address's whitelisting (the change request asked, or its outcome). */
async function applyWhitelistStatus(ctx: PlatformContext, r: WithdrawalAddressRow, st: { state: WithdrawalAddressStatus; changeRequestId: string | null; reason: string | null }, actor: string, correlationId: string | null): Promise<WithdrawalAddressRow> {
  if (st.state === r.status && st.changeRequestId === r.change_request_id) return r
  const now = ctx.clock.now()
  const patch: Updateable<WithdrawalAddressesTable> = {
    status: st.state,
    status_reason: st.reason,
    change_request_id: st.changeRequestId ?? r.change_request_id,
    ...(st.state === 'WHITELISTED' && !r.whitelisted_at ? { whitelisted_at: now } : {}),
  }
  const action = st.state === r.status ? 'withdrawal_address.whitelisting_requested' : `withdrawal_address.${st.state.toLowerCase()}`
  const updated = await ctx.db.transaction().execute((tx) => transitionAddress(tx, ctx, r, [r.status], patch, actor, action, correlationId))
  ctx.eventsCommitted()
  return updated ?? (await getWithdrawalAddressRow(ctx, r.investor_id, r.id))
}

/**
 * Asks custody where the address stands and records it: a PENDING address whose request was
 * never made (custody was unreachable) is asked for now; a WHITELISTED one is checked still
 * listed. REJECTED stays. Custody unreachable leaves the address as it was.
 */
export async function refreshWithdrawalAddress(ctx: PlatformContext, r: WithdrawalAddressRow, actor: string, correlationId: string | null = null): Promise<WithdrawalAddressRow> {
  if (r.status === 'REJECTED' || r.status === 'REMOVED') return r
  if (!ctx.custody.requestWhitelisting || !ctx.custody.whitelistStatus) throw new CashRefusedError('WHITELISTING_NOT_SUPPORTED', `custodian ${ctx.custody.name}`)
  const address = getAddress(r.address)
  const st = r.change_request_id === null && r.status === 'PENDING'
    ? await ctx.custody.requestWhitelisting({ address, label: `investor ${r.investor_id} withdrawal address ${r.id}`, assets: acceptedAssets(ctx) })
    : await ctx.custody.whitelistStatus({ address, changeRequestId: r.change_request_id })
  // Listed before and not now, whatever the request says: custody took it off.
  if (r.status === 'WHITELISTED' && st.state !== 'WHITELISTED') return applyWhitelistStatus(ctx, r, { ...st, state: 'REMOVED', reason: st.reason ?? 'no longer on custody’s whitelist' }, actor, correlationId)
  return applyWhitelistStatus(ctx, r, st, actor, correlationId)
}

/**
 * Registers an external address for an investor's withdrawals with its travel-rule data, and
 * asks custody to whitelist it (custody's admin quorum decides; until then it is PENDING).
 * Registering the same address with the same details again answers the registration (200);
 * if custody rejected it (or took it off its whitelist), custody is asked again, in a new
 * change request, and the address is PENDING again.
 */
export async function registerWithdrawalAddress(ctx: PlatformContext, investorId: string, p: RegisterWithdrawalAddressParameters, actor: string, correlationId: string | null): Promise<{ row: WithdrawalAddressRow; created: boolean }> {
  const investor = await getInvestorRow(ctx, investorId)
  if (investor.status !== 'ACTIVE' || !investor.wallet_address) throw new CashRefusedError('INVESTOR_NOT_ACTIVE', `investor ${investorId} is ${investor.status}`, { investorStatus: investor.status })
  const address = getAddress(p.address)
  if (address.toLowerCase() === investor.wallet_address.toLowerCase()) throw new CashRefusedError('WITHDRAWAL_ADDRESS_IS_OWN_VAULT', address, { field: 'address' })
  if (!ctx.custody.requestWhitelisting) throw new CashRefusedError('WHITELISTING_NOT_SUPPORTED', `custodian ${ctx.custody.name}`)
  const wanted = { label: p.label, beneficiary_name: p.beneficiaryName, institution_name: p.institutionName ?? null, institution_country: p.institutionCountry ?? null }
  const existing = await ctx.db.selectFrom('withdrawal_addresses').selectAll().where('investor_id', '=', investorId).where('address', '=', address).executeTakeFirst()
  if (existing) {
    const same = existing.label === wanted.label && existing.beneficiary_name === wanted.beneficiary_name && existing.institution_name === wanted.institution_name && existing.institution_country === wanted.institution_country
    if (!same) throw new CashRefusedError('WITHDRAWAL_ADDRESS_ALREADY_REGISTERED', `${address} is ${existing.id}`, { withdrawalAddressId: existing.id })
    if (existing.status === 'REJECTED' || existing.status === 'REMOVED') {
      // Asked for again: PENDING without a request, so the refresh below asks custody for a new one.
      const reopened = await ctx.db.transaction().execute((tx) => transitionAddress(tx, ctx, existing, [existing.status], { status: 'PENDING', status_reason: null, change_request_id: null }, actor, 'withdrawal_address.whitelisting_asked_again', correlationId))
      ctx.eventsCommitted()
      return { row: await refreshQuietly(ctx, reopened ?? (await getWithdrawalAddressRow(ctx, investorId, existing.id)), actor, correlationId), created: false }
    }
    return { row: await refreshQuietly(ctx, existing, actor, correlationId), created: false }
  }
  const now = ctx.clock.now()
  const row = await ctx.db.transaction().execute(async (tx) => {
    const inserted = await tx
      .insertInto('withdrawal_addresses')
      .values({ id: randomUUID(), investor_id: investorId, address, ...wanted, status: 'PENDING', status_reason: null, change_request_id: null, created_by: actor, created_at: now, updated_at: now, whitelisted_at: null })
      .onConflict((oc) => oc.columns(['investor_id', 'address']).doNothing())
      .returningAll()
      .executeTakeFirst()
    if (!inserted) return null
    await recordChange(tx, ctx, {
      at: now,
      actor,
      action: 'withdrawal_address.registered',
      targetType: 'withdrawal_address',
      targetId: inserted.id,
      after: { status: 'PENDING', address, hasInstitution: inserted.institution_name !== null, institutionCountry: inserted.institution_country },
      correlationId,
      details: { investorId },
      events: [{ type: 'withdrawal_address.registered', resourceType: 'withdrawal_address', resourceId: inserted.id, data: { withdrawalAddressId: inserted.id, investorId, address, status: 'PENDING' } }],
    })
    return inserted
  })
  if (!row) return registerWithdrawalAddress(ctx, investorId, p, actor, correlationId)
  ctx.eventsCommitted()
  return { row: await refreshQuietly(ctx, row, actor, correlationId), created: true }
}

/** Refreshes from custody; custody unreachable now leaves the address as it is (asked again later). */
async function refreshQuietly(ctx: PlatformContext, r: WithdrawalAddressRow, actor: string, correlationId: string | null): Promise<WithdrawalAddressRow> {
  try {
    return await refreshWithdrawalAddress(ctx, r, actor, correlationId)
  } catch (err) {
    if (!(err as { retryable?: boolean }).retryable) throw err
    ctx.logger.warn({ withdrawalAddressId: r.id, code: (err as { code?: string }).code }, 'custody not reached; the whitelisting is asked again when the address is read or used')
    return r
  }
}

export async function getWithdrawalAddressRow(ctx: Pick<PlatformContext, 'db'>, investorId: string, id: string): Promise<WithdrawalAddressRow> {
  const r = await ctx.db.selectFrom('withdrawal_addresses').selectAll().where('id', '=', id).where('investor_id', '=', investorId).executeTakeFirst()
  if (!r) throw new NotFoundError('withdrawal address', id)
  return r
}

/** The investor's withdrawal addresses, each refreshed from custody while PENDING. */
export async function listWithdrawalAddresses(ctx: PlatformContext, investorId: string, actor: string) {
  await getInvestorRow(ctx, investorId)
  const rows = await ctx.db.selectFrom('withdrawal_addresses').selectAll().where('investor_id', '=', investorId).orderBy('created_at').orderBy('id').execute()
  const out: WithdrawalAddressRow[] = []
  for (const r of rows) out.push(r.status === 'PENDING' && ctx.custody.whitelistStatus ? await refreshQuietly(ctx, r, actor, null) : r)
  return { items: out.map(withdrawalAddressView) }
}

/**
 * Custody's whitelist and change-request webhooks, inside the inbox's transaction: an address
 * listed makes every PENDING registration of it WHITELISTED, one unlisted makes WHITELISTED ones
 * REMOVED, a whitelisting request rejected or expired makes its registrations REJECTED.
 */
export async function applyWhitelistEvent(tx: Kysely<PlatformDB>, ctx: PlatformContext, type: string, data: Record<string, unknown>, correlationId: string | null): Promise<void> {
  const actor = 'system:cash'
  if (type === 'whitelist.entry_added' || type === 'whitelist.entry_removed') {
    if (typeof data.address !== 'string') return
    const added = type === 'whitelist.entry_added'
    const rows = await tx.selectFrom('withdrawal_addresses').selectAll().where((eb) => eb(eb.fn('lower', ['address']), '=', (data.address as string).toLowerCase())).where('status', '=', added ? 'PENDING' : 'WHITELISTED').execute()
    const changeRequestId = typeof data.changeRequestId === 'string' ? data.changeRequestId : null
    for (const r of rows) {
      await transitionAddress(tx, ctx, r, [r.status], added ? { status: 'WHITELISTED', status_reason: null, whitelisted_at: ctx.clock.now(), change_request_id: r.change_request_id ?? changeRequestId } : { status: 'REMOVED', status_reason: `removed from custody's whitelist by change request ${changeRequestId}` }, actor, added ? 'withdrawal_address.whitelisted' : 'withdrawal_address.removed', correlationId)
    }
    return
  }
  if ((type === 'change_request.rejected' || type === 'change_request.expired') && data.kind === 'WHITELIST_ADD' && typeof data.id === 'string') {
    const rows = await tx.selectFrom('withdrawal_addresses').selectAll().where('change_request_id', '=', data.id).where('status', '=', 'PENDING').execute()
    const why = `custody change request ${data.id} ${type === 'change_request.rejected' ? 'REJECTED' : 'EXPIRED'}${typeof data.resolution === 'string' ? `: ${data.resolution}` : ''}`
    for (const r of rows) await transitionAddress(tx, ctx, r, ['PENDING'], { status: 'REJECTED', status_reason: why }, actor, 'withdrawal_address.rejected', correlationId)
  }
}

