import { sql, type Kysely, type RawBuilder } from 'kysely'
import { zeroAddress } from 'viem'
import type { PlatformContext } from '../../context.ts'
import type { PlatformDB } from '../../db/schema.ts'
import { headerAt } from './block-headers.ts'

// Balances at a block are sums of indexed Transfer events up to it: the chain
// keeps logs for ever but old state only for a while (pruned history), so
// `balanceOf` at a record date is not something the node can answer.

type Db = Kysely<PlatformDB>
const ZERO = zeroAddress.toLowerCase()

/** Every Transfer of a token up to `at` as signed moves per holder (mints and burns touch only one side). */
const moves = (tokenId: string, at: bigint): RawBuilder<unknown> => sql`
  select to_address as holder, amount as delta from indexer_events
    where token_id = ${tokenId} and kind = 'TRANSFER' and block_number <= ${at} and to_address <> ${ZERO}
  union all
  select from_address as holder, -amount as delta from indexer_events
    where token_id = ${tokenId} and kind = 'TRANSFER' and block_number <= ${at} and from_address <> ${ZERO}`

/** Non-zero balances at `at`, by address, from `after` (exclusive), at most `limit`. */
export async function balancesAt(db: Db, tokenId: string, at: bigint, page: { after: string; limit: number }): Promise<Array<{ holder: string; balance: bigint }>> {
  const r = await sql<{ holder: string; balance: string }>`
    select holder, sum(delta)::text as balance from (${moves(tokenId, at)}) m
    where holder > ${page.after}
    group by holder having sum(delta) <> 0
    order by holder limit ${page.limit}`.execute(db)
  return r.rows.map((x) => ({ holder: x.holder, balance: BigInt(x.balance) }))
}

/** Number of holders and the supply (minted − burned) at `at`. */
export async function totalsAt(db: Db, tokenId: string, at: bigint): Promise<{ holders: number; supply: bigint }> {
  const r = await sql<{ holders: string; supply: string }>`
    select count(*)::text as holders, coalesce(sum(balance), 0)::text as supply from (
      select holder, sum(delta) as balance from (${moves(tokenId, at)}) m group by holder having sum(delta) <> 0
    ) b`.execute(db)
  return { holders: Number(r.rows[0]!.holders), supply: BigInt(r.rows[0]!.supply) }
}

/** Whether each account's address was frozen at `at` (the last AddressFrozen up to it). */
export async function frozenAt(db: Db, tokenId: string, at: bigint, accounts: string[]): Promise<Map<string, boolean>> {
  if (accounts.length === 0) return new Map()
  const r = await sql<{ account: string; frozen: boolean }>`
    select distinct on (account) account, frozen from indexer_events
    where token_id = ${tokenId} and kind = 'ADDRESS_FROZEN' and block_number <= ${at} and account in (${sql.join(accounts)})
    order by account, block_number desc, log_index desc`.execute(db)
  return new Map(r.rows.map((x) => [x.account, x.frozen]))
}

/** Tokens frozen (partially) per account at `at`: frozen − unfrozen. */
export async function frozenTokensAt(db: Db, tokenId: string, at: bigint, accounts: string[]): Promise<Map<string, bigint>> {
  if (accounts.length === 0) return new Map()
  const r = await sql<{ account: string; amount: string }>`
    select account, sum(case when kind = 'TOKENS_FROZEN' then amount else -amount end)::text as amount from indexer_events
    where token_id = ${tokenId} and kind in ('TOKENS_FROZEN', 'TOKENS_UNFROZEN') and block_number <= ${at} and account in (${sql.join(accounts)})
    group by account`.execute(db)
  return new Map(r.rows.map((x) => [x.account, BigInt(x.amount)]))
}

/** The ONCHAINID each wallet was registered with in the platform registry at `at` (absent: none). */
export async function identitiesAt(db: Db, at: bigint, accounts: string[]): Promise<Map<string, string>> {
  if (accounts.length === 0) return new Map()
  const r = await sql<{ account: string; kind: string; identity: string }>`
    select distinct on (account) account, kind, identity from indexer_events
    where token_id is null and kind in ('IDENTITY_REGISTERED', 'IDENTITY_REMOVED') and block_number <= ${at} and account in (${sql.join(accounts)})
    order by account, block_number desc, log_index desc`.execute(db)
  return new Map(r.rows.filter((x) => x.kind === 'IDENTITY_REGISTERED').map((x) => [x.account, x.identity]))
}

/** The block an answer is as of: from the index when it stored it, else from the chain. */
export async function blockAsOf(ctx: Pick<PlatformContext, 'db' | 'chain'>, number: bigint): Promise<{ number: string; hash: string | null; timestamp: string | null }> {
  const stored = await ctx.db.selectFrom('indexer_blocks').select(['hash', 'timestamp']).where('number', '=', number).executeTakeFirst()
  if (stored) return { number: number.toString(), hash: stored.hash, timestamp: new Date(Number(stored.timestamp) * 1000).toISOString() }
  if (number < 0n) return { number: number.toString(), hash: null, timestamp: null }
  const h = await headerAt(ctx.chain.publicClient, number)
  return { number: number.toString(), hash: h?.hash ?? null, timestamp: h ? new Date(Number(h.timestamp) * 1000).toISOString() : null }
}
