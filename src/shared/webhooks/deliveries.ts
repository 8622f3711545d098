import { randomUUID } from 'node:crypto'
import type { Kysely } from 'kysely'
import { ValidationError } from '../errors.ts'
import type { WebhookContext } from './context.ts'
import { isUuid } from './ids.ts'
import type { DeliveryStatus, WebhooksDB } from './schema.ts'
import { getSubscription, requireActiveSubscription } from './subscriptions.ts'
import { WebhookDeliveryNotFoundError } from './webhook-errors.ts'

/** One HTTP attempt of a delivery. */
export interface WebhookDeliveryAttempt {
  attempt: number
  at: Date
  /** The receiver's HTTP status, or null if none came back. */
  statusCode: number | null
  /** Why no status came back (timeout, connection refused …). */
  error: string | null
  durationMs: number
}

/** One event on its way to one subscription, with its attempts. */
export interface WebhookDelivery {
  id: string
  subscriptionId: string
  eventId: string
  eventType: string
  resourceType: string
  resourceId: string
  sequence: number
  status: DeliveryStatus
  attempts: number
  nextAttemptAt: Date | null
  lastStatus: number | null
  lastError: string | null
  deliveredAt: Date | null
  createdAt: Date
  /** The delivery this one re-sends, if it came from a redeliver. */
  redeliveryOf: string | null
  attemptLog: WebhookDeliveryAttempt[]
}

export interface ListDeliveriesParameters {
  /** 1 to 100 (default 20). */
  limit?: number
  /** `nextCursor` of the previous page. */
  cursor?: string
  status?: DeliveryStatus
}

export interface ListDeliveriesReturnType {
  items: WebhookDelivery[]
  /** Pass as `cursor` for the next (older) page; null on the last page. */
  nextCursor: string | null
}

const dbOf = (ctx: WebhookContext) => ctx.db as Kysely<WebhooksDB>

function encodeCursor(createdAt: Date, id: string): string {
  return Buffer.from(JSON.stringify([createdAt.toISOString(), id])).toString('base64url')
}

function decodeCursor(cursor: string): { createdAt: Date; id: string } {
  let parsed: unknown
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
  } catch {
    parsed = undefined
  }
  const [at, id] = Array.isArray(parsed) ? parsed : []
  const createdAt = new Date(typeof at === 'string' ? at : NaN)
  if (Number.isNaN(createdAt.getTime()) || typeof id !== 'string' || !isUuid(id)) {
    throw new ValidationError('cursor is not one this API returned', { field: 'cursor' })
  }
  return { createdAt, id }
}

function deliveriesQuery(ctx: WebhookContext) {
  return dbOf(ctx)
    .selectFrom('webhook_deliveries as d')
    .innerJoin('webhook_events as e', 'e.id', 'd.event_id')
    .select([
      'd.id',
      'd.subscription_id',
      'd.event_id',
      'e.type',
      'e.resource_type',
      'e.resource_id',
      'e.sequence',
      'd.status',
      'd.attempts',
      'd.next_attempt_at',
      'd.last_status',
      'd.last_error',
      'd.delivered_at',
      'd.created_at',
      'd.redelivery_of',
    ])
}

type DeliveryRow = Awaited<ReturnType<ReturnType<typeof deliveriesQuery>['executeTakeFirstOrThrow']>>

async function withAttempts(ctx: WebhookContext, rows: DeliveryRow[]): Promise<WebhookDelivery[]> {
  if (rows.length === 0) return []
  const attempts = await dbOf(ctx)
    .selectFrom('webhook_delivery_attempts')
    .select(['delivery_id', 'attempt', 'at', 'status_code', 'error', 'duration_ms'])
    .where(
      'delivery_id',
      'in',
      rows.map((r) => r.id),
    )
    .orderBy('delivery_id')
    .orderBy('attempt')
    .execute()
  const byDelivery = new Map<string, WebhookDeliveryAttempt[]>()
  for (const a of attempts) {
    const list = byDelivery.get(a.delivery_id) ?? []
    list.push({ attempt: a.attempt, at: a.at, statusCode: a.status_code, error: a.error, durationMs: a.duration_ms })
    byDelivery.set(a.delivery_id, list)
  }
  return rows.map((r) => ({
    id: r.id,
    subscriptionId: r.subscription_id,
    eventId: r.event_id,
    eventType: r.type,
    resourceType: r.resource_type,
    resourceId: r.resource_id,
    sequence: Number(r.sequence),
    status: r.status,
    attempts: r.attempts,
    nextAttemptAt: r.next_attempt_at,
    lastStatus: r.last_status,
    lastError: r.last_error,
    deliveredAt: r.delivered_at,
    createdAt: r.created_at,
    redeliveryOf: r.redelivery_of,
    attemptLog: byDelivery.get(r.id) ?? [],
  }))
}

/**
 * A subscription's delivery log, newest first, each delivery with its
 * attempts (time, status code or error, duration).
 */
export async function listDeliveries(ctx: WebhookContext, subscriptionId: string, p: ListDeliveriesParameters = {}): Promise<ListDeliveriesReturnType> {
  await getSubscription(ctx, subscriptionId)
  const limit = p.limit ?? 20
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw new ValidationError('limit must be from 1 to 100', { field: 'limit' })
  let q = deliveriesQuery(ctx).where('d.subscription_id', '=', subscriptionId)
  if (p.status) q = q.where('d.status', '=', p.status)
  if (p.cursor) {
    const c = decodeCursor(p.cursor)
    q = q.where((eb) => eb.or([eb('d.created_at', '<', c.createdAt), eb.and([eb('d.created_at', '=', c.createdAt), eb('d.id', '<', c.id)])]))
  }
  const rows = await q.orderBy('d.created_at', 'desc').orderBy('d.id', 'desc').limit(limit + 1).execute()
  const page = rows.slice(0, limit)
  const last = page[page.length - 1]
  return { items: await withAttempts(ctx, page), nextCursor: rows.length > limit && last ? encodeCursor(last.created_at, last.id) : null }
}

/** One delivery with its attempts. */
export async function getDelivery(ctx: WebhookContext, deliveryId: string): Promise<WebhookDelivery> {
  if (!isUuid(deliveryId)) throw new WebhookDeliveryNotFoundError(deliveryId)
  const row = await deliveriesQuery(ctx).where('d.id', '=', deliveryId).executeTakeFirst()
  if (!row) throw new WebhookDeliveryNotFoundError(deliveryId)
  const [delivery] = await withAttempts(ctx, [row])
  return delivery!
}

/**
 * Schedules a fresh delivery of an event to an active subscription, due at
 * once, with its own 24 h of retries. The receiver gets the same event id
 * and sequence as before. Wake the delivery loop afterwards to send it now.
 *
 * @example
 * const d = await redeliverEvent(ctx, { eventId, subscriptionId })
 * loop.wake()
 */
export async function redeliverEvent(ctx: WebhookContext, p: { eventId: string; subscriptionId: string; redeliveryOf?: string }): Promise<WebhookDelivery> {
  await requireActiveSubscription(ctx, p.subscriptionId)
  if (!isUuid(p.eventId)) throw new ValidationError(`event ${p.eventId} does not exist`, { field: 'eventId' })
  const event = await dbOf(ctx).selectFrom('webhook_events').select('id').where('id', '=', p.eventId).executeTakeFirst()
  if (!event) throw new ValidationError(`event ${p.eventId} does not exist`, { field: 'eventId' })
  const id = randomUUID()
  const now = ctx.clock.now()
  await dbOf(ctx)
    .insertInto('webhook_deliveries')
    .values({
      id,
      event_id: p.eventId,
      subscription_id: p.subscriptionId,
      status: 'PENDING',
      attempts: 0,
      next_attempt_at: now,
      created_at: now,
      redelivery_of: p.redeliveryOf ?? null,
    })
    .execute()
  return getDelivery(ctx, id)
}

/** Sends a delivery's event again to the same subscription (see {@link redeliverEvent}). */
export async function redeliverDelivery(ctx: WebhookContext, deliveryId: string): Promise<WebhookDelivery> {
  const original = await getDelivery(ctx, deliveryId)
  return redeliverEvent(ctx, { eventId: original.eventId, subscriptionId: original.subscriptionId, redeliveryOf: original.id })
}
