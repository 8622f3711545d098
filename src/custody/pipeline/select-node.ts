import type { CustodyContext } from '../context.ts'
import { leadingNode, readNodeHeads } from '../../chain/node-heads.ts'

/**
 * With several nodes (RPC_URLS), points the pipeline at the one with the highest head:
 * a node that lags is not used to decide confirmations or nonces, and one that stops
 * answering is left (failover). Runs at the start of every chain watch pass. Returns the
 * node in use.
 */
export async function selectNode(ctx: CustodyContext): Promise<string> {
  const nodes = ctx.chain.nodes
  if (!nodes || nodes.urls.length < 2) return ctx.chain.rpcUrl
  const heads = await readNodeHeads(nodes.urls)
  const best = leadingNode(heads)
  if (!best) return nodes.current
  const current = heads.find((h) => h.url === nodes.current)
  // Stay on the current node while it is level with the best (no flapping on ties).
  if (current?.head !== null && current?.head !== undefined && current.head >= best.head!) return nodes.current
  ctx.logger.warn({ from: nodes.current, to: best.url, heads: heads.map((h) => ({ url: h.url, head: h.head?.toString() ?? null })) }, 'switching RPC node: the one in use lags or does not answer')
  nodes.current = best.url
  return best.url
}
