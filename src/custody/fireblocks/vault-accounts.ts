import { sql } from 'kysely'
import { erc20Abi, formatUnits, type Address } from 'viem'
import type { CustodyContext } from '../context.ts'
import { recordChange } from '../events.ts'
import { ConflictError, NotFoundError, ValidationError } from '../../shared/errors.ts'
import { createVault } from '../vaults/create-vault.ts'
import { getAsset } from '../assets/read-assets.ts'
import type { AssetRow } from '../assets/schema.ts'
import type { VaultRow } from '../vaults/serialize.ts'

/** A custody vault seen as a Fireblocks vault account. */
export interface VaultAccountRow {
  account_id: number
  hidden_on_ui: boolean
  customer_ref_id: string | null
  auto_fuel: boolean
  vault: VaultRow
}

/**
 * Gives every custody vault its vault account number (in creation order), so vaults made
 * through the native API are vault accounts too. One statement; a no-op when all have one.
 */
export async function syncVaultAccounts(ctx: CustodyContext): Promise<void> {
  await sql`
    insert into fireblocks_vault_accounts (vault_id, created_at)
    select v.id, v.created_at from vaults v
     where not exists (select 1 from fireblocks_vault_accounts a where a.vault_id = v.id)
     order by v.created_at, v.id
    on conflict (vault_id) do nothing`.execute(ctx.db)
}

function accountsQuery(ctx: CustodyContext) {
  return ctx.db
    .selectFrom('fireblocks_vault_accounts as a')
    .innerJoin('vaults as v', 'v.id', 'a.vault_id')
    .select(['a.account_id', 'a.hidden_on_ui', 'a.customer_ref_id', 'a.auto_fuel'])
    .selectAll('v')
}

type Joined = Awaited<ReturnType<ReturnType<typeof accountsQuery>['execute']>>[number]
const rowOf = (r: Joined): VaultAccountRow => {
  const { account_id, hidden_on_ui, customer_ref_id, auto_fuel, ...vault } = r
  return { account_id, hidden_on_ui, customer_ref_id, auto_fuel, vault: vault as VaultRow }
}

/** The vault account by its number; 404 (Fireblocks code 1004) if there is none. */
export async function getVaultAccountRow(ctx: CustodyContext, accountId: string): Promise<VaultAccountRow> {
  const id = /^[0-9]{1,9}$/.test(accountId) ? Number(accountId) : -1
  let row = id >= 0 ? await accountsQuery(ctx).where('a.account_id', '=', id).executeTakeFirst() : undefined
  if (!row && id >= 0) {
    await syncVaultAccounts(ctx)
    row = await accountsQuery(ctx).where('a.account_id', '=', id).executeTakeFirst()
  }
  if (!row) throw new NotFoundError('vault account', accountId)
  return rowOf(row)
}

/** The vault account of a custody vault (every vault has one). */
export async function vaultAccountOfVault(ctx: CustodyContext, vaultId: string): Promise<VaultAccountRow | undefined> {
  let row = await accountsQuery(ctx).where('a.vault_id', '=', vaultId).executeTakeFirst()
  if (!row) {
    await syncVaultAccounts(ctx)
    row = await accountsQuery(ctx).where('a.vault_id', '=', vaultId).executeTakeFirst()
  }
  return row ? rowOf(row) : undefined
}

/** Vault accounts whose vault holds one of these addresses (lower-case keys). */
export async function vaultAccountsByAddress(ctx: CustodyContext, addresses: string[]): Promise<Map<string, VaultAccountRow>> {
  if (addresses.length === 0) return new Map()
  const rows = await accountsQuery(ctx)
    .where(sql<string>`lower(v.address)`, 'in', addresses.map((a) => a.toLowerCase()))
    .execute()
  return new Map(rows.map((r) => [r.address.toLowerCase(), rowOf(r)]))
}

export interface CreateVaultAccountParameters {
  name: string
  hiddenOnUI?: boolean
  customerRefId?: string
  autoFuel?: boolean
}

/**
 * Creates a vault (hot: the policy decides what it may sign) and its vault account. Vault
 * names are unique in custody, unlike in Fireblocks: a name in use is a 409, except that a
 * vault of that name this same caller created with the same flags is the one asked for
 * (a repeated request, or a retry after a crash between the two writes).
 */
export async function createVaultAccount(ctx: CustodyContext, p: CreateVaultAccountParameters, actor: string, correlationId?: string): Promise<VaultAccountRow> {
  if (!p.name || p.name.length > 100) throw new ValidationError('name must be 1 to 100 characters', { field: 'name' })
  let vault: VaultRow
  try {
    vault = await createVault(ctx, { name: p.name, tier: 'hot', ...(p.customerRefId ? { externalRef: p.customerRefId } : {}) }, actor, correlationId)
  } catch (err) {
    if (!(err instanceof ConflictError)) throw err
    const existing = await ctx.db.selectFrom('vaults').selectAll().where('name', '=', p.name).executeTakeFirstOrThrow()
    const account = await vaultAccountOfVault(ctx, existing.id)
    // The same request again (a retry after a crash, or an Idempotency-Key repeat) finds its vault.
    const same = account && account.hidden_on_ui === (p.hiddenOnUI ?? false) && account.auto_fuel === (p.autoFuel ?? false) && (account.customer_ref_id === null || account.customer_ref_id === (p.customerRefId ?? null))
    if (existing.created_by !== actor || !same || existing.external_ref !== (p.customerRefId ?? null)) {
      throw new ConflictError('VAULT_NAME_TAKEN', `a vault account named ${JSON.stringify(p.name)} already exists (custody vault names are unique)`, { vaultAccountId: account ? String(account.account_id) : null })
    }
    vault = existing
  }
  const now = ctx.clock.now()
  await ctx.db.transaction().execute(async (tx) => {
    const row = await tx
      .insertInto('fireblocks_vault_accounts')
      .values({ vault_id: vault.id, hidden_on_ui: p.hiddenOnUI ?? false, customer_ref_id: p.customerRefId ?? null, auto_fuel: p.autoFuel ?? false, created_at: now })
      .onConflict((oc) => oc.column('vault_id').doUpdateSet({ hidden_on_ui: p.hiddenOnUI ?? false, customer_ref_id: p.customerRefId ?? null, auto_fuel: p.autoFuel ?? false }))
      .returning(['account_id'])
      .executeTakeFirstOrThrow()
    await recordChange(tx, ctx.events, {
      at: now,
      actor,
      action: 'fireblocks.vault_account.created',
      targetType: 'vault',
      targetId: vault.id,
      after: { vaultAccountId: String(row.account_id), name: p.name, hiddenOnUI: p.hiddenOnUI ?? false, customerRefId: p.customerRefId ?? null, autoFuel: p.autoFuel ?? false },
      correlationId: correlationId ?? null,
    })
  })
  return (await vaultAccountOfVault(ctx, vault.id))!
}

export interface ListVaultAccountsQuery {
  namePrefix?: string
  nameSuffix?: string
  assetId?: string
  orderBy?: 'ASC' | 'DESC'
  before?: string
  after?: string
  limit?: number
}

/** A page of vault accounts, Fireblocks' `/vault/accounts_paged`: cursors are account numbers. */
export async function listVaultAccounts(ctx: CustodyContext, q: ListVaultAccountsQuery): Promise<{ rows: VaultAccountRow[]; before: string | null; after: string | null }> {
  await syncVaultAccounts(ctx)
  const limit = Math.min(Math.max(q.limit ?? 200, 1), 500)
  const desc = (q.orderBy ?? 'DESC') === 'DESC'
  let query = accountsQuery(ctx)
  if (q.namePrefix) query = query.where('v.name', 'like', `${escapeLike(q.namePrefix)}%`)
  if (q.nameSuffix) query = query.where('v.name', 'like', `%${escapeLike(q.nameSuffix)}`)
  if (q.assetId) query = query.where((eb) => eb.exists(eb.selectFrom('fireblocks_vault_assets as w').select('w.asset_id').whereRef('w.account_id', '=', 'a.account_id').where('w.asset_id', '=', q.assetId!)))
  const cursor = (c: string | undefined) => (c && /^[0-9]{1,9}$/.test(c) ? Number(c) : undefined)
  const after = cursor(q.after)
  const before = cursor(q.before)
  // "after" continues in the order of the listing, "before" goes back.
  if (after !== undefined) query = query.where('a.account_id', desc ? '<' : '>', after)
  if (before !== undefined) query = query.where('a.account_id', desc ? '>' : '<', before)
  const backwards = before !== undefined && after === undefined
  const ascending = desc === backwards
  const rows = (await query.orderBy('a.account_id', ascending ? 'asc' : 'desc').limit(limit + 1).execute()).map(rowOf)
  const more = rows.length > limit
  const page = rows.slice(0, limit)
  if (backwards) page.reverse()
  const first = page[0]
  const last = page[page.length - 1]
  return {
    rows: page,
    after: (backwards ? page.length > 0 : more) && last ? String(last.account_id) : null,
    before: (backwards ? more : after !== undefined) && first ? String(first.account_id) : null,
  }
}

function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`)
}

/** The asset ids opened in these vault accounts. */
export async function assetWalletsOf(ctx: CustodyContext, accountIds: number[]): Promise<Map<number, string[]>> {
  const out = new Map<number, string[]>(accountIds.map((id) => [id, []]))
  if (accountIds.length === 0) return out
  const rows = await ctx.db.selectFrom('fireblocks_vault_assets').select(['account_id', 'asset_id']).where('account_id', 'in', accountIds).orderBy('created_at').execute()
  for (const r of rows) out.get(r.account_id)?.push(r.asset_id)
  return out
}

/**
 * Opens an asset wallet in a vault account. On an EVM chain the wallet's address is the
 * vault's own; opening one that is open already answers the same.
 */
export async function activateAssetWallet(ctx: CustodyContext, accountId: string, assetId: string, actor: string, correlationId?: string): Promise<{ account: VaultAccountRow; asset: AssetRow }> {
  const account = await getVaultAccountRow(ctx, accountId)
  const asset = await getAsset(ctx, assetId)
  const now = ctx.clock.now()
  const opened = await ctx.db.transaction().execute(async (tx) => {
    const row = await tx.insertInto('fireblocks_vault_assets').values({ account_id: account.account_id, asset_id: asset.id, created_at: now }).onConflict((oc) => oc.doNothing()).returning('asset_id').executeTakeFirst()
    if (row) {
      await recordChange(tx, ctx.events, {
        at: now,
        actor,
        action: 'fireblocks.asset_wallet.created',
        targetType: 'vault',
        targetId: account.vault.id,
        after: { vaultAccountId: String(account.account_id), assetId: asset.id, address: account.vault.address },
        correlationId: correlationId ?? null,
      })
    }
    return row !== undefined
  })
  if (opened) ctx.logger.info({ correlationId, vaultId: account.vault.id, assetId: asset.id }, 'asset wallet opened')
  return { account, asset }
}

/** The asset wallet, 404 unless it was opened. */
export async function getAssetWallet(ctx: CustodyContext, accountId: string, assetId: string): Promise<{ account: VaultAccountRow; asset: AssetRow }> {
  const account = await getVaultAccountRow(ctx, accountId)
  const asset = await getAsset(ctx, assetId)
  const open = await ctx.db.selectFrom('fireblocks_vault_assets').select('asset_id').where('account_id', '=', account.account_id).where('asset_id', '=', asset.id).executeTakeFirst()
  if (!open) throw new NotFoundError('asset wallet', `${accountId}/${assetId}`)
  return { account, asset }
}

/** Balance of an asset at an address, as a decimal string in the asset's units. */
export async function balanceOf(ctx: CustodyContext, asset: AssetRow, address: string): Promise<string> {
  const client = ctx.chain.publicClient
  const raw =
    asset.kind === 'NATIVE'
      ? await client.getBalance({ address: address as Address })
      : await client.readContract({ address: asset.contract_address as Address, abi: erc20Abi, functionName: 'balanceOf', args: [address as Address] })
  return formatUnits(raw, asset.decimals)
}
