import type { Address, Hex } from 'viem'
import type { CustodyContext } from '../context.ts'
import { revertReason } from '../../chain/revert-reason.ts'
import { MAX_UINT256 } from '../../shared/http/amount.ts'
import { createTransaction } from '../transactions/create-transaction.ts'
import type { TransactionRow } from '../transactions/serialize.ts'
import { currentFees, pipelineClient } from './chain-cache.ts'
import { GAS_STATION_EMPTY, shortfallReason, type GasStationShortfall } from './gas-station-empty.ts'

export const GAS_STATION_PURPOSE = 'gas-station'

export type PreparePlan =
  | { kind: 'fail'; subStatus: string; reason: string }
  | { kind: 'wait-gas'; topUpId: string }
  | { kind: 'wait-station'; shortfall: GasStationShortfall; reason: string }
  | { kind: 'ready'; gas: bigint; maxFeePerGas: bigint; maxPriorityFeePerGas: bigint }

/**
 * What a QUEUED transaction needs before its nonce is reserved: simulation
 * (gas estimation executes the call; a revert ends it FAILED with the reason
 * and no gas spent), gas and fees, and a vault that can pay — the gas station
 * tops it up first, as its own tracked transaction. When the station itself cannot pay,
 * the transaction waits (GAS_STATION_EMPTY, decision 0092) instead of failing.
 */
export async function planPrepare(ctx: CustodyContext, t: TransactionRow, batch?: PrepareBatch): Promise<PreparePlan> {
  const client = pipelineClient(ctx)
  const from = t.from_address as Address
  // A value no transaction can carry (stored by an entry point that did not bound it) would fail
  // every attempt the same way: it ends FAILED with the reason instead of being retried for ever.
  const value = BigInt(t.value)
  if (value < 0n || value > MAX_UINT256) return { kind: 'fail', subStatus: 'VALUE_NOT_ENCODABLE', reason: `value ${t.value} wei does not fit in 256 bits; no transaction can carry it` }
  let gas: bigint
  try {
    gas = await client.estimateGas({ account: from, to: t.to_address as Address, data: t.data as Hex, value })
  } catch (err) {
    if (isRevert(err)) return { kind: 'fail', subStatus: 'SIMULATION_REVERTED', reason: revertReason(err) }
    const encoding = encodingError(err)
    if (encoding) return { kind: 'fail', subStatus: 'NOT_ENCODABLE', reason: `the transaction cannot be encoded: ${encoding}` }
    if (/insufficient funds/i.test(String((err as Error)?.message))) gas = 0n
    else throw err
  }
  const fees = await currentFees(ctx)
  if (gas === 0n) gas = 100_000n
  gas = (gas * 120n) / 100n + 10_000n
  const need = gas * fees.maxFeePerGas + value
  const balance = await balanceOf(ctx, from, batch)
  if (balance >= need) return { kind: 'ready', gas, ...fees }
  if (t.kind === 'GAS_TOPUP' && t.source_vault_id) {
    const shortfall = { stationId: t.source_vault_id, address: from, balance, needed: need }
    return { kind: 'wait-station', shortfall, reason: shortfallReason(shortfall, `for this top-up of ${value} wei`) }
  }

  const topUp = await ensureGasTopUp(ctx, t, need - balance, fees.maxFeePerGas, batch)
  if (topUp.kind === 'station-empty') return { kind: 'wait-station', shortfall: topUp.shortfall, reason: shortfallReason(topUp.shortfall, `to top up ${from} by ${topUp.amount} wei`) }
  if (topUp.kind === 'no-station') return { kind: 'fail', subStatus: 'INSUFFICIENT_FUNDS', reason: `vault holds ${balance} wei and needs ${need} wei; no gas station can fund it` }
  if (topUp.kind === 'failed') return { kind: 'fail', subStatus: 'GAS_STATION_FAILED', reason: `gas top-up ${topUp.id} ended ${topUp.status}` }
  return { kind: 'wait-gas', topUpId: topUp.id }
}

/** What the transactions of one batch share while they are prepared together. */
export interface PrepareBatch {
  /** One balance read per address for the batch, asked for at the same moment as one read each would be. */
  balances: Map<string, Promise<bigint>>
}

function balanceOf(ctx: CustodyContext, address: Address, batch?: PrepareBatch): Promise<bigint> {
  if (!batch) return pipelineClient(ctx).getBalance({ address })
  const key = address.toLowerCase()
  let p = batch.balances.get(key)
  if (!p) {
    p = pipelineClient(ctx).getBalance({ address })
    batch.balances.set(key, p)
    // A failed read is not shared: the next asker tries again.
    p.catch(() => batch.balances.delete(key))
  }
  return p
}

function isRevert(err: unknown): boolean {
  const msg = String((err as Error)?.message ?? '')
  return /revert/i.test(msg)
}

/**
 * The message of an error that says the request itself cannot be encoded (a number out of
 * range, a value too large for its field): deterministic, so retrying cannot help. Looks
 * through the error's causes, as viem wraps them.
 */
function encodingError(err: unknown): string | undefined {
  for (let e = err as { name?: string; shortMessage?: string; message?: string; cause?: unknown } | undefined, depth = 0; e && depth < 8; e = e.cause as typeof e, depth++) {
    if (e.name === 'IntegerOutOfRangeError' || e.name === 'SizeOverflowError' || e.name === 'InvalidBytesLengthError') return e.shortMessage ?? e.message ?? e.name
  }
  return undefined
}

type TopUp =
  | { kind: 'pending'; id: string }
  | { kind: 'failed'; id: string; status: string }
  | { kind: 'no-station' }
  | { kind: 'station-empty'; shortfall: GasStationShortfall; amount: bigint }

/** Gas a plain value transfer (a top-up) is planned with, as `planPrepare` pads an estimate of 21,000. */
const TOP_UP_GAS = (21_000n * 120n) / 100n + 10_000n

async function ensureGasTopUp(ctx: CustodyContext, t: TransactionRow, shortfall: bigint, maxFeePerGas: bigint, batch?: PrepareBatch): Promise<TopUp> {
  if (t.kind === 'GAS_TOPUP') return { kind: 'no-station' }
  const station = await ctx.db.selectFrom('vaults').selectAll().where('purpose', '=', GAS_STATION_PURPOSE).orderBy('created_at').executeTakeFirst()
  if (!station || station.id === t.source_vault_id) return { kind: 'no-station' }
  const { gasTopUpMinWei: min, gasTopUpCapWei: cap } = ctx.pipeline
  let amount = shortfall > min ? shortfall : min
  if (amount > cap) amount = cap
  // Whether the station can pay this top-up now: if not, the transaction waits for it to be funded.
  const empty = async (): Promise<TopUp | null> => {
    const balance = await balanceOf(ctx, station.address as Address, batch)
    const needed = amount + TOP_UP_GAS * maxFeePerGas
    return balance < needed ? { kind: 'station-empty', shortfall: { stationId: station.id, address: station.address, balance, needed }, amount } : null
  }
  const children = await ctx.db.selectFrom('transactions').select(['id', 'status', 'sub_status']).where('parent_id', '=', t.id).where('kind', '=', 'GAS_TOPUP').orderBy('created_at', 'desc').execute()
  const latest = children[0]
  if (latest && !['COMPLETED', 'FAILED', 'REJECTED', 'CANCELLED', 'BLOCKED'].includes(latest.status)) {
    if (latest.sub_status === GAS_STATION_EMPTY) return (await empty()) ?? { kind: 'pending', id: latest.id }
    return { kind: 'pending', id: latest.id }
  }
  if (latest && latest.status !== 'COMPLETED' && children.length >= 3) return { kind: 'failed', id: latest.id, status: latest.status }
  if (amount < shortfall) return { kind: 'failed', id: '-', status: `CAPPED (needs ${shortfall} wei, cap ${cap})` }
  const stationEmpty = await empty()
  if (stationEmpty) return stationEmpty
  const { transaction } = await createTransaction(ctx, {
    initiator: { keyId: 'system', clientId: 'custody:gas-station' },
    input: { externalTxId: `gas:${t.id}:${children.length + 1}`, sourceVaultId: station.id, to: t.from_address, value: amount.toString(), note: `gas for transaction ${t.id}` },
    correlationId: t.correlation_id ?? undefined,
    kind: 'GAS_TOPUP',
    parentId: t.id,
  })
  return { kind: 'pending', id: transaction.id }
}
