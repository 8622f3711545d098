import { erc20Abi, type Address } from 'viem'
import type { CustodyContext } from '../context.ts'
import { NotFoundError } from '../../shared/errors.ts'
import { serializeVault, type VaultRow } from './serialize.ts'
import { listAssets } from '../assets/read-assets.ts'
import { decodeTimeIdCursor, encodeTimeIdCursor } from '../../shared/http/cursor.ts'

export async function getVaultRow(ctx: CustodyContext, id: string): Promise<VaultRow> {
  const row = await ctx.db.selectFrom('vaults').selectAll().where('id', '=', id).executeTakeFirst()
  if (!row) throw new NotFoundError('vault', id)
  return row
}

/**
 * A vault with its balances read from the chain: every asset in the registry (native
 * balance, `balanceOf` for each registered ERC-20) under `assets`, and under `tokens` every
 * registered token plus any it has sent or the caller names.
 */
export async function getVaultWithBalances(ctx: CustodyContext, id: string, extraTokens: string[] = []) {
  const v = await getVaultRow(ctx, id)
  const client = ctx.chain.publicClient
  const [sent, registry] = await Promise.all([
    ctx.db.selectFrom('transactions').select('asset').distinct().where('source_vault_id', '=', id).where('asset', 'is not', null).where('asset', '!=', 'NATIVE').execute(),
    listAssets(ctx),
  ])
  const registered = registry.filter((a) => a.kind === 'ERC20' && a.contract_address).map((a) => a.contract_address!.toLowerCase())
  const tokens = [...new Set([...registered, ...sent.map((a) => a.asset!.toLowerCase()), ...extraTokens.map((t) => t.toLowerCase())])] as Address[]
  const [native, ...tokenBalances] = await Promise.all([
    client.getBalance({ address: v.address as Address }),
    ...tokens.map(async (token) => {
      try {
        const [balance, decimals, symbol] = await Promise.all([
          client.readContract({ address: token, abi: erc20Abi, functionName: 'balanceOf', args: [v.address as Address] }),
          client.readContract({ address: token, abi: erc20Abi, functionName: 'decimals' }).catch(() => null),
          client.readContract({ address: token, abi: erc20Abi, functionName: 'symbol' }).catch(() => null),
        ])
        return { token, symbol, decimals, balance: balance.toString() }
      } catch {
        return null
      }
    }),
  ])
  const byToken = new Map(tokenBalances.filter((b): b is NonNullable<typeof b> => b !== null).map((b) => [b.token, b]))
  const assets = registry.flatMap((a) => {
    const balance = a.kind === 'NATIVE' ? native.toString() : byToken.get(a.contract_address!.toLowerCase() as Address)?.balance
    // A registered contract that does not answer balanceOf is left out rather than shown as 0.
    return balance === undefined ? [] : [{ assetId: a.id, kind: a.kind, contractAddress: a.contract_address, symbol: a.symbol, decimals: a.decimals, balance }]
  })
  return {
    ...serializeVault(v),
    balances: { native: native.toString(), tokens: [...byToken.values()], assets },
  }
}

export interface ListVaultsQuery {
  limit?: number
  cursor?: string
  tier?: 'hot' | 'warm' | 'cold'
  purpose?: string
}

/** Vaults in creation order, a page at a time; `nextCursor` continues. */
export async function listVaults(ctx: CustodyContext, q: ListVaultsQuery) {
  const limit = Math.min(Math.max(q.limit ?? 50, 1), 200)
  let query = ctx.db.selectFrom('vaults').selectAll().orderBy('created_at').orderBy('id').limit(limit + 1)
  if (q.tier) query = query.where('tier', '=', q.tier)
  if (q.purpose) query = query.where('purpose', '=', q.purpose)
  if (q.cursor) {
    const { at: after, id } = decodeTimeIdCursor(q.cursor)
    query = query.where((eb) => eb.or([eb('created_at', '>', after), eb.and([eb('created_at', '=', after), eb('id', '>', id)])]))
  }
  const rows = await query.execute()
  const page = rows.slice(0, limit)
  const last = page[page.length - 1]
  return {
    items: page.map(serializeVault),
    nextCursor: rows.length > limit && last ? encodeTimeIdCursor(last.created_at, last.id) : null,
  }
}
