import { getAddress } from 'viem'
import { tokenAbi } from '../../../chain/generated/abis.ts'
import type { PlatformContext } from '../../context.ts'
import { totalsAt } from '../indexer/public.ts'
import { tokenSources } from '../indexer/read-sources.ts'
import type { Drift } from './raise-alert.ts'

export interface SupplyCheck {
  tokenId: string
  atBlock: string
  indexed: string
  chain: string | null
  status: 'MATCH' | 'MISMATCH' | 'SKIPPED'
  reason?: string
}

export interface CheckSupplyReturnType {
  tokens: SupplyCheck[]
  drifts: Drift[]
}

/**
 * Per token, the supply the index adds up to (mints − burns) at the token's
 * indexed head against `totalSupply()` read at that same block. The node
 * keeps old state only for a while: when the index is too far behind for
 * that read, the token is skipped this run rather than compared with
 * another block.
 */
export async function checkSupply(ctx: PlatformContext): Promise<CheckSupplyReturnType> {
  const sources = await tokenSources(ctx)
  const out: CheckSupplyReturnType = { tokens: [], drifts: [] }
  for (const s of sources) {
    const tokenId = s.token_id!
    if (s.synced_to < s.start_block) {
      out.tokens.push({ tokenId, atBlock: s.synced_to.toString(), indexed: '0', chain: null, status: 'SKIPPED', reason: 'not indexed yet' })
      continue
    }
    const indexed = (await totalsAt(ctx.db, tokenId, s.synced_to)).supply
    let chain: bigint
    try {
      chain = await ctx.chain.publicClient.readContract({ address: getAddress(s.address), abi: tokenAbi, functionName: 'totalSupply', blockNumber: s.synced_to })
    } catch (err) {
      out.tokens.push({ tokenId, atBlock: s.synced_to.toString(), indexed: indexed.toString(), chain: null, status: 'SKIPPED', reason: `totalSupply at block ${s.synced_to} not readable: ${(err as { shortMessage?: string }).shortMessage ?? (err as Error).message}` })
      continue
    }
    const status = chain === indexed ? 'MATCH' : 'MISMATCH'
    out.tokens.push({ tokenId, atBlock: s.synced_to.toString(), indexed: indexed.toString(), chain: chain.toString(), status })
    if (status === 'MISMATCH') {
      out.drifts.push({
        kind: 'SUPPLY_MISMATCH',
        key: `SUPPLY_MISMATCH:${tokenId}:${indexed}:${chain}`,
        tokenId,
        blockNumber: s.synced_to,
        details: { atBlock: s.synced_to.toString(), indexedSupply: indexed.toString(), chainSupply: chain.toString(), message: 'the supply the indexed events add up to differs from totalSupply() at the same block' },
      })
    }
  }
  return out
}
