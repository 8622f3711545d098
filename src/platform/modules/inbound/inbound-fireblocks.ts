import { verify, type KeyObject } from 'node:crypto'
import { Type } from 'typebox'
import type { HttpServer } from '../../../shared/http/create-server.ts'
import { CustosError, UnauthorizedError, ValidationError } from '../../../shared/errors.ts'
import type { PlatformContext } from '../../context.ts'
import { receiveInboundEvent } from './receive-event.ts'
import { errors } from '../../http/schemas.ts'

const Ack = Type.Object({ status: Type.Union([Type.Literal('accepted'), Type.Literal('duplicate'), Type.Literal('ignored')]), eventId: Type.String() })

/** Fireblocks' transaction events, v2 (`eventType`) and v1 (`type`) names. */
const TRANSACTION_EVENTS = new Set(['transaction.created', 'transaction.status.updated', 'TRANSACTION_CREATED', 'TRANSACTION_STATUS_UPDATED'])

/** Fireblocks' external wallet events (v2 and v1 names), as the whitelist changes the cash module follows. */
const WALLET_EVENTS: Readonly<Record<string, 'whitelist.entry_added' | 'whitelist.entry_removed'>> = {
  'external_wallet.asset.added': 'whitelist.entry_added',
  EXTERNAL_WALLET_ASSET_ADDED: 'whitelist.entry_added',
  'external_wallet.asset.removed': 'whitelist.entry_removed',
  EXTERNAL_WALLET_ASSET_REMOVED: 'whitelist.entry_removed',
}

/**
 * Receiver of Fireblocks webhooks (CUSTODY_PROVIDER=fireblocks): verified with
 * `Fireblocks-Signature` (base64 RSA-SHA512 over the exact body) against the configured
 * public key before the body is looked at, then stored in the inbox as a custody
 * transaction event, like Custos custody's own webhooks. Fireblocks sends no sequence
 * number: the transaction's `lastUpdated` (ms) orders its events. Fireblocks signs no
 * timestamp, so a replayed delivery is told by its id (stored once) and can only repeat
 * a state the platform already had; polling by external id covers a lost one.
 * External wallet events (`external_wallet.asset.added` / `.removed`) are stored as the
 * whitelist changes the cash module follows for withdrawal addresses; reading a PENDING
 * address polls Fireblocks too, so a lost one delays nothing for good.
 */
export function registerFireblocksInboundRoute(app: HttpServer, ctx: PlatformContext, opts: { publicKey(): KeyObject | null }) {
  app.post(
    '/v1/inbound/fireblocks',
    {
      config: { public: true },
      schema: {
        tags: ['inbound webhooks'],
        summary: 'Fireblocks webhooks (transaction and external wallet events), when the platform runs on a Fireblocks workspace',
        description: '`Fireblocks-Signature` is checked with FIREBLOCKS_WEBHOOK_PUBLIC_KEY_FILE. 202 stored, 200 duplicate or not a transaction event, 401 bad signature, 503 no key configured.',
        response: { 200: Ack, 202: Ack, ...errors },
      },
    },
    async (req, reply) => {
      const key = opts.publicKey()
      if (!key) throw new CustosError('FIREBLOCKS_WEBHOOK_NOT_CONFIGURED', 'no Fireblocks webhook public key is configured (FIREBLOCKS_WEBHOOK_PUBLIC_KEY_FILE)', { status: 503, retryable: true })
      const raw = req.rawBody
      if (!raw || raw.length === 0) throw new ValidationError('the webhook has no JSON body')
      const sig = req.headers['fireblocks-signature']
      if (typeof sig !== 'string' || !/^[A-Za-z0-9+/=]{16,2048}$/.test(sig)) throw new UnauthorizedError('WEBHOOK_SIGNATURE_MISSING', 'Fireblocks-Signature is missing or malformed')
      if (!verify('sha512', raw, key, Buffer.from(sig, 'base64'))) throw new UnauthorizedError('WEBHOOK_SIGNATURE_MISMATCH', 'Fireblocks-Signature does not verify with the configured public key')
      const e = req.body as { id?: unknown; eventType?: unknown; type?: unknown; data?: Record<string, unknown> } | undefined
      const type = typeof e?.eventType === 'string' ? e.eventType : typeof e?.type === 'string' ? e.type : undefined
      const data = e?.data
      const txId = typeof data?.id === 'string' ? data.id : undefined
      const updated = typeof data?.lastUpdated === 'number' && Number.isSafeInteger(data.lastUpdated) ? data.lastUpdated : undefined
      // v1 notifications carry no id: the transaction and its update time name the event.
      const walletEvent = type ? WALLET_EVENTS[type] : undefined
      const address = typeof data?.address === 'string' && /^0x[0-9a-fA-F]{40}$/.test(data.address) ? data.address : undefined
      const eventId =
        typeof e?.id === 'string' ? e.id : txId && updated !== undefined ? `${txId}:${updated}:${String(data?.status)}` : walletEvent && address ? `${type}:${String(data?.walletId)}:${String(data?.assetId)}:${address.toLowerCase()}` : undefined
      if (!type || !eventId) throw new ValidationError('not a Fireblocks notification (eventType or type, data)')
      // An external wallet's address approved (or taken off): the withdrawal addresses it stands for follow; an asset still waiting for approval says nothing yet.
      if (walletEvent && address && (data?.status === undefined || data.status === 'APPROVED' || walletEvent === 'whitelist.entry_removed')) {
        const fresh = await receiveInboundEvent(ctx, {
          source: 'custody',
          eventId: `fireblocks:${eventId}`,
          type: walletEvent,
          resourceType: 'whitelist_entry',
          resourceId: address.toLowerCase(),
          sequence: 0,
          payload: { data: { address, changeRequestId: typeof data?.walletId === 'string' ? data.walletId : null } },
        })
        if (fresh) ctx.wake()
        return reply.status(fresh ? 202 : 200).send({ status: fresh ? 'accepted' : 'duplicate', eventId })
      }
      if (!TRANSACTION_EVENTS.has(type) || !txId) return reply.status(200).send({ status: 'ignored', eventId })
      const fresh = await receiveInboundEvent(ctx, {
        source: 'custody',
        eventId: `fireblocks:${eventId}`,
        type: 'transaction.status_changed',
        resourceType: 'transaction',
        resourceId: txId,
        sequence: updated ?? 0,
        payload: { data: { id: txId, externalTxId: data?.externalTxId || null, status: data?.status, subStatus: data?.subStatus || null, statusReason: data?.errorDescription || null, txHash: data?.txHash || null } },
      })
      if (fresh) ctx.wake()
      return reply.status(fresh ? 202 : 200).send({ status: fresh ? 'accepted' : 'duplicate', eventId })
    },
  )
}
