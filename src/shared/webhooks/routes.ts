import { Type } from 'typebox'
import type { Kysely } from 'kysely'
import type { Clock } from '../clock.ts'
import type { HttpServer } from '../http/create-server.ts'
import type { Logger } from '../logger.ts'
import type { WebhookContext } from './context.ts'
import { listDeliveries, redeliverDelivery, type WebhookDelivery } from './deliveries.ts'
import {
  CreateSubscriptionBody,
  Delivery,
  DeliveryId,
  DeliveryPage,
  DeliveryQuery,
  RotateSecretBody,
  Subscription,
  SubscriptionId,
  SubscriptionList,
  SubscriptionWithSecret,
  UpdateSubscriptionBody,
  type DeliveryJson,
  type SubscriptionJson,
} from './route-schemas.ts'
import {
  createSubscription,
  deleteSubscription,
  disableSubscription,
  enableSubscription,
  getSubscription,
  listSubscriptions,
  assertSubscriptionSettings,
  rotateSubscriptionSecret,
  updateSubscriptionSettings,
  type WebhookSubscription,
} from './subscriptions.ts'
import { assertSealKey } from './webhook-secret.ts'
import type { WebhookTargetPolicy } from './webhook-target.ts'
import type { FastifyRequest } from 'fastify'
import { auditActor } from '../auth/audit-actor.ts'

export interface WebhookRoutesOptions {
  db: Kysely<any>
  /** 32 bytes; the AES-256-GCM key subscription secrets are stored under. */
  sealKey: Uint8Array
  clock: Clock
  /** Scopes the caller's API key needs: `read` for listings and the log, `admin` for every change. */
  scopes: { read: string | readonly string[]; admin: string | readonly string[] }
  /** Called after a redelivery is scheduled; pass the delivery loop's `wake`. */
  wake?: () => void
  logger?: Logger
  /** Internal addresses subscriptions may reach (default: none). */
  targets?: WebhookTargetPolicy
  /** Records every change of a subscription (who, before, after; never its secret) in the service's audit log. */
  audit?: WebhookAudit
}

/** One subscription change for the audit log. `before`/`after` are the subscription without its secret (null when absent). */
export type WebhookAudit = (entry: {
  actor: string
  action: 'webhook.subscription_created' | 'webhook.subscription_updated' | 'webhook.subscription_deleted' | 'webhook.subscription_disabled' | 'webhook.subscription_enabled' | 'webhook.secret_rotated' | 'webhook.redelivered'
  subscriptionId: string
  before: SubscriptionJson | null
  after: SubscriptionJson | null
  correlationId: string
}) => Promise<void>

const TAGS = ['webhooks']
const iso = (d: Date | null): string | null => (d ? d.toISOString() : null)

function subscriptionJson(s: WebhookSubscription): SubscriptionJson {
  return {
    id: s.id,
    url: s.url,
    events: s.events,
    description: s.description,
    status: s.status,
    createdAt: s.createdAt.toISOString(),
    createdBy: s.createdBy,
    updatedAt: s.updatedAt.toISOString(),
    secretRotatedAt: iso(s.secretRotatedAt),
    previousSecretExpiresAt: iso(s.previousSecretExpiresAt),
    timeoutMs: s.timeoutMs,
    concurrency: s.concurrency,
    maxAttempts: s.maxAttempts,
  }
}

function deliveryJson(d: WebhookDelivery): DeliveryJson {
  return {
    ...d,
    nextAttemptAt: iso(d.nextAttemptAt),
    deliveredAt: iso(d.deliveredAt),
    createdAt: d.createdAt.toISOString(),
    attemptLog: d.attemptLog.map((a) => ({ ...a, at: a.at.toISOString() })),
  }
}

/** The settings as sent, before the schema's type coercion (which would read a 0 as null). */
async function checkRawSettings(req: FastifyRequest): Promise<void> {
  if (req.body && typeof req.body === 'object') assertSubscriptionSettings(req.body as Record<string, unknown>)
}

/**
 * Adds the subscription API under `/v1/webhooks`. Register it after
 * `installAuth`, which enforces each route's `config.scopes`.
 *
 * @example
 * registerWebhookRoutes(app, { db, sealKey: config.webhookSealKey, clock, scopes: { read: 'webhooks:read', admin: 'webhooks:admin' }, wake: loop.wake })
 */
export function registerWebhookRoutes(app: HttpServer, opts: WebhookRoutesOptions): void {
  assertSealKey(opts.sealKey)
  const ctx: WebhookContext = { db: opts.db, clock: opts.clock, sealKey: opts.sealKey, logger: opts.logger, targets: opts.targets }
  const audit = async (req: FastifyRequest, action: Parameters<WebhookAudit>[0]['action'], subscriptionId: string, before: SubscriptionJson | null, after: SubscriptionJson | null) => {
    const actor = req.principal ? auditActor(req.principal) : 'unknown'
    await opts.audit?.({ actor, action, subscriptionId, before, after, correlationId: String(req.id) })
  }
  const current = async (id: string): Promise<SubscriptionJson | null> => subscriptionJson(await getSubscription(ctx, id))
  const read = { scopes: typeof opts.scopes.read === 'string' ? [opts.scopes.read] : [...opts.scopes.read] }
  const admin = { scopes: typeof opts.scopes.admin === 'string' ? [opts.scopes.admin] : [...opts.scopes.admin] }

  app.post(
    '/v1/webhooks',
    {
      config: admin,
      schema: {
        tags: TAGS,
        summary: 'Subscribe a URL to events',
        description: 'Returns the signing secret once; it cannot be read back (rotate it to get a new one).',
        body: CreateSubscriptionBody,
        response: { 201: SubscriptionWithSecret },
      },
      preValidation: checkRawSettings,
    },
    async (req, reply) => {
      const created = await createSubscription(ctx, { ...req.body, createdBy: req.principal?.keyId })
      await audit(req, 'webhook.subscription_created', created.id, null, subscriptionJson(created))
      return reply.status(201).header('cache-control', 'no-store').send({ ...subscriptionJson(created), secret: created.secret })
    },
  )

  app.get('/v1/webhooks', { config: read, schema: { tags: TAGS, summary: 'List subscriptions (never their secrets)', response: { 200: SubscriptionList } } }, async () => ({
    items: (await listSubscriptions(ctx)).map(subscriptionJson),
  }))

  app.get(
    '/v1/webhooks/:id',
    { config: read, schema: { tags: TAGS, summary: 'One subscription', params: SubscriptionId, response: { 200: Subscription } } },
    async (req) => subscriptionJson(await getSubscription(ctx, req.params.id)),
  )

  app.patch(
    '/v1/webhooks/:id',
    {
      config: admin,
      schema: {
        tags: TAGS,
        summary: 'Change a subscription’s delivery settings',
        description: 'timeoutMs, concurrency and maxAttempts; null resets one to the service default, an absent one is left as it is. Deliveries claimed from now on follow them.',
        params: SubscriptionId,
        body: UpdateSubscriptionBody,
        response: { 200: Subscription },
      },
      preValidation: checkRawSettings,
    },
    async (req) => {
      const { before, after } = await updateSubscriptionSettings(ctx, req.params.id, req.body)
      await audit(req, 'webhook.subscription_updated', req.params.id, subscriptionJson(before), subscriptionJson(after))
      opts.wake?.()
      return subscriptionJson(after)
    },
  )

  app.delete(
    '/v1/webhooks/:id',
    {
      config: admin,
      schema: { tags: TAGS, summary: 'Delete a subscription', description: 'Erases its secret and cancels its pending deliveries.', params: SubscriptionId, response: { 204: Type.Null() } },
    },
    async (req, reply) => {
      const before = await current(req.params.id)
      await deleteSubscription(ctx, req.params.id)
      await audit(req, 'webhook.subscription_deleted', req.params.id, before, null)
      return reply.status(204).send(null)
    },
  )

  app.post(
    '/v1/webhooks/:id/disable',
    {
      config: admin,
      schema: { tags: TAGS, summary: 'Stop sending to a subscription', description: 'Pending deliveries end FAILED; redeliver them after enabling.', params: SubscriptionId, response: { 200: Subscription } },
    },
    async (req) => {
      const before = await current(req.params.id)
      const after = subscriptionJson(await disableSubscription(ctx, req.params.id))
      await audit(req, 'webhook.subscription_disabled', req.params.id, before, after)
      return after
    },
  )

  app.post(
    '/v1/webhooks/:id/enable',
    { config: admin, schema: { tags: TAGS, summary: 'Resume a disabled subscription', params: SubscriptionId, response: { 200: Subscription } } },
    async (req) => {
      const before = await current(req.params.id)
      const after = subscriptionJson(await enableSubscription(ctx, req.params.id))
      await audit(req, 'webhook.subscription_enabled', req.params.id, before, after)
      return after
    },
  )

  app.post(
    '/v1/webhooks/:id/rotate-secret',
    {
      config: admin,
      schema: {
        tags: TAGS,
        summary: 'Replace the signing secret',
        description: 'Returns the new secret once. With overlapSeconds, deliveries carry a v1 signature under each secret until the overlap ends.',
        params: SubscriptionId,
        body: RotateSecretBody,
        response: { 200: SubscriptionWithSecret },
      },
      // The body is optional: a bare POST rotates with no overlap.
      preValidation: async (req) => {
        if (req.body === undefined || req.body === null) (req as { body: unknown }).body = {}
      },
    },
    async (req, reply) => {
      const before = await current(req.params.id)
      const rotated = await rotateSubscriptionSecret(ctx, req.params.id, { overlapSeconds: req.body.overlapSeconds })
      await audit(req, 'webhook.secret_rotated', req.params.id, before, subscriptionJson(rotated.subscription))
      reply.header('cache-control', 'no-store')
      return { ...subscriptionJson(rotated.subscription), secret: rotated.secret }
    },
  )

  app.get(
    '/v1/webhooks/:id/deliveries',
    {
      config: read,
      schema: {
        tags: TAGS,
        summary: 'Delivery log, newest first',
        description: 'Each delivery with every attempt: time, HTTP status or error, duration. Page with nextCursor.',
        params: SubscriptionId,
        querystring: DeliveryQuery,
        response: { 200: DeliveryPage },
      },
    },
    async (req) => {
      const page = await listDeliveries(ctx, req.params.id, req.query)
      return { items: page.items.map(deliveryJson), nextCursor: page.nextCursor }
    },
  )

  app.post(
    '/v1/webhooks/deliveries/:deliveryId/redeliver',
    {
      config: admin,
      schema: {
        tags: TAGS,
        summary: 'Send a delivery’s event again',
        description: 'Schedules a fresh delivery of the same event (same id and sequence) to the same subscription, due now.',
        params: DeliveryId,
        response: { 202: Delivery },
      },
    },
    async (req, reply) => {
      const delivery = await redeliverDelivery(ctx, req.params.deliveryId)
      await audit(req, 'webhook.redelivered', delivery.subscriptionId, null, null)
      opts.wake?.()
      return reply.status(202).send(deliveryJson(delivery))
    },
  )
}
