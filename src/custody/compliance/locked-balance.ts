import { parseAbi, type Address } from 'viem'
import { restrictionOfModule } from '../../shared/compliance/restriction-codes.ts'
import type { CustodyContext } from '../context.ts'

/** A compliance module bound to a token's compliance, with its `name()`. */
export interface BoundModule {
  address: Address
  name: string
}

export interface LockedBalance {
  /** Base units of the wallet's balance that may not move yet. */
  locked: bigint
  /** When the last locked lot is released, when the source says. */
  until: Date | null
}

const LOCKUP_ABI = parseAbi([
  'function lockedBalanceOf(address compliance, address wallet) view returns (uint256)',
  'function lotsOf(address compliance, address wallet) view returns ((uint256 amount, uint64 releaseTime)[])',
])

/**
 * How much of `wallet`'s balance of a token is locked up, as the token itself enforces it:
 * the lock-up module bound to its compliance answers `lockedBalanceOf(compliance, wallet)`
 * and `lotsOf(compliance, wallet)` (per-lot release times, chain time). A token without a
 * lock-up module locks nothing on-chain, and custody has nothing to hold against: the
 * platform's transfer check still refuses an offering's locked allocation. This is the one
 * place custody learns lock-ups, so another source (a custody-side register) plugs in here.
 */
export async function lockedBalanceOf(ctx: CustodyContext, p: { token: Address; compliance: Address; wallet: Address; modules: readonly BoundModule[]; blockNumber: bigint }): Promise<LockedBalance> {
  const client = ctx.chain.publicClient
  let locked = 0n
  let until: Date | null = null
  for (const m of p.modules.filter((x) => restrictionOfModule(x.name) === 'LOCKUP_NOT_OVER')) {
    const amount = await client.readContract({ address: m.address, abi: LOCKUP_ABI, functionName: 'lockedBalanceOf', args: [p.compliance, p.wallet], blockNumber: p.blockNumber }).catch(() => null)
    if (amount === null) continue
    locked += amount
    const lots = await client.readContract({ address: m.address, abi: LOCKUP_ABI, functionName: 'lotsOf', args: [p.compliance, p.wallet], blockNumber: p.blockNumber }).catch(() => [])
    const block = await client.getBlock({ blockNumber: p.blockNumber })
    for (const lot of lots) {
      if (lot.releaseTime <= block.timestamp) continue
      const t = new Date(Number(lot.releaseTime) * 1000)
      if (until === null || t > until) until = t
    }
  }
  return { locked, until }
}
