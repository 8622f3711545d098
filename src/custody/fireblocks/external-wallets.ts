import { randomUUID } from 'node:crypto'
import { getAddress, isAddress, type Address } from 'viem'
import type { Kysely, Selectable } from 'kysely'
import type { CustodyContext } from '../context.ts'
import type { CustodyDB } from '../db/schema.ts'
import { recordChange } from '../events.ts'
import { ConflictError, ValidationError } from '../../shared/errors.ts'
import { getAsset } from '../assets/read-assets.ts'
import { openChangeRequest } from '../governance/change-requests.ts'
import { FireblocksApiError } from './fireblocks-errors.ts'
import type { FireblocksExternalWalletAssetsTable, FireblocksExternalWalletsTable } from './schema.ts'

type WalletRow = Selectable<FireblocksExternalWalletsTable>
type AssetRow = Selectable<FireblocksExternalWalletAssetsTable>

/** Fireblocks' ConfigChangeRequestStatus of an external wallet asset. */
export type ExternalAssetStatus = 'WAITING_FOR_APPROVAL' | 'APPROVED' | 'CANCELLED' | 'REJECTED' | 'FAILED'

/** Fireblocks' `WalletAsset` / `ExternalWalletAsset` (EVM: no balance is tracked for an external address). */
export interface ExternalWalletAssetView {
  id: string
  status: ExternalAssetStatus
  address: string
  tag: string
  balance: string
  lockedAmount: string
  activationTime?: string
}

/** Fireblocks' `UnmanagedWallet`. */
export interface ExternalWalletView {
  id: string
  name: string
  customerRefId?: string
  assets: ExternalWalletAssetView[]
}

const MAX_NAME = 100

/**
 * An asset's status, from custody's whitelist and the change request that asked for it:
 * listed → APPROVED; request pending → WAITING_FOR_APPROVAL; rejected → REJECTED; expired or
 * superseded → CANCELLED; listed once and taken off since → CANCELLED.
 */
async function statusesOf(db: Kysely<CustodyDB>, assets: AssetRow[]): Promise<Map<AssetRow, { status: ExternalAssetStatus; activationTime?: string }>> {
  const out = new Map<AssetRow, { status: ExternalAssetStatus; activationTime?: string }>()
  if (assets.length === 0) return out
  const entries = await db.selectFrom('whitelist_entries').select(['address', 'status', 'added_at']).where('address', 'in', [...new Set(assets.map((a) => a.address))]).execute()
  const crIds = [...new Set(assets.map((a) => a.change_request_id).filter((id): id is string => id !== null))]
  const crs = crIds.length > 0 ? await db.selectFrom('change_requests').select(['id', 'status']).where('id', 'in', crIds).execute() : []
  for (const a of assets) {
    const entry = entries.find((e) => e.address === a.address)
    if (entry?.status === 'ACTIVE') {
      out.set(a, { status: 'APPROVED', activationTime: entry.added_at.toISOString() })
      continue
    }
    const cr = crs.find((c) => c.id === a.change_request_id)
    const status: ExternalAssetStatus = !cr ? 'CANCELLED' : cr.status === 'PENDING' ? 'WAITING_FOR_APPROVAL' : cr.status === 'REJECTED' ? 'REJECTED' : 'CANCELLED'
    out.set(a, { status })
  }
  return out
}

async function viewsOf(db: Kysely<CustodyDB>, wallets: WalletRow[]): Promise<ExternalWalletView[]> {
  if (wallets.length === 0) return []
  const assets = await db.selectFrom('fireblocks_external_wallet_assets').selectAll().where('wallet_id', 'in', wallets.map((w) => w.wallet_id)).orderBy('created_at').orderBy('asset_id').execute()
  const statuses = await statusesOf(db, assets)
  return wallets.map((w) => ({
    id: w.wallet_id,
    name: w.name,
    ...(w.customer_ref_id !== null ? { customerRefId: w.customer_ref_id } : {}),
    assets: assets.filter((a) => a.wallet_id === w.wallet_id).map((a) => assetView(a, statuses.get(a)!)),
  }))
}

function assetView(a: AssetRow, s: { status: ExternalAssetStatus; activationTime?: string }): ExternalWalletAssetView {
  return { id: a.asset_id, status: s.status, address: getAddress(a.address), tag: a.tag, balance: '0', lockedAmount: '0', ...(s.activationTime ? { activationTime: s.activationTime } : {}) }
}

async function walletRow(db: Kysely<CustodyDB>, walletId: string): Promise<WalletRow> {
  const w = await db.selectFrom('fireblocks_external_wallets').selectAll().where('wallet_id', '=', walletId).executeTakeFirst()
  if (!w) throw new FireblocksApiError(404, 'EXTERNAL_WALLET_NOT_FOUND', 'NOT_FOUND', `no external wallet ${walletId}`, { resource: 'external wallet', id: walletId })
  return w
}

/**
 * Creates an external wallet (a named container for destination addresses). With an
 * Idempotency-Key, the same caller asking again gets the same wallet.
 */
export async function createExternalWallet(ctx: CustodyContext, p: { name?: string; customerRefId?: string }, actor: string, idempotencyKey: string | undefined, correlationId?: string): Promise<ExternalWalletView> {
  const name = p.name ?? ''
  if (name.length === 0 || name.length > MAX_NAME) throw new ValidationError(`name must be 1 to ${MAX_NAME} characters`, { field: 'name' })
  if (p.customerRefId !== undefined && (typeof p.customerRefId !== 'string' || p.customerRefId.length > 200)) throw new ValidationError('customerRefId must be at most 200 characters', { field: 'customerRefId' })
  if (idempotencyKey) {
    const seen = await ctx.db.selectFrom('fireblocks_external_wallets').selectAll().where('created_by', '=', actor).where('idempotency_key', '=', idempotencyKey).executeTakeFirst()
    if (seen) return sameOrConflict(ctx, seen, name, p.customerRefId ?? null)
  }
  const now = ctx.clock.now()
  const created = await ctx.db.transaction().execute(async (tx) => {
    const row = await tx
      .insertInto('fireblocks_external_wallets')
      .values({ wallet_id: randomUUID(), name, customer_ref_id: p.customerRefId ?? null, created_by: actor, idempotency_key: idempotencyKey ?? null, created_at: now })
      .onConflict((oc) => oc.columns(['created_by', 'idempotency_key']).doNothing())
      .returningAll()
      .executeTakeFirst()
    if (!row) return null
    await recordChange(tx, ctx.events, {
      at: now,
      actor,
      action: 'fireblocks.external_wallet.created',
      targetType: 'fireblocks_external_wallet',
      targetId: row.wallet_id,
      after: { walletId: row.wallet_id, name, customerRefId: row.customer_ref_id },
      correlationId: correlationId ?? null,
    })
    return row
  })
  if (created) return (await viewsOf(ctx.db, [created]))[0]!
  // A concurrent request with the same key won the insert.
  const seen = await ctx.db.selectFrom('fireblocks_external_wallets').selectAll().where('created_by', '=', actor).where('idempotency_key', '=', idempotencyKey!).executeTakeFirstOrThrow()
  return sameOrConflict(ctx, seen, name, p.customerRefId ?? null)
}

async function sameOrConflict(ctx: CustodyContext, w: WalletRow, name: string, customerRefId: string | null): Promise<ExternalWalletView> {
  if (w.name !== name || w.customer_ref_id !== customerRefId) throw new ConflictError('IDEMPOTENCY_KEY_REUSED', `this Idempotency-Key made external wallet ${w.wallet_id} with other details`, { walletId: w.wallet_id })
  return (await viewsOf(ctx.db, [w]))[0]!
}

export async function getExternalWallet(ctx: CustodyContext, walletId: string): Promise<ExternalWalletView> {
  return (await viewsOf(ctx.db, [await walletRow(ctx.db, walletId)]))[0]!
}

/** The external wallets of the workspace, oldest first (the first 1000: Fireblocks' endpoint is not paged either). */
export async function listExternalWallets(ctx: CustodyContext): Promise<ExternalWalletView[]> {
  return viewsOf(ctx.db, await ctx.db.selectFrom('fireblocks_external_wallets').selectAll().orderBy('created_at').orderBy('wallet_id').limit(1000).execute())
}

export async function getExternalWalletAsset(ctx: CustodyContext, walletId: string, assetId: string): Promise<ExternalWalletAssetView> {
  await walletRow(ctx.db, walletId)
  const a = await ctx.db.selectFrom('fireblocks_external_wallet_assets').selectAll().where('wallet_id', '=', walletId).where('asset_id', '=', assetId).executeTakeFirst()
  if (!a) throw new FireblocksApiError(404, 'EXTERNAL_WALLET_ASSET_NOT_FOUND', 'NOT_FOUND', `external wallet ${walletId} has no ${assetId} address`, { resource: 'external wallet asset', id: `${walletId}/${assetId}` })
  return assetView(a, (await statusesOf(ctx.db, [a])).get(a)!)
}

/**
 * Adds an asset's address to an external wallet. The address must be on custody's whitelist
 * to be paid: if it is not, this opens the WHITELIST_ADD change request its admin quorum
 * decides (or joins the one pending for the address), and the asset is WAITING_FOR_APPROVAL
 * until then. Adding the same address again answers the asset as it stands; another address
 * for an asset the wallet has is a 409. The caller needs scope `admin` or `whitelist-request`
 * (checked by the route), as on the native whitelist.
 */
export async function addExternalWalletAsset(ctx: CustodyContext, walletId: string, assetId: string, p: { address?: unknown; tag?: unknown }, by: { keyId: string; actor: string; correlationId?: string }): Promise<ExternalWalletAssetView> {
  const wallet = await walletRow(ctx.db, walletId)
  const asset = await getAsset(ctx, assetId)
  if (typeof p.address !== 'string' || !isAddress(p.address, { strict: false })) throw new FireblocksApiError(400, 'INVALID_ADDRESS', 'VALIDATION_FAILED', 'address must be an EVM address', { field: 'address' })
  if (p.tag !== undefined && p.tag !== '' && p.tag !== null) throw new FireblocksApiError(400, 'INVALID_REQUEST', 'VALIDATION_FAILED', 'an EVM address takes no tag', { field: 'tag' })
  const address = p.address.toLowerCase()
  const inserted = await ctx.db.transaction().execute(async (tx) => {
    const existing = await tx.selectFrom('fireblocks_external_wallet_assets').selectAll().where('wallet_id', '=', walletId).where('asset_id', '=', asset.id).executeTakeFirst()
    if (existing) {
      if (existing.address !== address) throw new ConflictError('EXTERNAL_WALLET_ASSET_EXISTS', `external wallet ${walletId} already has ${asset.id} address ${getAddress(existing.address)}`, { walletId, assetId: asset.id })
      return existing
    }
    const listed = await tx.selectFrom('whitelist_entries').select('status').where('address', '=', address).executeTakeFirst()
    let changeRequestId: string | null = null
    if (listed?.status !== 'ACTIVE') {
      const pending = await tx.selectFrom('change_requests').select('id').where('kind', '=', 'WHITELIST_ADD').where('target', '=', address).where('status', '=', 'PENDING').executeTakeFirst()
      changeRequestId = pending?.id ?? (await openChangeRequest(ctx, tx, { kind: 'WHITELIST_ADD', target: address, payload: { address: getAddress(address), label: `external wallet ${wallet.name} (${asset.id})` }, requestedBy: by.keyId, correlationId: by.correlationId })).id
    }
    const now = ctx.clock.now()
    const row = await tx
      .insertInto('fireblocks_external_wallet_assets')
      .values({ wallet_id: walletId, asset_id: asset.id, address, tag: '', change_request_id: changeRequestId, created_by: by.actor, created_at: now })
      .returningAll()
      .executeTakeFirstOrThrow()
    await recordChange(tx, ctx.events, {
      at: now,
      actor: by.actor,
      action: 'fireblocks.external_wallet.asset_added',
      targetType: 'fireblocks_external_wallet',
      targetId: walletId,
      after: { walletId, assetId: asset.id, address: getAddress(address), changeRequestId, listedAlready: changeRequestId === null },
      correlationId: by.correlationId ?? null,
    })
    return row
  })
  ctx.events.committed?.()
  return assetView(inserted, (await statusesOf(ctx.db, [inserted])).get(inserted)!)
}

/**
 * Where a TRANSFER to `{type: EXTERNAL_WALLET, id}` pays: the wallet's address for the asset
 * (for a contract call, whose asset is the native one, its only address if it has no native
 * one), once APPROVED. Custody's policy then sees an ordinary destination, listed on its whitelist.
 */
export async function externalWalletDestination(ctx: CustodyContext, walletId: string, assetId: string, operation: 'TRANSFER' | 'CONTRACT_CALL'): Promise<Address> {
  await walletRow(ctx.db, walletId)
  const assets = await ctx.db.selectFrom('fireblocks_external_wallet_assets').selectAll().where('wallet_id', '=', walletId).execute()
  const forAsset = assets.find((a) => a.asset_id === assetId)
  const distinct = [...new Set(assets.map((a) => a.address))]
  const chosen = forAsset ?? (operation === 'CONTRACT_CALL' && distinct.length === 1 ? assets[0] : undefined)
  if (!chosen) throw new FireblocksApiError(400, 'EXTERNAL_WALLET_ASSET_NOT_FOUND', 'FIREBLOCKS_DESTINATION_ASSET_MISSING', `external wallet ${walletId} has no ${assetId} address`, { field: 'destination' })
  const status = (await statusesOf(ctx.db, [chosen])).get(chosen)!.status
  if (status !== 'APPROVED') throw new FireblocksApiError(400, 'EXTERNAL_WALLET_ASSET_NOT_APPROVED', 'FIREBLOCKS_DESTINATION_NOT_APPROVED', `external wallet ${walletId}'s ${chosen.asset_id} address is ${status}, not APPROVED`, { field: 'destination', status })
  return getAddress(chosen.address)
}

/** The external wallet assets holding an address (lower-case), for webhooks about it. */
export async function externalAssetsOfAddress(ctx: CustodyContext, address: string): Promise<{ wallet: WalletRow; asset: AssetRow }[]> {
  const rows = await ctx.db
    .selectFrom('fireblocks_external_wallet_assets as a')
    .innerJoin('fireblocks_external_wallets as w', 'w.wallet_id', 'a.wallet_id')
    .selectAll('a')
    .select(['w.name', 'w.customer_ref_id', 'w.idempotency_key', 'w.created_by as wallet_created_by', 'w.created_at as wallet_created_at'])
    .where('a.address', '=', address.toLowerCase())
    .orderBy('a.created_at')
    .execute()
  return rows.map((r) => ({
    wallet: { wallet_id: r.wallet_id, name: r.name, customer_ref_id: r.customer_ref_id, created_by: r.wallet_created_by, idempotency_key: r.idempotency_key, created_at: r.wallet_created_at },
    asset: { wallet_id: r.wallet_id, asset_id: r.asset_id, address: r.address, tag: r.tag, change_request_id: r.change_request_id, created_by: r.created_by, created_at: r.created_at },
  }))
}

