import type { PlatformContext } from '../../context.ts'
import { operationsByIds } from '../tokens/read-operations.ts'
import { lockupEndsAt } from './read-offerings.ts'

export interface LockedQuantity {
  /** Token base units that may not move yet. */
  locked: bigint
  /** When the last of them is released; null when nothing is locked, or when an offering still closing holds some (released only from its close). */
  until: Date | null
}

/**
 * How much of an investor's balance of a token is still locked up at `at`:
 * every allocation minted to it by an offering with `lockupDays` stays locked
 * until the offering's `closedAt + lockupDays` (business clock), and for the
 * whole of its close while the offering is still minting. The platform
 * enforces it (transfer check, code 12); the token contract does not know it.
 *
 * @example
 * const { locked } = await lockedQuantity(ctx, { tokenId, investorId, at: ctx.clock.now() })
 * if (balance - locked < quantity) refuse('LOCKUP_NOT_OVER')
 */
export async function lockedQuantity(ctx: Pick<PlatformContext, 'db'>, p: { tokenId: string; investorId: string; at: Date }): Promise<LockedQuantity> {
  const allocations = await ctx.db
    .selectFrom('offering_subscriptions as s')
    .innerJoin('offerings as o', 'o.id', 's.offering_id')
    .select(['s.allocation', 's.mint_operation_id', 'o.closed_at', 'o.lockup_days'])
    .where('o.token_id', '=', p.tokenId)
    .where('s.investor_id', '=', p.investorId)
    .where('o.lockup_days', '>', 0)
    .where('s.status', 'in', ['ALLOCATED', 'ISSUED'])
    .where('s.mint_operation_id', 'is not', null)
    .execute()
  // Minted: an allocation not on-chain yet is not in the balance either.
  const minted = new Set((await operationsByIds(ctx, allocations.map((a) => a.mint_operation_id!))).filter((o) => o.status === 'COMPLETED').map((o) => o.id))
  const rows = allocations.filter((a) => minted.has(a.mint_operation_id!))
  let locked = 0n
  let until: Date | null = null
  let open = false
  for (const r of rows) {
    const ends = lockupEndsAt(r)
    if (ends !== null && p.at >= ends) continue
    locked += BigInt(r.allocation)
    if (ends === null) open = true
    else if (until === null || ends > until) until = ends
  }
  return { locked, until: open ? null : until }
}
