import { getAddress } from 'viem'
import { ValidationError } from '../../../shared/errors.ts'
import type { PlatformContext } from '../../context.ts'
import { getTokenRow } from '../tokens/read-tokens.ts'
import { BlockNotIndexedError, CapTableNotIndexedError } from './cap-table-errors.ts'
import { balancesAt, blockAsOf, frozenAt, frozenTokensAt, identitiesAt, totalsAt } from './cap-table-queries.ts'
import { investorIdsByWallet } from '../investors/read-investors.ts'
import { tokenAddressOf } from '../tokens/public.ts'

export interface ReadHoldersQuery {
  /** Block number (decimal string); default the token's indexed head. */
  atBlock?: string
  /** A time (ISO-8601): the cap table as it stood then, i.e. at the last indexed block mined at or before it. */
  atTime?: string
  limit?: number
  cursor?: string
}

const cursorOf = (holder: string) => Buffer.from(holder).toString('base64url')

function parseCursor(c: string): string {
  const holder = Buffer.from(c, 'base64url').toString('utf8')
  if (!/^0x[0-9a-f]{40}$/.test(holder)) throw new ValidationError('cursor is not one this API returned', { field: 'cursor' })
  return holder
}

/** The last block indexed for this token (every log of it up to there is stored). */
export async function tokenIndexedHead(ctx: Pick<PlatformContext, 'db'>, tokenId: string): Promise<bigint | null> {
  const s = await ctx.db.selectFrom('indexer_sources').select('synced_to').where('token_id', '=', tokenId).executeTakeFirst()
  return s?.synced_to ?? null
}

// Balances change only in blocks with indexed events, and the indexer stores each of those
// blocks with its time: the last one at or before a time has the cap table of that time.
async function blockAtTime(ctx: PlatformContext, atTime: string, head: bigint): Promise<bigint> {
  const t = Date.parse(atTime)
  if (Number.isNaN(t)) throw new ValidationError('atTime is not an ISO-8601 time', { field: 'atTime' })
  const row = await ctx.db
    .selectFrom('indexer_blocks')
    .select('number')
    .where('timestamp', '<=', BigInt(Math.floor(t / 1000)))
    .where('number', '<=', head)
    .orderBy('number', 'desc')
    .limit(1)
    .executeTakeFirst()
  return row ? BigInt(row.number) : 0n
}

/**
 * The cap table of a token at a block (default: the token's indexed head):
 * every address with a non-zero balance, the investor whose platform wallet
 * it is, whether the address was frozen and how many of its tokens, and the
 * identity it was registered with — all computed from indexed events, so a
 * past block answers as well as the head. A block above the indexed head is
 * a 409 BLOCK_NOT_INDEXED (retryable). Holders come a page at a time in
 * address order.
 */
export async function readHolders(ctx: PlatformContext, tokenId: string, q: ReadHoldersQuery) {
  const token = await getTokenRow(ctx, tokenId)
  const tokenAddress = tokenAddressOf(token)
  const head = await tokenIndexedHead(ctx, token.id)
  if (head === null) throw new CapTableNotIndexedError(token.id)
  if (q.atBlock !== undefined && q.atTime !== undefined) throw new ValidationError('give atBlock or atTime, not both')
  const at = q.atBlock !== undefined ? BigInt(q.atBlock) : q.atTime !== undefined ? await blockAtTime(ctx, q.atTime, head) : head
  if (at > head) throw new BlockNotIndexedError(at, head)
  const limit = Math.min(Math.max(q.limit ?? 100, 1), 500)
  const after = q.cursor ? parseCursor(q.cursor) : ''

  const page = await balancesAt(ctx.db, token.id, at, { after, limit: limit + 1 })
  const items = page.slice(0, limit)
  const accounts = items.map((h) => h.holder)
  const [totals, frozen, frozenTokens, identities, investors, block] = await Promise.all([
    totalsAt(ctx.db, token.id, at),
    frozenAt(ctx.db, token.id, at, accounts),
    frozenTokensAt(ctx.db, token.id, at, accounts),
    identitiesAt(ctx.db, at, accounts),
    investorIdsByWallet(ctx, accounts),
    blockAsOf(ctx, at),
  ])
  return {
    tokenId: token.id,
    tokenAddress,
    block,
    indexedHead: head.toString(),
    totals: { holders: totals.holders, supply: totals.supply.toString() },
    items: items.map((h) => ({
      address: getAddress(h.holder),
      investorId: investors.get(h.holder) ?? null,
      balance: h.balance.toString(),
      frozen: frozen.get(h.holder) ?? false,
      frozenTokens: (frozenTokens.get(h.holder) ?? 0n).toString(),
      identity: identities.has(h.holder) ? getAddress(identities.get(h.holder)!) : null,
    })),
    nextCursor: page.length > limit ? cursorOf(items[items.length - 1]!.holder) : null,
  }
}
