import { createPublicClient, http, type Chain, type PublicClient, type Transport } from 'viem'
import type { CustodyContext } from '../context.ts'
import type { VaultRow } from '../vaults/serialize.ts'
import { NotFoundError } from '../../shared/errors.ts'

interface Fees {
  maxFeePerGas: bigint
  maxPriorityFeePerGas: bigint
}

const feeCache = new WeakMap<CustodyContext, { at: number; fees: Promise<Fees> }>()
const vaultCache = new WeakMap<CustodyContext, Map<string, VaultRow>>()
const clients = new WeakMap<CustodyContext, Map<string, PublicClient<Transport, Chain>>>()

/**
 * The client the pipeline reads and sends through: the service's node, with JSON-RPC
 * batching, so the calls a stage makes for a whole batch at once (simulations, balances,
 * broadcasts in nonce order, receipts) travel in one HTTP request instead of one each.
 * Each call still gets its own result or error, as without batching.
 */
export function pipelineClient(ctx: CustodyContext): PublicClient<Transport, Chain> {
  const url = nodeUrl(ctx)
  let m = clients.get(ctx)
  if (!m) clients.set(ctx, (m = new Map()))
  let c = m.get(url)
  if (!c) {
    c = createPublicClient({ chain: ctx.chain.publicClient.chain, transport: http(url, { batch: { batchSize: 100, wait: 0 }, retryCount: 2 }), pollingInterval: 50 }) as PublicClient<Transport, Chain>
    m.set(url, c)
  }
  return c
}

/** The node the pipeline uses now: the leading one of several (select-node.ts), else the only one. */
export function nodeUrl(ctx: CustodyContext): string {
  return ctx.chain.nodes?.current ?? ctx.chain.rpcUrl
}

const senders = new WeakMap<CustodyContext, Map<string, PublicClient<Transport, Chain>>>()

/**
 * The client broadcasts go through: the service's node without JSON-RPC batching, since an
 * address's transactions are sent one at a time (see broadcast-order.ts) and a batch would
 * only add its scheduling delay to each. A gap-first group's higher nonces, sent together, go
 * through the batching pipeline client instead.
 */
export function broadcastClient(ctx: CustodyContext): PublicClient<Transport, Chain> {
  const url = nodeUrl(ctx)
  let m = senders.get(ctx)
  if (!m) senders.set(ctx, (m = new Map()))
  let c = m.get(url)
  if (!c) {
    c = createPublicClient({ chain: ctx.chain.publicClient.chain, transport: http(url, { retryCount: 2 }) }) as PublicClient<Transport, Chain>
    m.set(url, c)
  }
  return c
}

/** Current EIP-1559 fees, asked of the node at most once a second (a batch shares one request). */
export async function currentFees(ctx: CustodyContext, opts: { fresh?: boolean } = {}): Promise<Fees> {
  const hit = feeCache.get(ctx)
  if (hit && !opts.fresh && Date.now() - hit.at < 1000) return hit.fees
  const fees = pipelineClient(ctx)
    .estimateFeesPerGas()
    .then((est) => ({ maxPriorityFeePerGas: est.maxPriorityFeePerGas ?? 1_000_000_000n, maxFeePerGas: est.maxFeePerGas ?? 2_000_000_000n }))
  feeCache.set(ctx, { at: Date.now(), fees })
  // A failed read is not kept: the next asker tries again.
  fees.catch(() => {
    if (feeCache.get(ctx)?.fees === fees) feeCache.delete(ctx)
  })
  return fees
}

/** A vault's row; vault rows never change after creation, so they are cached. */
export async function vaultOf(ctx: CustodyContext, id: string): Promise<VaultRow> {
  const row = await findVault(ctx, id)
  if (!row) throw new NotFoundError('vault', id)
  return row
}

/** A vault's row, or undefined when there is none (only rows found are cached). */
export async function findVault(ctx: CustodyContext, id: string): Promise<VaultRow | undefined> {
  let m = vaultCache.get(ctx)
  if (!m) vaultCache.set(ctx, (m = new Map()))
  const hit = m.get(id)
  if (hit) return hit
  const row = await ctx.db.selectFrom('vaults').selectAll().where('id', '=', id).executeTakeFirst()
  if (row) m.set(id, row)
  return row
}
