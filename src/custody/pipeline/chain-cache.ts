import type { CustodyContext } from '../context.ts'
import type { VaultRow } from '../vaults/serialize.ts'

interface Fees {
  maxFeePerGas: bigint
  maxPriorityFeePerGas: bigint
}

const feeCache = new WeakMap<CustodyContext, { at: number; fees: Fees }>()
const vaultCache = new WeakMap<CustodyContext, Map<string, VaultRow>>()

/** Current EIP-1559 fees, asked of the node at most once a second (a batch shares them). */
export async function currentFees(ctx: CustodyContext, opts: { fresh?: boolean } = {}): Promise<Fees> {
  const hit = feeCache.get(ctx)
  if (hit && !opts.fresh && Date.now() - hit.at < 1000) return hit.fees
  const est = await ctx.chain.publicClient.estimateFeesPerGas()
  const fees = { maxPriorityFeePerGas: est.maxPriorityFeePerGas ?? 1_000_000_000n, maxFeePerGas: est.maxFeePerGas ?? 2_000_000_000n }
  feeCache.set(ctx, { at: Date.now(), fees })
  return fees
}

/** A vault's row; vault rows never change after creation, so they are cached. */
export async function vaultOf(ctx: CustodyContext, id: string): Promise<VaultRow> {
  let m = vaultCache.get(ctx)
  if (!m) vaultCache.set(ctx, (m = new Map()))
  const hit = m.get(id)
  if (hit) return hit
  const row = await ctx.db.selectFrom('vaults').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
  m.set(id, row)
  return row
}
