import { getAddress } from 'viem'
import type { Kysely } from 'kysely'
import type { PlatformContext } from '../../context.ts'
import type { PlatformDB } from '../../db/schema.ts'
import { startWorkflow } from '../../engine/start-workflow.ts'
import { investorIdsByWallet } from '../investors/read-investors.ts'
import { isAccepted } from './accepted-assets.ts'
import { appendEntry } from './ledger.ts'
import { autoPayWorkflowId, refs } from './workflow-ids.ts'

const ACTOR = 'system:cash'

/** A deposit as custody reports it in `deposit.*` webhooks. */
export interface CustodyDeposit {
  id: string
  chainId: number
  vaultId: string
  address: string
  assetId: string
  contractAddress: string | null
  txHash: string
  logIndex: number
  from: string
  amount: string
  status: string
  internal: boolean
  sourceVaultId: string | null
}

const isDeposit = (d: unknown): d is CustodyDeposit => {
  const x = d as Record<string, unknown> | null
  return !!x && typeof x.id === 'string' && typeof x.address === 'string' && typeof x.amount === 'string' && /^[0-9]{1,78}$/.test(x.amount) && typeof x.chainId === 'number'
}

/**
 * Credits an investor's cash with a deposit custody confirmed, inside the inbox's
 * transaction, once per deposit (the ledger reference is the custody deposit id, so a
 * redelivered or repeated webhook credits nothing more), and starts the automatic payment
 * of its unpaid subscriptions. A retraction of a credited deposit takes the credit back
 * (custody retracts only deposits not yet confirmed, so this is a safeguard). Deposits of
 * other assets, other chains or vaults that are no investor's are not cash. Returns how
 * many workflows it started.
 */
export async function applyDepositEvent(tx: Kysely<PlatformDB>, ctx: PlatformContext, type: string, data: unknown, correlationId: string | null): Promise<number> {
  if (type !== 'deposit.confirmed' && type !== 'deposit.retracted') return 0
  if (!isDeposit(data) || data.chainId !== ctx.chain.chainId || !data.contractAddress || !isAccepted(ctx, data.contractAddress)) return 0
  const investorId = (await investorIdsByWallet({ db: tx }, [data.address.toLowerCase()])).get(data.address.toLowerCase())
  if (!investorId) return 0
  const asset = getAddress(data.contractAddress)
  const amount = BigInt(data.amount)
  const details = { custodyDepositId: data.id, txHash: data.txHash, logIndex: data.logIndex, from: data.from, internal: data.internal, sourceVaultId: data.sourceVaultId }
  const subject = { type: 'deposit', id: data.id }
  if (type === 'deposit.confirmed') {
    const entry = await appendEntry(tx, ctx, {
      investorId, asset, kind: 'DEPOSIT', phase: 'SETTLED', amount, reference: refs.deposit(data.id), subject, details,
      actor: ACTOR, action: 'cash.deposit_credited', correlationId,
      events: [{ type: 'cash.deposit_credited', resourceType: 'investor', resourceId: investorId, data: { txHash: data.txHash, from: data.from } }],
    })
    if (!entry || !ctx.config.PLATFORM_CASH_AUTO_PAY) return 0
    await startWorkflow(tx, ctx, { id: autoPayWorkflowId(data.id), investorId, kind: 'CASH_AUTO_PAY', step: 'pay', state: { investorId, asset, depositId: data.id }, correlationId })
    // Crash tests: credited and the payment started, inside the inbox's transaction, before it commits.
    ctx.failpoint?.('cash:after-deposit-credited')
    return 1
  }
  const credited = await tx.selectFrom('cash_entries').select('id').where('reference', '=', refs.deposit(data.id)).executeTakeFirst()
  if (!credited) return 0
  await appendEntry(tx, ctx, {
    investorId, asset, kind: 'RETRACTION', phase: 'SETTLED', amount, reference: refs.retraction(data.id), subject, details,
    actor: ACTOR, action: 'cash.deposit_retracted', correlationId,
    events: [{ type: 'cash.deposit_retracted', resourceType: 'investor', resourceId: investorId, data: { txHash: data.txHash } }],
  })
  return 0
}
