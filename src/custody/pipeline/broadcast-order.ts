import type { Hex } from 'viem'
import type { BroadcastOrder, CustodyContext } from '../context.ts'
import { sendRaw } from './broadcast.ts'
import { broadcastClient, pipelineClient } from './chain-cache.ts'

export interface SignedForBroadcast {
  id: string
  nonce: bigint
  raw: Hex
}

export type SendResult = Awaited<ReturnType<typeof sendRaw>>

/** Longest a group's lowest transaction waits for the address's earlier ones to be mined before it is sent anyway. */
const BARRIER_MAX_MS = 2000
const BARRIER_POLL_MS = 2

const detected = new WeakMap<CustodyContext, Promise<BroadcastOrder>>()

/**
 * The order in use: the setting, or with `auto`, `gap-first` when the node is anvil with
 * automine on and `ascending` otherwise. Asked of the node once; a failed question is not
 * remembered (this broadcast goes `ascending`, the next one asks again).
 */
export function broadcastOrder(ctx: CustodyContext): Promise<BroadcastOrder> {
  const setting = ctx.pipeline.broadcastOrder
  if (setting !== 'auto') return Promise.resolve(setting)
  let order = detected.get(ctx)
  if (!order) {
    const asked = detectOrder(ctx)
    detected.set(ctx, asked)
    order = asked.catch((err: unknown) => {
      if (detected.get(ctx) === asked) detected.delete(ctx)
      ctx.logger.warn({ err: String((err as Error)?.message ?? err).slice(0, 300) }, 'could not ask the node how it mines; broadcasting in ascending order')
      return 'ascending' as const
    })
  }
  return order
}

async function detectOrder(ctx: CustodyContext): Promise<BroadcastOrder> {
  const client = broadcastClient(ctx)
  const version = await client.request({ method: 'web3_clientVersion' })
  if (!/^anvil\//i.test(version)) return 'ascending'
  const automine = await client.request({ method: 'anvil_getAutomine' as never })
  return automine === true ? 'gap-first' : 'ascending'
}

/**
 * Sends one address's transactions (any order given) and returns what became of each.
 * Callers serialise calls per address (`inNonceOrder`), so groups reach the node in order.
 */
export async function sendGroup(ctx: CustodyContext, address: string, txs: SignedForBroadcast[], order: BroadcastOrder): Promise<Map<string, SendResult>> {
  const sorted = [...txs].sort((a, b) => (a.nonce < b.nonce ? -1 : a.nonce > b.nonce ? 1 : 0))
  const out = new Map<string, SendResult>()
  if (order === 'ascending' || sorted.length === 0) {
    for (const t of sorted) out.set(t.id, await sendRaw(ctx, t.raw))
    return out
  }
  const [lowest, ...higher] = sorted as [SignedForBroadcast, ...SignedForBroadcast[]]
  // The higher nonces first: their predecessor (`lowest`) is not at the node yet, so none of
  // them can be ready, let alone being mined, whatever order the node works through them in.
  // One JSON-RPC batch (the pipeline client batches calls made together).
  const results = await Promise.all(higher.map((t) => sendRaw(ctx, t.raw, pipelineClient(ctx))))
  higher.forEach((t, i) => out.set(t.id, results[i]!))
  const sent = highestSent(ctx)
  // Only a predecessor already at the node can be being mined now: one this process handed
  // over, or one the node holds as pending (sent by another custody process). One not there
  // yet (its group is still on its way) will arrive as the lowest of its own group and make
  // this one ready with it, so this one goes now, as a future transaction.
  const handedOver = sent.has(address) && sent.get(address)! >= lowest.nonce - 1n
  if (handedOver || (await pendingAtNode(ctx, address, lowest.nonce))) await minedUpTo(ctx, address, lowest.nonce)
  out.set(lowest.id, await sendRaw(ctx, lowest.raw))
  const top = sorted.at(-1)!.nonce
  if (!sent.has(address) || sent.get(address)! < top) sent.set(address, top)
  return out
}

const sentByProcess = new WeakMap<CustodyContext, Map<string, bigint>>()

/** The highest nonce this process has handed to the node, by address (gap-first only). */
function highestSent(ctx: CustodyContext): Map<string, bigint> {
  let m = sentByProcess.get(ctx)
  if (!m) sentByProcess.set(ctx, (m = new Map()))
  return m
}

/** Whether the node holds a transaction of `address` just below `nonce` that is not mined yet. */
async function pendingAtNode(ctx: CustodyContext, address: string, nonce: bigint): Promise<boolean> {
  const client = pipelineClient(ctx)
  const [mined, pending] = await Promise.all([client.getTransactionCount({ address: address as Hex, blockTag: 'latest' }), client.getTransactionCount({ address: address as Hex, blockTag: 'pending' })])
  return BigInt(mined) < nonce && BigInt(pending) >= nonce
}

/**
 * Waits until every transaction of `address` below `nonce` is mined (the account's nonce in
 * the latest block has reached it), or BARRIER_MAX_MS. Sent while its predecessor is being
 * mined, a transaction can be left queued and never mined by anvil's automine
 * (foundry-rs/foundry#10122); sent after, it is ready the moment it arrives and brings the
 * group waiting behind it along.
 */
async function minedUpTo(ctx: CustodyContext, address: string, nonce: bigint): Promise<void> {
  const deadline = Date.now() + BARRIER_MAX_MS
  for (;;) {
    const mined = await pipelineClient(ctx).getTransactionCount({ address: address as Hex, blockTag: 'latest' })
    if (BigInt(mined) >= nonce) return
    if (Date.now() > deadline) {
      ctx.logger.warn({ address, nonce: nonce.toString(), mined }, 'earlier transactions of the address not mined yet; sending anyway')
      return
    }
    await new Promise((r) => setTimeout(r, BARRIER_POLL_MS))
  }
}

const sending = new WeakMap<CustodyContext, Map<string, Promise<unknown>>>()

/**
 * Runs `send` once every earlier broadcast from `address` in this process has been
 * answered, so the node receives an address's groups one after the other in nonce order.
 * Sent together (two batches in flight, or one JSON-RPC batch the node works through
 * concurrently), a later nonce can reach the node while the earlier one is being mined,
 * and anvil's automine may then leave it queued and unmined even once the gap is filled
 * (foundry-rs/foundry#10122): the transaction, and every later one of that address, stalls
 * until it is replaced as stuck. Behind a load-balanced RPC provider, in-order arrival
 * matters for the same reason.
 */
export function inNonceOrder<T>(ctx: CustodyContext, address: string, send: () => Promise<T>): Promise<T> {
  let chains = sending.get(ctx)
  if (!chains) sending.set(ctx, (chains = new Map()))
  const run = (chains.get(address) ?? Promise.resolve()).then(send)
  const settled = run.catch(() => undefined)
  chains.set(address, settled)
  // Forgotten once nothing else has queued behind it.
  void settled.then(() => {
    if (chains.get(address) === settled) chains.delete(address)
  })
  return run
}
