import { createHash, randomUUID } from 'node:crypto'
import { erc20Abi, getAddress } from 'viem'
import type { Selectable } from 'kysely'
import { ConflictError, NotFoundError, ValidationError } from '../../../shared/errors.ts'
import type { PlatformContext } from '../../context.ts'
import { startWorkflow } from '../../engine/start-workflow.ts'
import { recordChange } from '../../record-change.ts'
import { getInvestorRow } from '../investors/read-investors.ts'
import { assetOf } from './accepted-assets.ts'
import { CashRefusedError } from './errors.ts'
import { appendEntry, balanceOf, lockAccount } from './ledger.ts'
import type { WithdrawalsTable } from './tables.ts'
import { getWithdrawalAddressRow, refreshWithdrawalAddress } from './withdrawal-addresses.ts'
import { sendWithdrawal } from './withdrawal-workflow.ts'
import { refs, withdrawalExternalTxId, withdrawalWorkflowId } from './workflow-ids.ts'

export type WithdrawalRow = Selectable<WithdrawalsTable>

export interface RequestWithdrawalParameters {
  asset?: string
  amount: bigint
  withdrawalAddressId: string
  idempotencyKey: string
}

/** The public view of a withdrawal. */
export function withdrawalView(w: WithdrawalRow) {
  return {
    id: w.id,
    investorId: w.investor_id,
    asset: w.asset,
    amount: w.amount,
    withdrawalAddressId: w.withdrawal_address_id,
    to: w.to_address,
    status: w.status,
    statusCode: w.status_code,
    statusReason: w.status_reason,
    custody: { externalTxId: w.external_tx_id, custodyTxId: w.custody_tx_id },
    txHash: w.tx_hash,
    createdAt: w.created_at.toISOString(),
    updatedAt: w.updated_at.toISOString(),
    completedAt: w.completed_at?.toISOString() ?? null,
  }
}

export async function getWithdrawalRow(ctx: Pick<PlatformContext, 'db'>, id: string): Promise<WithdrawalRow> {
  const w = await ctx.db.selectFrom('withdrawals').selectAll().where('id', '=', id).executeTakeFirst()
  if (!w) throw new NotFoundError('withdrawal', id)
  return w
}

/** An investor's withdrawals, newest first, a page at a time. */
export async function listWithdrawals(ctx: Pick<PlatformContext, 'db'>, investorId: string, q: { limit?: number; cursor?: string }) {
  await getInvestorRow(ctx, investorId)
  const limit = Math.min(Math.max(q.limit ?? 50, 1), 200)
  let query = ctx.db.selectFrom('withdrawals').selectAll().where('investor_id', '=', investorId).orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit + 1)
  if (q.cursor) {
    const [at, id] = Buffer.from(q.cursor, 'base64url').toString().split('|')
    const when = new Date(at ?? '')
    if (!id || Number.isNaN(when.getTime())) throw new ValidationError('cursor is not one this API gave', { field: 'cursor' })
    query = query.where((eb) => eb.or([eb('created_at', '<', when), eb.and([eb('created_at', '=', when), eb('id', '<', id)])]))
  }
  const rows = await query.execute()
  const page = rows.slice(0, limit)
  const last = page[page.length - 1]
  return { items: page.map(withdrawalView), nextCursor: rows.length > limit && last ? Buffer.from(`${last.created_at.toISOString()}|${last.id}`).toString('base64url') : null }
}

const hashOf = (investorId: string, asset: string, amount: bigint, addressId: string) => createHash('sha256').update(JSON.stringify([investorId, asset.toLowerCase(), amount.toString(), addressId])).digest('hex')

/**
 * Withdraws cash to one of the investor's registered addresses that custody has whitelisted:
 * the amount is reserved in the ledger (refused above the available cash, or above what the
 * vault holds beyond other reservations), and a CASH_WITHDRAWAL workflow has custody send the
 * ERC-20 transfer from the investor's vault (externalTxId `cash:withdrawal:<id>`). The same
 * idempotency key and body return the first withdrawal; another body is 409. A refusal records
 * nothing.
 */
export async function requestWithdrawal(ctx: PlatformContext, investorId: string, p: RequestWithdrawalParameters, actor: string, correlationId: string | null): Promise<{ row: WithdrawalRow; created: boolean }> {
  const investor = await getInvestorRow(ctx, investorId)
  const asset = assetOf(ctx, p.asset)
  const hash = hashOf(investorId, asset, p.amount, p.withdrawalAddressId)
  const prior = await ctx.db.selectFrom('withdrawals').selectAll().where('investor_id', '=', investorId).where('idempotency_key', '=', p.idempotencyKey).executeTakeFirst()
  if (prior) {
    if (prior.request_hash !== hash) throw new ConflictError('IDEMPOTENCY_KEY_REUSED', `idempotency key ${p.idempotencyKey} was used for another withdrawal (${prior.id})`, { withdrawalId: prior.id })
    return { row: prior, created: false }
  }
  if (investor.status !== 'ACTIVE' || !investor.vault_id || !investor.wallet_address) throw new CashRefusedError('INVESTOR_NOT_ACTIVE', `investor ${investorId} is ${investor.status}`, { investorStatus: investor.status })

  let address
  try {
    address = await getWithdrawalAddressRow(ctx, investorId, p.withdrawalAddressId)
  } catch (err) {
    if (err instanceof NotFoundError) throw new CashRefusedError('WITHDRAWAL_ADDRESS_NOT_REGISTERED', `${p.withdrawalAddressId} is not one of investor ${investorId}'s withdrawal addresses`, { field: 'withdrawalAddressId' })
    throw err
  }
  // Custody's whitelist is asked now, not trusted from memory: an address taken off it is refused.
  address = await refreshWithdrawalAddress(ctx, address, actor, correlationId)
  if (address.status !== 'WHITELISTED') {
    throw new CashRefusedError('WITHDRAWAL_ADDRESS_NOT_WHITELISTED', `${address.address} is ${address.status}${address.status_reason ? `: ${address.status_reason}` : ''}`, { field: 'withdrawalAddressId', addressStatus: address.status, changeRequestId: address.change_request_id })
  }
  const vaultBalance = await ctx.chain.publicClient.readContract({ address: asset, abi: erc20Abi, functionName: 'balanceOf', args: [getAddress(investor.wallet_address)] })

  const id = randomUUID()
  const now = ctx.clock.now()
  const row = await ctx.db.transaction().execute(async (tx) => {
    await lockAccount(tx, ctx, investorId)
    const again = await tx.selectFrom('withdrawals').selectAll().where('investor_id', '=', investorId).where('idempotency_key', '=', p.idempotencyKey).executeTakeFirst()
    if (again) return again.request_hash === hash ? { row: again, created: false } : null
    const b = await balanceOf(tx, investorId, asset)
    // The vault's coins beyond what is already set aside for movements under way.
    const spendable = vaultBalance - b.reserved
    if (p.amount > b.available || p.amount > spendable) {
      throw new CashRefusedError('CASH_INSUFFICIENT_BALANCE', `${p.amount} asked, ${b.available} available${spendable < b.available ? `, the vault holds ${spendable} beyond reservations` : ''}`, { field: 'amount', available: b.available.toString(), vaultSpendable: spendable.toString() })
    }
    const w = await tx
      .insertInto('withdrawals')
      .values({
        id, investor_id: investorId, asset, amount: p.amount.toString(), withdrawal_address_id: address.id, to_address: address.address,
        idempotency_key: p.idempotencyKey, request_hash: hash, status: 'PROCESSING', status_code: null, status_reason: null,
        source_vault_id: investor.vault_id!, external_tx_id: withdrawalExternalTxId(id), custody_tx_id: null, tx_hash: null,
        created_by: actor, created_at: now, updated_at: now, completed_at: null,
      })
      .returningAll()
      .executeTakeFirstOrThrow()
    await recordChange(tx, ctx, {
      at: now, actor, action: 'withdrawal.requested', targetType: 'withdrawal', targetId: id,
      after: { status: 'PROCESSING', amount: w.amount, asset, to: w.to_address, withdrawalAddressId: address.id, externalTxId: w.external_tx_id },
      correlationId, details: { investorId },
      events: [{ type: 'withdrawal.requested', resourceType: 'withdrawal', resourceId: id, data: { withdrawalId: id, investorId, asset, amount: w.amount, to: w.to_address, withdrawalAddressId: address.id, status: 'PROCESSING' } }],
    })
    await appendEntry(tx, ctx, {
      investorId, asset, kind: 'WITHDRAWAL', phase: 'RESERVED', amount: p.amount, reference: refs.withdrawal(id, 'RESERVED'),
      subject: { type: 'withdrawal', id }, details: { to: w.to_address }, actor, action: 'cash.withdrawal_reserved', correlationId,
    })
    await startWorkflow(tx, ctx, { id: withdrawalWorkflowId(id), investorId, kind: 'CASH_WITHDRAWAL', step: 'send', state: { withdrawalId: id }, correlationId })
    return { row: w, created: true }
  })
  if (!row) throw new ConflictError('IDEMPOTENCY_KEY_REUSED', `idempotency key ${p.idempotencyKey} was used for another withdrawal`)
  if (!row.created) return row
  ctx.eventsCommitted()
  try {
    await sendWithdrawal(ctx, row.row.id)
  } catch (err) {
    ctx.logger.warn({ withdrawalId: id, code: (err as { code?: string }).code, message: (err as Error).message }, 'custody not reached now; the withdrawal workflow asks again')
  }
  ctx.wake()
  return { row: await getWithdrawalRow(ctx, id), created: true }
}
