import type { Hex } from 'viem'
import type { CustodyContext } from '../context.ts'
import { transition } from '../transactions/transition.ts'
import type { TransactionRow } from '../transactions/serialize.ts'

const SYSTEM = 'system:pipeline'

/** Errors that mean the node already has (or had) this exact transaction. */
const ALREADY_SENT = /already known|known transaction|nonce too low|already imported|replacement transaction underpriced/i

/** Sends stored signed bytes; true if the node has them now. */
export async function sendRaw(ctx: CustodyContext, raw: Hex): Promise<boolean> {
  try {
    await ctx.chain.publicClient.request({ method: 'eth_sendRawTransaction', params: [raw] })
    return true
  } catch (err) {
    const msg = String((err as Error)?.message ?? err)
    if (ALREADY_SENT.test(msg)) return true
    ctx.logger.warn({ err: msg.slice(0, 300) }, 'broadcast failed; will retry')
    return false
  }
}

/**
 * BROADCASTING → CONFIRMING: sends the latest stored signed bytes (the same
 * ones after a crash or a reorg). A node that refuses leaves it BROADCASTING
 * for another try.
 */
export async function broadcastStep(ctx: CustodyContext, t: TransactionRow): Promise<{ row: TransactionRow; wait?: Date }> {
  const latest = await ctx.db.selectFrom('tx_broadcasts').select(['raw', 'tx_hash']).where('transaction_id', '=', t.id).orderBy('id', 'desc').executeTakeFirstOrThrow()
  const ok = await sendRaw(ctx, latest.raw as Hex)
  if (!ok) return { row: t, wait: new Date(ctx.clock.now().getTime() + 1000) }
  ctx.failpoint?.('after-broadcast')
  const row = await transition(ctx, t, 'CONFIRMING', { actor: SYSTEM, patch: { broadcast_at: ctx.clock.now(), tx_hash: latest.tx_hash }, subStatus: t.sub_status === 'REORGED' ? 'REORGED' : null })
  return { row }
}
