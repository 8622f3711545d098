import { getAddress, type Address } from 'viem'
import { custosLockupModuleAbi, modularComplianceAbi, tokenAbi } from '../../../chain/generated/abis.ts'
import { requireDeployments } from '../../chain/require-deployments.ts'
import type { PlatformContext } from '../../context.ts'
import type { TokenRow } from '../tokens/read-tokens.ts'

/**
 * What `wallet` may still tender or redeem: its balance less frozen tokens and,
 * when the token binds the Custos lock-up module, less locked lots (the
 * module's own view, chain time) — the same rule the settlement contract
 * applies on-chain — less what it already tendered into offers of this token
 * that have not settled.
 */
export async function freeBalanceOf(ctx: PlatformContext, token: TokenRow, wallet: Address, excludeOfferId?: string): Promise<{ free: bigint; frozen: boolean; pending: bigint }> {
  const address = getAddress(token.token_address!)
  const read = <T>(functionName: string, args: readonly unknown[]) => ctx.chain.publicClient.readContract({ address, abi: tokenAbi, functionName: functionName as never, args: args as never }) as Promise<T>
  const [balance, frozenTokens, frozen] = await Promise.all([read<bigint>('balanceOf', [wallet]), read<bigint>('getFrozenTokens', [wallet]), read<boolean>('isFrozen', [wallet])])
  let free = balance > frozenTokens ? balance - frozenTokens : 0n
  const lockup = requireDeployments(ctx).modules?.lockup
  if (lockup && token.compliance_address) {
    const compliance = getAddress(token.compliance_address)
    const bound = await ctx.chain.publicClient.readContract({ address: compliance, abi: modularComplianceAbi, functionName: 'isModuleBound', args: [getAddress(lockup)] })
    if (bound) {
      const transferable = await ctx.chain.publicClient.readContract({ address: getAddress(lockup), abi: custosLockupModuleAbi, functionName: 'transferableBalanceOf', args: [compliance, wallet] })
      if (transferable < free) free = transferable
    }
  }
  let q = ctx.db
    .selectFrom('redemption_requests')
    .innerJoin('redemption_offers', 'redemption_offers.id', 'redemption_requests.offer_id')
    .select(['redemption_requests.quantity', 'redemption_requests.allocated', 'redemption_requests.status'])
    .where('redemption_offers.token_id', '=', token.id)
    .where('redemption_requests.wallet', '=', getAddress(wallet))
    .where('redemption_requests.status', 'in', ['PENDING', 'ALLOCATED'])
  if (excludeOfferId) q = q.where('redemption_offers.id', '!=', excludeOfferId)
  const rows = await q.execute()
  const pending = rows.reduce((s, r) => s + BigInt(r.status === 'ALLOCATED' ? (r.allocated ?? '0') : r.quantity), 0n)
  return { free: free > pending ? free - pending : 0n, frozen, pending }
}
