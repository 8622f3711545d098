/** The chain as readiness and metrics see it: whether it answers with our chain id, and its head. */
export interface ChainStatus {
  ok: boolean
  blockNumber: bigint | null
}

export interface ChainProbe {
  /** The last answer if it is younger than the probe's ttl; otherwise one RPC call, shared by concurrent callers. */
  check(): Promise<ChainStatus>
}

/**
 * Asks the node for its chain id and head at most once per `ttlMs`: probes
 * every few seconds from a load balancer and a scrape must not each cost an
 * RPC call.
 */
export function createChainProbe(opts: { rpcUrl: string; chainId: number; ttlMs?: number; now?: () => number }): ChainProbe {
  const ttl = opts.ttlMs ?? 5000
  const now = opts.now ?? Date.now
  let last: { at: number; status: ChainStatus } | null = null
  let inFlight: Promise<ChainStatus> | null = null
  const ask = async (): Promise<ChainStatus> => {
    try {
      const res = await fetch(opts.rpcUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify([
          { jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] },
          { jsonrpc: '2.0', id: 2, method: 'eth_blockNumber', params: [] },
        ]),
        signal: AbortSignal.timeout(2000),
      })
      const answers = (await res.json()) as { id: number; result?: string }[]
      const byId = new Map(answers.map((a) => [a.id, a.result]))
      const chainId = byId.get(1)
      const head = byId.get(2)
      return { ok: chainId !== undefined && Number(BigInt(chainId)) === opts.chainId, blockNumber: head ? BigInt(head) : null }
    } catch {
      return { ok: false, blockNumber: null }
    }
  }
  return {
    check() {
      if (last && now() - last.at < ttl) return Promise.resolve(last.status)
      inFlight ??= ask().then((status) => {
        last = { at: now(), status }
        inFlight = null
        return status
      })
      return inFlight
    },
  }
}
