import { Type } from 'typebox'
import type { HttpServer } from '../../../shared/http/create-server.ts'
import type { Clock } from '../../../shared/clock.ts'
import { CustosError, UnauthorizedError, ValidationError } from '../../../shared/errors.ts'
import { verifyWebhookSignature, WebhookSignatureInvalidError } from '../../../shared/webhooks/verify-webhook-signature.ts'
import { WEBHOOK_HEADERS } from '../../../shared/webhooks/sign-webhook.ts'
import type { PlatformContext } from '../../context.ts'
import { receiveInboundEvent } from './receive-event.ts'
import { errors } from '../../http/schemas.ts'
import { verifyVendorWebhook } from '../kyc/public.ts'

/** Header a KYC vendor signs its webhooks in (`t=<unix>,v1=<hex HMAC-SHA256(secret, t + "." + body)>`). */
export const KYC_VENDOR_SIGNATURE_HEADER = 'x-kyc-signature'

const Ack = Type.Object({ status: Type.Union([Type.Literal('accepted'), Type.Literal('duplicate')]), eventId: Type.String() })

export interface InboundRouteOptions {
  /** Current custody webhook secrets (several during a rotation); none: the route answers 503. */
  custodySecrets(): string[]
  /** Current KYC vendor webhook secrets. */
  vendorSecrets(): string[]
  /** Real time, to judge a signature's freshness (the sender signs with its own clock). */
  transportClock: Clock
}

function rawOf(raw: Buffer | undefined): Buffer {
  if (!raw || raw.length === 0) throw new ValidationError('the webhook has no JSON body')
  return raw
}

/**
 * Receivers for webhooks from custody and from KYC vendors. No API key: each
 * delivery is authenticated by its HMAC signature over the exact body bytes,
 * checked before the body is looked at; then it is stored in the inbox (a
 * duplicate is acknowledged and dropped) and processed asynchronously.
 */
export function registerInboundRoutes(app: HttpServer, ctx: PlatformContext, opts: InboundRouteOptions) {
  app.post(
    '/v1/inbound/custody',
    {
      config: { public: true },
      schema: {
        tags: ['inbound webhooks'],
        summary: 'Custody’s signed webhooks (transaction status changes, deposits, whitelist changes)',
        description: `Signed with \`${WEBHOOK_HEADERS.signature}\` (see src/shared/webhooks/README.md). 202 when stored, 200 for an event already received, 401 for a bad signature, 503 when no secret is configured.`,
        response: { 200: Ack, 202: Ack, ...errors },
      },
    },
    async (req, reply) => {
      const secrets = opts.custodySecrets()
      if (secrets.length === 0) throw new CustosError('CUSTODY_WEBHOOK_NOT_CONFIGURED', 'no custody webhook secret is configured (CUSTODY_WEBHOOK_SECRET or CUSTODY_WEBHOOK_SECRET_FILE)', { status: 503, retryable: true })
      const raw = rawOf(req.rawBody)
      const v = verifyWebhookSignature({ header: req.headers[WEBHOOK_HEADERS.signature], rawBody: raw, secret: secrets, now: opts.transportClock.now() })
      if (!v.ok) throw new WebhookSignatureInvalidError(v.reason, v.message)
      const e = req.body as Record<string, unknown> | undefined
      if (!e || typeof e.id !== 'string' || typeof e.type !== 'string' || typeof e.resourceId !== 'string' || !Number.isInteger(e.sequence)) {
        throw new ValidationError('not a Custos webhook envelope (id, type, resourceType, resourceId, sequence, data)')
      }
      const fresh = await receiveInboundEvent(ctx, {
        source: 'custody',
        eventId: e.id,
        type: e.type,
        resourceType: typeof e.resourceType === 'string' ? e.resourceType : null,
        resourceId: e.resourceId,
        sequence: e.sequence as number,
        payload: e,
      })
      // Crash tests: stored, not yet acknowledged, so custody delivers it again.
      if (fresh && e.type === 'deposit.confirmed') ctx.failpoint?.('inbound:after-deposit-stored')
      if (fresh) ctx.wake()
      return reply.status(fresh ? 202 : 200).send({ status: fresh ? 'accepted' : 'duplicate', eventId: e.id })
    },
  )

  app.post(
    '/v1/inbound/kyc/:provider',
    {
      config: { public: true },
      schema: {
        tags: ['inbound webhooks'],
        summary: 'A KYC vendor’s signed screening result',
        description: `Signed with \`${KYC_VENDOR_SIGNATURE_HEADER}: t=<unix>,v1=<hex HMAC-SHA256(secret, t + "." + body)>\`. Body: {id (the vendor's event id), providerRef, outcome: APPROVE|REVIEW|REJECT, reasons, sanctionsMatches, checkedAt}. 202 stored, 200 duplicate, 401 bad signature.`,
        params: Type.Object({ provider: Type.String({ pattern: '^[a-z0-9][a-z0-9_-]{0,31}$' }) }),
        response: { 200: Ack, 202: Ack, ...errors },
      },
    },
    async (req, reply) => {
      const secrets = opts.vendorSecrets()
      if (secrets.length === 0) throw new CustosError('KYC_WEBHOOK_NOT_CONFIGURED', 'no KYC vendor webhook secret is configured (PLATFORM_KYC_WEBHOOK_SECRET)', { status: 503, retryable: true })
      const raw = rawOf(req.rawBody)
      const sent = req.headers[KYC_VENDOR_SIGNATURE_HEADER]
      // A repeated header is joined, which repeats `t=` and so reads as malformed.
      const header = Array.isArray(sent) ? sent.join(',') : sent
      const v = verifyVendorWebhook({ header, rawBody: raw, secrets, clock: opts.transportClock })
      if (!v.ok) throw new UnauthorizedError('WEBHOOK_SIGNATURE_INVALID', v.message)
      const b = req.body as Record<string, unknown> | undefined
      const outcomes = ['APPROVE', 'REVIEW', 'REJECT']
      if (!b || typeof b.id !== 'string' || typeof b.providerRef !== 'string' || !outcomes.includes(String(b.outcome)) || typeof b.checkedAt !== 'string') {
        throw new ValidationError('a screening result needs id, providerRef, outcome (APPROVE, REVIEW or REJECT) and checkedAt')
      }
      const fresh = await receiveInboundEvent(ctx, { source: `kyc:${req.params.provider}`, eventId: b.id, type: 'screening.completed', resourceType: 'screening', resourceId: b.providerRef, payload: b })
      if (fresh) ctx.wake()
      return reply.status(fresh ? 202 : 200).send({ status: fresh ? 'accepted' : 'duplicate', eventId: b.id })
    },
  )
}
