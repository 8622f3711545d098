import type { Chain, Hex, PublicClient, Transport } from 'viem'
import type { CustodyContext } from '../context.ts'
import { broadcastClient } from './chain-cache.ts'

/** Errors that mean the node already has (or had) this exact transaction. */
const ALREADY_SENT = /already known|known transaction|nonce too low|already imported|replacement transaction underpriced/i

/** Errors that mean the node refuses the fee: the same bytes will never be accepted. */
const UNDERPRICED = /fee per gas less than|base fee|underpriced|fee too low|gas price too low|feecap/i

/**
 * Sends stored signed bytes: 'sent' if the node has them now, 'underpriced' if their fee is
 * refused. Through the unbatched broadcast client unless another is given.
 */
export async function sendRaw(ctx: CustodyContext, raw: Hex, client: PublicClient<Transport, Chain> = broadcastClient(ctx)): Promise<'sent' | 'underpriced' | 'failed'> {
  try {
    await client.request({ method: 'eth_sendRawTransaction', params: [raw] })
    return 'sent'
  } catch (err) {
    const msg = String((err as Error)?.message ?? err)
    if (ALREADY_SENT.test(msg)) return 'sent'
    if (UNDERPRICED.test(msg)) return 'underpriced'
    ctx.logger.warn({ err: msg.slice(0, 300) }, 'broadcast failed; will retry')
    return 'failed'
  }
}
