import { CallExecutionError, type Address, type Hex } from 'viem'
import type { CustodyContext } from '../context.ts'
import { revertReason } from '../../chain/revert-reason.ts'
import { createTransaction } from '../transactions/create-transaction.ts'
import { transition } from '../transactions/transition.ts'
import type { TransactionRow } from '../transactions/serialize.ts'
import { reserveNonce } from './nonces.ts'

export const GAS_STATION_PURPOSE = 'gas-station'
const SYSTEM = 'system:pipeline'

type Step = { row: TransactionRow; wait?: Date }

/**
 * QUEUED → PENDING_SIGNATURE: simulate the call (a revert ends it FAILED with
 * the reason and no gas spent), estimate gas and fees, make sure the vault can
 * pay (the gas station tops it up first, as its own transaction), then reserve
 * the nonce in the same database transaction as the status change.
 */
export async function prepareTransaction(ctx: CustodyContext, t: TransactionRow): Promise<Step> {
  const client = ctx.chain.publicClient
  const from = t.from_address as Address
  const call = { account: from, to: t.to_address as Address, data: t.data as Hex, value: BigInt(t.value) }
  let gas: bigint
  try {
    await client.call(call)
    gas = await client.estimateGas(call)
  } catch (err) {
    if (isRevert(err)) {
      const reason = revertReason(err)
      return { row: await transition(ctx, t, 'FAILED', { actor: SYSTEM, subStatus: `SIMULATION_REVERTED`, reason, patch: { completed_at: ctx.clock.now() } }) }
    }
    throw err
  }
  gas = (gas * 120n) / 100n + 10_000n
  const fees = await client.estimateFeesPerGas()
  const maxPriority = fees.maxPriorityFeePerGas ?? 1_000_000_000n
  const maxFee = fees.maxFeePerGas ?? 2n * (await client.getGasPrice())
  const need = gas * maxFee + BigInt(t.value)
  const balance = await client.getBalance({ address: from })

  if (balance < need) {
    const topUp = await ensureGasTopUp(ctx, t, need - balance)
    if (topUp.kind === 'no-station') {
      return { row: await transition(ctx, t, 'FAILED', { actor: SYSTEM, subStatus: 'INSUFFICIENT_FUNDS', reason: `vault holds ${balance} wei and needs ${need} wei; no gas station can fund it`, patch: { completed_at: ctx.clock.now() } }) }
    }
    if (topUp.kind === 'failed') {
      return { row: await transition(ctx, t, 'FAILED', { actor: SYSTEM, subStatus: 'GAS_STATION_FAILED', reason: `gas top-up ${topUp.id} ended ${topUp.status}`, patch: { completed_at: ctx.clock.now() } }) }
    }
    const row = t.sub_status === 'WAITING_FOR_GAS' ? t : await transition(ctx, t, 'QUEUED', { actor: SYSTEM, subStatus: 'WAITING_FOR_GAS', reason: `gas station top-up ${topUp.id}` })
    // The top-up's completion wakes this one; the wait is a backstop.
    return { row, wait: new Date(ctx.clock.now().getTime() + 30_000) }
  }

  ctx.failpoint?.('before-nonce-reservation')
  const row = await transition(ctx, t, 'PENDING_SIGNATURE', {
    actor: SYSTEM,
    patch: { gas_limit: gas.toString(), max_fee_per_gas: maxFee.toString(), max_priority_fee_per_gas: maxPriority.toString() },
    alsoInTx: async (tx, updated) => {
      const nonce = await reserveNonce(ctx, tx, from)
      await tx.updateTable('transactions').set({ nonce }).where('id', '=', updated.id).execute()
      updated.nonce = nonce
    },
  })
  ctx.failpoint?.('after-nonce-reservation')
  return { row }
}

function isRevert(err: unknown): boolean {
  if (err instanceof CallExecutionError) return true
  const msg = String((err as Error)?.message ?? '')
  return /revert/i.test(msg)
}

type TopUp = { kind: 'pending'; id: string } | { kind: 'failed'; id: string; status: string } | { kind: 'no-station' }

async function ensureGasTopUp(ctx: CustodyContext, t: TransactionRow, shortfall: bigint): Promise<TopUp> {
  if (t.kind === 'GAS_TOPUP') return { kind: 'no-station' }
  const station = await ctx.db.selectFrom('vaults').selectAll().where('purpose', '=', GAS_STATION_PURPOSE).orderBy('created_at').executeTakeFirst()
  if (!station || station.id === t.source_vault_id) return { kind: 'no-station' }
  const children = await ctx.db.selectFrom('transactions').select(['id', 'status']).where('parent_id', '=', t.id).where('kind', '=', 'GAS_TOPUP').orderBy('created_at', 'desc').execute()
  const latest = children[0]
  if (latest && !['COMPLETED', 'FAILED', 'REJECTED', 'CANCELLED', 'BLOCKED'].includes(latest.status)) return { kind: 'pending', id: latest.id }
  if (latest && latest.status !== 'COMPLETED' && children.length >= 3) return { kind: 'failed', id: latest.id, status: latest.status }
  const { gasTopUpMinWei: min, gasTopUpCapWei: cap } = ctx.pipeline
  let amount = shortfall > min ? shortfall : min
  if (amount > cap) amount = cap
  if (amount < shortfall) return { kind: 'failed', id: '-', status: `CAPPED (needs ${shortfall} wei, cap ${cap})` }
  const { transaction } = await createTransaction(ctx, {
    initiator: { keyId: 'system', clientId: 'custody:gas-station' },
    input: { externalTxId: `gas:${t.id}:${children.length + 1}`, sourceVaultId: station.id, to: t.from_address, value: amount.toString(), note: `gas for transaction ${t.id}` },
    correlationId: t.correlation_id ?? undefined,
    kind: 'GAS_TOPUP',
    parentId: t.id,
  })
  return { kind: 'pending', id: transaction.id }
}
