import type { CustodyContext } from '../context.ts'
import { findAsset } from '../assets/read-assets.ts'
import type { AssetRow } from '../assets/schema.ts'
import { assetWalletsOf, balanceOf, type VaultAccountRow } from './vault-accounts.ts'

/** Fireblocks' VaultAsset: balances as decimal strings in the asset's units (custody holds nothing frozen or staked). */
export async function vaultAssetOf(ctx: CustodyContext, asset: AssetRow, address: string) {
  const [balance, block] = await Promise.all([balanceOf(ctx, asset, address), ctx.chain.publicClient.getBlock({ blockTag: 'latest' })])
  return {
    id: asset.id,
    total: balance,
    balance,
    available: balance,
    pending: '0',
    frozen: '0',
    lockedAmount: '0',
    staked: '0',
    blockHeight: block.number.toString(),
    blockHash: block.hash,
  }
}

/** Fireblocks' VaultAccount for each row, with its asset wallets and their balances. */
export async function vaultAccountsOf(ctx: CustodyContext, rows: VaultAccountRow[]) {
  const wallets = await assetWalletsOf(ctx, rows.map((r) => r.account_id))
  const assets = new Map<string, AssetRow | undefined>()
  for (const id of new Set([...wallets.values()].flat())) assets.set(id, await findAsset(ctx, id))
  return Promise.all(
    rows.map(async (r) => ({
      id: String(r.account_id),
      name: r.vault.name,
      hiddenOnUI: r.hidden_on_ui,
      ...(r.customer_ref_id ? { customerRefId: r.customer_ref_id } : {}),
      autoFuel: r.auto_fuel,
      assets: await Promise.all(
        (wallets.get(r.account_id) ?? []).flatMap((id) => {
          const asset = assets.get(id)
          return asset ? [vaultAssetOf(ctx, asset, r.vault.address)] : []
        }),
      ),
      tags: [],
    })),
  )
}

/** Fireblocks' VaultWalletAddress of an asset wallet: on an EVM chain, the vault's one address. */
export function depositAddressOf(account: VaultAccountRow, asset: AssetRow) {
  return {
    assetId: asset.id,
    address: account.vault.address,
    description: '',
    tag: '',
    type: 'Permanent',
    ...(account.customer_ref_id ? { customerRefId: account.customer_ref_id } : {}),
    addressFormat: 'BASE' as const,
    legacyAddress: '',
    enterpriseAddress: '',
    bip44AddressIndex: 0,
    userDefined: false,
  }
}
