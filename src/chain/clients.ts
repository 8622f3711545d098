import { createPublicClient, createWalletClient, http, type Account, type Chain, type PublicClient, type WalletClient, type Transport } from 'viem'
import { anvil as anvilChain } from 'viem/chains'

/** A chain definition for any RPC: anvil's when the id is 31337, otherwise a generic one. */
export function chainFor(chainId: number, rpcUrl: string): Chain {
  if (chainId === anvilChain.id) return { ...anvilChain, rpcUrls: { default: { http: [rpcUrl] } } }
  return {
    id: chainId,
    name: `chain-${chainId}`,
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [rpcUrl] } },
  }
}

export function publicClientFor(rpcUrl: string, chainId: number): PublicClient<Transport, Chain> {
  return createPublicClient({ chain: chainFor(chainId, rpcUrl), transport: http(rpcUrl, { batch: false, retryCount: 2 }), pollingInterval: 50 }) as PublicClient<Transport, Chain>
}

export function walletClientFor(rpcUrl: string, chainId: number, account: Account): WalletClient<Transport, Chain, Account> {
  return createWalletClient({ account, chain: chainFor(chainId, rpcUrl), transport: http(rpcUrl) })
}

/** Reads the chain id an RPC serves (used at boot to check configuration). */
export async function readChainId(rpcUrl: string): Promise<number> {
  const res = await fetch(rpcUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] }),
    signal: AbortSignal.timeout(5000),
  })
  const body = (await res.json()) as { result?: string }
  if (!body.result) throw new Error(`eth_chainId failed at ${rpcUrl}`)
  return Number(BigInt(body.result))
}
