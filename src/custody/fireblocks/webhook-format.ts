import { sign } from 'node:crypto'
import type { WebhookFormat } from '../../shared/webhooks/context.ts'
import { VERSION } from '../../shared/version.ts'
import type { CustodyContext } from '../context.ts'
import type { TransactionView } from '../transactions/serialize.ts'
import { toFireblocksTransaction } from './transaction-response.ts'
import { vaultAccountOfVault } from './vault-accounts.ts'
import { externalAssetsOfAddress } from './external-wallets.ts'
import type { WebhookSigningKey } from './webhook-key.ts'

/** Fireblocks event types and the custody events they are made from. */
export const FIREBLOCKS_EVENT_TYPES: Readonly<Record<string, string>> = {
  'transaction.created': 'transaction.created',
  'transaction.status.updated': 'transaction.status_changed',
  'vault_account.created': 'vault.created',
  // An external wallet's address is approved or taken off when custody's whitelist changes.
  'external_wallet.asset.added': 'whitelist.entry_added',
  'external_wallet.asset.removed': 'whitelist.entry_removed',
}
const FROM_CUSTODY = Object.fromEntries(Object.entries(FIREBLOCKS_EVENT_TYPES).map(([fb, custos]) => [custos, fb]))

/** Header names Fireblocks signs with: the JWKS detached JWS, and the legacy RSA-SHA512 signature. */
export const FIREBLOCKS_WEBHOOK_HEADERS = { jws: 'fireblocks-webhook-signature', legacy: 'fireblocks-signature' } as const

/**
 * Signs a webhook body as Fireblocks does, both ways:
 * - `Fireblocks-Signature`: base64 of the RSA-SHA512 (PKCS#1 v1.5) signature of the body;
 * - `Fireblocks-Webhook-Signature`: a detached JWS (`<header>..<signature>`, RS512, `kid`).
 */
export function signFireblocksWebhook(key: WebhookSigningKey, body: string): Record<string, string> {
  const legacy = sign('sha512', Buffer.from(body), key.privateKey).toString('base64')
  const protectedHeader = Buffer.from(JSON.stringify({ alg: 'RS512', kid: key.kid })).toString('base64url')
  const jws = sign('sha512', Buffer.from(`${protectedHeader}.${Buffer.from(body).toString('base64url')}`), key.privateKey).toString('base64url')
  return { [FIREBLOCKS_WEBHOOK_HEADERS.legacy]: legacy, [FIREBLOCKS_WEBHOOK_HEADERS.jws]: `${protectedHeader}..${jws}` }
}

/**
 * The webhook format of subscriptions made through the Fireblocks API: Fireblocks' v2
 * notification `{id, eventType, resourceId, workspaceId, createdAt, data}` with `data` a
 * TransactionResponse (or the vault account), signed with custody's webhook key.
 * Delivery, retries and the delivery log are custody's own (src/shared/webhooks).
 */
export function fireblocksWebhookFormat(ctx: CustodyContext, key: WebhookSigningKey, workspaceId: string): WebhookFormat {
  return {
    async render({ envelope }) {
      const eventType = FROM_CUSTODY[envelope.type] ?? envelope.type
      let data: unknown = envelope.data
      if (envelope.resourceType === 'transaction') data = await toFireblocksTransaction(ctx, envelope.data as TransactionView)
      if (envelope.type === 'vault.created') {
        const account = await vaultAccountOfVault(ctx, envelope.resourceId)
        data = { accountId: account ? String(account.account_id) : '', accountName: account?.vault.name ?? '' }
      }
      if (envelope.type === 'whitelist.entry_added' || envelope.type === 'whitelist.entry_removed') data = await externalWalletAssetEvent(ctx, envelope.resourceId, envelope.data as { address?: string })
      const body = JSON.stringify({ id: envelope.id, eventType, resourceId: envelope.resourceId, workspaceId, createdAt: Date.parse(envelope.occurredAt), data })
      return { body, headers: { 'content-type': 'application/json', 'user-agent': `Custos-Webhooks/${VERSION} (fireblocks)`, ...signFireblocksWebhook(key, body) } }
    },
  }
}

/**
 * Fireblocks' external wallet asset event data (`walletId`, `walletName`, `walletCustomerRefId`,
 * `assetId`, `address`, `tag`, `activationTime`) for a whitelist change: the first external
 * wallet asset holding the address, or just the address when none does.
 */
async function externalWalletAssetEvent(ctx: CustodyContext, address: string, data: { address?: string }) {
  const [held] = await externalAssetsOfAddress(ctx, address)
  if (!held) return { address: data.address ?? address }
  return {
    walletId: held.wallet.wallet_id,
    walletName: held.wallet.name,
    walletCustomerRefId: held.wallet.customer_ref_id ?? '',
    assetId: held.asset.asset_id,
    address: data.address ?? address,
    tag: held.asset.tag,
    activationTime: new Date(ctx.clock.now()).toISOString(),
  }
}
