import { sql } from 'kysely'
import { getAddress } from 'viem'
import type { PlatformContext } from '../../context.ts'
import { getInvestorRow } from '../investors/read-investors.ts'
import { blockAsOf } from './cap-table-queries.ts'
import { tokenSummaries } from '../tokens/read-tokens.ts'

/**
 * Every platform token the investor's wallet holds, at each token's indexed
 * head, with its balance, whether the wallet is frozen on it and how many
 * of its tokens are frozen. An investor without a wallet holds nothing.
 */
export async function readHoldings(ctx: PlatformContext, investorId: string) {
  const investor = await getInvestorRow(ctx, investorId)
  const wallet = investor.wallet_address?.toLowerCase() ?? null
  if (!wallet) return { investorId: investor.id, walletAddress: null, items: [] }

  const rows = await sql<{ token_id: string; synced_to: string; balance: string; frozen: boolean | null; frozen_tokens: string | null }>`
    select b.token_id, s.synced_to::text as synced_to, b.balance::text as balance,
      (select f.frozen from indexer_events f
        where f.token_id = b.token_id and f.kind = 'ADDRESS_FROZEN' and f.account = ${wallet} and f.block_number <= s.synced_to
        order by f.block_number desc, f.log_index desc limit 1) as frozen,
      (select sum(case when p.kind = 'TOKENS_FROZEN' then p.amount else -p.amount end) from indexer_events p
        where p.token_id = b.token_id and p.kind in ('TOKENS_FROZEN', 'TOKENS_UNFROZEN') and p.account = ${wallet} and p.block_number <= s.synced_to)::text as frozen_tokens
    from (
      select e.token_id,
        sum(case when e.to_address = ${wallet} then e.amount else 0 end) - sum(case when e.from_address = ${wallet} then e.amount else 0 end) as balance
      from indexer_events e join indexer_sources s on s.token_id = e.token_id
      where e.kind = 'TRANSFER' and (e.to_address = ${wallet} or e.from_address = ${wallet}) and e.block_number <= s.synced_to
      group by e.token_id
    ) b
    join indexer_sources s on s.token_id = b.token_id
    where b.balance <> 0
    order by b.token_id`.execute(ctx.db)
  const tokens = await tokenSummaries(ctx, rows.rows.map((r) => r.token_id))
  const byId = new Map(tokens.map((t) => [t.id, t]))
  const items = []
  for (const r of rows.rows) {
    const t = byId.get(r.token_id)
    items.push({
      tokenId: r.token_id,
      symbol: t?.symbol ?? null,
      decimals: t?.decimals ?? null,
      tokenAddress: t?.token_address ? getAddress(t.token_address) : null,
      balance: BigInt(r.balance).toString(),
      frozen: r.frozen ?? false,
      frozenTokens: BigInt(r.frozen_tokens ?? '0').toString(),
      block: await blockAsOf(ctx, BigInt(r.synced_to)),
    })
  }
  return { investorId: investor.id, walletAddress: getAddress(wallet), items }
}
