import type { PlatformContext } from '../../context.ts'
import { readHolders, tokenIndexedHead } from '../indexer/read-holders.ts'
import { getInvestorRow } from '../investors/read-investors.ts'
import { computeEntitlements, type ComputeEntitlementsReturnType, type SnapshotHolder } from './compute-entitlements.ts'
import type { DistributionRow } from './tables.ts'
import { loadRateResolver } from './withholding.ts'

export type SnapshotOutcome = { ready: false; why: string; retryInMs: number } | { ready: true; recordBlock: bigint; result: ComputeEntitlementsReturnType }

/**
 * The holders at the record point, read from the reorg-safe indexer (only
 * blocks it has indexed, which trail the chain head by its confirmation
 * depth), and their entitlements. Not ready while the record date is ahead
 * by the business clock or the indexer has not reached the record point.
 */
export async function takeSnapshot(ctx: PlatformContext, d: DistributionRow): Promise<SnapshotOutcome> {
  const head = await tokenIndexedHead(ctx, d.token_id)
  if (head === null) return { ready: false, why: 'the indexer has not picked the token up yet', retryInMs: 1_000 }
  let recordBlock: bigint
  if (d.record_block !== null) {
    recordBlock = BigInt(d.record_block)
    if (head < recordBlock) return { ready: false, why: `indexed to block ${head}, record block ${recordBlock}`, retryInMs: 1_000 }
  } else {
    const recordDate = d.record_date!
    const now = ctx.clock.now()
    if (now < recordDate) return { ready: false, why: `record date ${recordDate.toISOString()} ahead`, retryInMs: recordDate.getTime() - now.getTime() }
    const headBlock = await ctx.chain.publicClient.getBlock({ blockNumber: head })
    if (Number(headBlock.timestamp) * 1000 < recordDate.getTime()) return { ready: false, why: `indexed to ${new Date(Number(headBlock.timestamp) * 1000).toISOString()}, record date ${recordDate.toISOString()}`, retryInMs: 1_000 }
    recordBlock = BigInt((await readHolders(ctx, d.token_id, { atTime: recordDate.toISOString(), limit: 1 })).block.number)
  }

  const holders: SnapshotHolder[] = []
  let cursor: string | undefined
  do {
    const page = await readHolders(ctx, d.token_id, { atBlock: recordBlock.toString(), limit: 500, cursor })
    for (const h of page.items) {
      const investor = h.investorId ? await getInvestorRow(ctx, h.investorId) : null
      holders.push({ holder: h.address, investorId: h.investorId, country: investor?.country ?? null, balance: BigInt(h.balance), frozen: h.frozen, investorStatus: investor?.status ?? null })
    }
    cursor = page.nextCursor ?? undefined
  } while (cursor)

  const stock = d.kind === 'STOCK_DIVIDEND'
  // A stock dividend withholds nothing (decision 0090): new tokens pro rata change no holder's share, and tokens cannot be withheld to a tax vault that is no verified holder.
  const rateOf = stock ? () => ({ bps: 0, source: 'NONE' }) : await loadRateResolver(ctx, d.payment_date)
  const result = computeEntitlements({
    holders,
    amountPerToken: d.amount_per_token === null ? null : BigInt(d.amount_per_token),
    totalAmount: d.total_amount === null ? null : BigInt(d.total_amount),
    tokenDecimals: d.token_decimals,
    policy: d.holders_policy,
    rateOf,
    unpayable: stock ? stockUnpayable : undefined,
  })
  return { ready: true, recordBlock, result }
}

/** Who cannot receive newly minted tokens through batch mint: only ACTIVE platform investors can. */
export function stockUnpayable(h: SnapshotHolder): string | null {
  if (h.investorId === null) return 'not a platform investor: new tokens are minted only to onboarded investors'
  if (h.investorStatus !== 'ACTIVE') return `investor ${h.investorStatus ?? 'unknown'}: new tokens are minted only to ACTIVE investors`
  return null
}
