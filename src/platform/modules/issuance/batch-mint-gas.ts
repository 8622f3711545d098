import { encodeFunctionData, type Address, type Chain, type PublicClient, type Transport } from 'viem'
import { tokenAbi } from '../../../chain/generated/abis.ts'
import { revertReason } from '../../../chain/revert-reason.ts'
import { ChainError, CustosError } from '../../../shared/errors.ts'

/** EIP-7825 (Osaka): the most gas one transaction may ask for. */
export const TX_GAS_CAP = 16_777_216n

/** The gas limit custody gives a transaction whose estimate is `estimate` (custody's pipeline: × 1.2 + 10,000). */
export const custodyGasLimit = (estimate: bigint): bigint => (estimate * 120n) / 100n + 10_000n

/** The largest estimate whose custody gas limit stays within the cap: (16,777,216 − 10,000) / 1.2 = 13,972,680. */
export const MAX_CHUNK_ESTIMATE = ((TX_GAS_CAP - 10_000n) * 100n) / 120n

/**
 * What a chunk's predicted gas may reach by default: 90 % of
 * {@link MAX_CHUNK_ESTIMATE} (12,575,412), the rest a margin for what the
 * linear model misses (holders whose identities carry more claims, module
 * state that changed since the plan).
 */
export const DEFAULT_CHUNK_GAS_BUDGET = (MAX_CHUNK_ESTIMATE * 90n) / 100n

/**
 * When no two holders of a batch are new to the token, the probe can only
 * measure existing holders; the plan then counts each holder at 1.5 times
 * that, an upper bound of a first-time holder (measured 1.24 times with the
 * KYC topic and three compliance modules: bench/batch-mint).
 */
export const FIRST_TIME_BOUND_PERCENT = 150n

/** Holders in the larger probe. */
export const PROBE_HOLDERS = 6

/** How much gas a batchMint of n holders of this token is planned to take: base + n × per holder. */
export interface HolderGasModel {
  baseGas: bigint
  perHolderGas: bigint
  probe: 'first-time' | 'existing'
}

export interface ProbeItem {
  wallet: Address
  quantity: bigint
}

export interface MeasureHolderGasParameters {
  token: Address
  /** Who will send the batchMint (the issuer-agent vault): a token agent. */
  from: Address
  /** One to {@link PROBE_HOLDERS} holders of the batch, all new to the token when `firstTime`. */
  probe: readonly ProbeItem[]
  firstTime: boolean
}

/** The chain refused a probe of the batch (it would revert when sent). */
export class BatchMintSimulationError extends CustosError {
  override readonly name = 'BatchMintSimulationError'
  constructor(reason: string) {
    super('BATCH_MINT_SIMULATION_REVERTED', `batchMint would revert: ${reason}`, { status: 422, details: { reason } })
  }
}

/** The gas budget cannot hold a single holder. */
export class ChunkBudgetTooSmallError extends CustosError {
  override readonly name = 'ChunkBudgetTooSmallError'
  constructor(budget: bigint, model: HolderGasModel) {
    super('BATCH_MINT_CHUNK_GAS_TOO_SMALL', `a chunk gas budget of ${budget} cannot hold one holder (base ${model.baseGas} + ${model.perHolderGas} per holder)`, {
      status: 422,
      details: { chunkGasBudget: budget.toString(), baseGas: model.baseGas.toString(), perHolderGas: model.perHolderGas.toString() },
    })
  }
}

/**
 * Measures this token's batchMint cost by estimating it (eth_estimateGas, as
 * custody will) from the sender for two and for all probe holders: the
 * difference over the extra holders is the gas per holder, the rest the
 * call's base. (From two, because the step from one holder to two is a
 * little cheaper than every later one.) Probing existing holders bounds a
 * first-time holder by {@link FIRST_TIME_BOUND_PERCENT}.
 *
 * @example
 * const model = await measureHolderGas(client, { token, from: issuerAgent.address, probe, firstTime: true })
 */
export async function measureHolderGas(client: PublicClient<Transport, Chain>, p: MeasureHolderGasParameters): Promise<HolderGasModel> {
  if (p.probe.length === 0) throw new CustosError('BATCH_MINT_PROBE_EMPTY', 'a gas probe needs at least one holder', { status: 500 })
  const estimate = async (items: readonly ProbeItem[]) => {
    const data = encodeFunctionData({ abi: tokenAbi, functionName: 'batchMint', args: [items.map((i) => i.wallet), items.map((i) => i.quantity)] })
    try {
      return await client.estimateGas({ account: p.from, to: p.token, data })
    } catch (err) {
      if (/revert/i.test(String((err as Error)?.message))) throw new BatchMintSimulationError(revertReason(err))
      throw new ChainError('CHAIN_UNAVAILABLE', `estimating batchMint failed: ${(err as Error)?.message}`, { cause: err })
    }
  }
  let baseGas = 0n
  let perHolderGas: bigint
  if (p.probe.length === 1) perHolderGas = await estimate(p.probe)
  else {
    const small = p.probe.length >= 3 ? 2 : 1
    const few = await estimate(p.probe.slice(0, small))
    const all = await estimate(p.probe)
    const extra = BigInt(p.probe.length - small)
    perHolderGas = (all - few + extra - 1n) / extra
    baseGas = few > perHolderGas * BigInt(small) ? few - perHolderGas * BigInt(small) : 0n
  }
  if (!p.firstTime) perHolderGas = (perHolderGas * FIRST_TIME_BOUND_PERCENT + 99n) / 100n
  return { baseGas, perHolderGas, probe: p.firstTime ? 'first-time' : 'existing' }
}

/** The most holders one chunk may take: its predicted gas (base + n × per holder) stays within the budget. */
export function holdersPerChunk(model: HolderGasModel, budget: bigint = DEFAULT_CHUNK_GAS_BUDGET): number {
  const n = model.perHolderGas > 0n ? (budget - model.baseGas) / model.perHolderGas : 0n
  if (n < 1n) throw new ChunkBudgetTooSmallError(budget, model)
  return Number(n)
}

/** One chunk of a plan: items [firstItem, lastItem] in the batch's order. */
export interface PlannedChunk {
  index: number
  firstItem: number
  lastItem: number
  holders: number
  predictedGas: bigint
}

/**
 * Cuts `itemCount` items, in order, into as few chunks as the budget allows,
 * balanced (sizes differ by at most one) so that no chunk runs close to the
 * budget when fewer would do.
 *
 * @example
 * planChunks(100, { baseGas: 200_000n, perHolderGas: 180_000n, probe: 'first-time' }) // 2 chunks of 50
 */
export function planChunks(itemCount: number, model: HolderGasModel, budget: bigint = DEFAULT_CHUNK_GAS_BUDGET): PlannedChunk[] {
  if (!Number.isInteger(itemCount) || itemCount < 1) throw new CustosError('BATCH_MINT_EMPTY', 'a batch needs at least one item', { status: 400 })
  const max = holdersPerChunk(model, budget)
  const count = Math.ceil(itemCount / max)
  const size = Math.floor(itemCount / count)
  const larger = itemCount % count
  const chunks: PlannedChunk[] = []
  let next = 0
  for (let index = 0; index < count; index++) {
    const holders = size + (index < larger ? 1 : 0)
    chunks.push({ index, firstItem: next, lastItem: next + holders - 1, holders, predictedGas: model.baseGas + BigInt(holders) * model.perHolderGas })
    next += holders
  }
  return chunks
}
