/** One RPC node's answer: its head block, or null when it did not answer in time. */
export interface NodeHead {
  url: string
  head: bigint | null
}

/**
 * Asks each node for its head block (`eth_blockNumber`) at once, each within `timeoutMs`.
 *
 * @example
 * const heads = await readNodeHeads(['http://a:8545', 'http://b:8545'])
 */
export async function readNodeHeads(urls: readonly string[], timeoutMs = 2000): Promise<NodeHead[]> {
  return Promise.all(
    urls.map(async (url) => {
      try {
        const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_blockNumber', params: [] }), signal: AbortSignal.timeout(timeoutMs) })
        const body = (await res.json()) as { result?: string }
        return { url, head: body.result ? BigInt(body.result) : null }
      } catch {
        return { url, head: null }
      }
    }),
  )
}

/**
 * The node to trust: the one with the highest head among those that answered (the first
 * listed on a tie). A node behind it is not used to decide confirmations or nonces.
 * Returns null when none answered.
 */
export function leadingNode(heads: readonly NodeHead[]): NodeHead | null {
  let best: NodeHead | null = null
  for (const h of heads) if (h.head !== null && (best === null || h.head > best.head!)) best = h
  return best
}
