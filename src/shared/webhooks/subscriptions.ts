import { randomUUID } from 'node:crypto'
import type { Kysely, Selectable } from 'kysely'
import { ValidationError } from '../errors.ts'
import type { WebhookContext } from './context.ts'
import { normaliseEventPatterns } from './event-types.ts'
import { isUuid } from './ids.ts'
import type { WebhookSubscriptionsTable, WebhooksDB } from './schema.ts'
import { WebhookSubscriptionNotActiveError, WebhookSubscriptionNotFoundError } from './webhook-errors.ts'
import { newWebhookSecret, sealWebhookSecret } from './webhook-secret.ts'
import { normaliseWebhookUrl } from './webhook-url.ts'
import { assertWebhookTarget, STRICT_WEBHOOK_TARGETS } from './webhook-target.ts'

/** A subscription as shown to operators: never its secret. */
export interface WebhookSubscription {
  id: string
  url: string
  events: string[]
  description: string | null
  status: 'ACTIVE' | 'DISABLED'
  createdAt: Date
  createdBy: string | null
  updatedAt: Date
  secretRotatedAt: Date | null
  /** While set and in the future, deliveries are also signed with the secret before the last rotation. */
  previousSecretExpiresAt: Date | null
  /** Delivery settings of this subscription; null: the service's defaults. */
  timeoutMs: number | null
  concurrency: number | null
  maxAttempts: number | null
}

/** How deliveries to one subscription go; null or absent: the service's default. */
export interface SubscriptionSettings {
  /** Per HTTP request, 1,000 to 30,000 ms. */
  timeoutMs?: number | null
  /** Requests in flight at once, 1 to 16. */
  concurrency?: number | null
  /** Attempts before a delivery ends FAILED, 1 to 100 (the service's retry window ends it too). */
  maxAttempts?: number | null
}

/** Bounds of the settings (the database checks them too). */
export const SUBSCRIPTION_SETTING_LIMITS = {
  timeoutMs: { min: 1_000, max: 30_000 },
  concurrency: { min: 1, max: 16 },
  maxAttempts: { min: 1, max: 100 },
} as const

export interface CreateSubscriptionParameters extends SubscriptionSettings {
  url: string
  events: string[]
  description?: string
  /** Who asked (an API key id), for the record. */
  createdBy?: string
  /** A format of the service (`WebhookContext.formats`); absent: the Custos envelope, HMAC-signed. */
  format?: string
}

/** A new subscription with its signing secret, shown this once. */
export interface CreatedSubscription extends WebhookSubscription {
  secret: string
}

export interface RotateSecretParameters {
  /** How long the old secret keeps signing beside the new one (default 0; at most 7 days). Use 0 if the old one leaked. */
  overlapSeconds?: number
}

export interface RotatedSecret {
  subscription: WebhookSubscription
  /** The new secret, shown this once. */
  secret: string
}

const MAX_OVERLAP_SECONDS = 7 * 24 * 60 * 60

const SUMMARY_COLUMNS = [
  'id',
  'url',
  'events',
  'description',
  'status',
  'created_at',
  'created_by',
  'updated_at',
  'secret_rotated_at',
  'previous_secret_expires_at',
  'timeout_ms',
  'concurrency',
  'max_attempts',
] as const

type SummaryRow = Pick<Selectable<WebhookSubscriptionsTable>, (typeof SUMMARY_COLUMNS)[number]>

function summaryOf(r: SummaryRow): WebhookSubscription {
  return {
    id: r.id,
    url: r.url,
    events: r.events,
    description: r.description,
    status: r.status === 'ACTIVE' ? 'ACTIVE' : 'DISABLED',
    createdAt: r.created_at,
    createdBy: r.created_by,
    updatedAt: r.updated_at,
    secretRotatedAt: r.secret_rotated_at,
    previousSecretExpiresAt: r.previous_secret_expires_at,
    timeoutMs: r.timeout_ms,
    concurrency: r.concurrency,
    maxAttempts: r.max_attempts,
  }
}

/**
 * Throws ValidationError (400, naming the field) unless each setting present is null or an
 * integer within its bounds. The routes call it on the raw body too, before schema
 * coercion could turn a 0 into a null.
 */
export function assertSubscriptionSettings(p: Record<string, unknown>): void {
  settingsColumns(p as SubscriptionSettings)
}

/** The settings as columns, checked against their bounds (400 naming the field otherwise). */
function settingsColumns(p: SubscriptionSettings): { timeout_ms?: number | null; concurrency?: number | null; max_attempts?: number | null } {
  const out: { timeout_ms?: number | null; concurrency?: number | null; max_attempts?: number | null } = {}
  const columns = { timeoutMs: 'timeout_ms', concurrency: 'concurrency', maxAttempts: 'max_attempts' } as const
  for (const field of Object.keys(columns) as (keyof typeof columns)[]) {
    const v: unknown = p[field]
    if (v === undefined) continue
    const { min, max } = SUBSCRIPTION_SETTING_LIMITS[field]
    if (v !== null && (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max)) throw new ValidationError(`${field} must be an integer from ${min} to ${max}, or null for the default`, { field })
    out[columns[field]] = v as number | null
  }
  return out
}

const dbOf = (ctx: WebhookContext) => ctx.db as Kysely<WebhooksDB>

/**
 * Registers a URL for the given event types (`*`, `transaction.*` or exact
 * names) and returns it with its new signing secret, the only time the
 * secret is readable.
 *
 * @example
 * const { id, secret } = await createSubscription(ctx, { url: 'https://example.com/hooks', events: ['transaction.*'] })
 */
export async function createSubscription(ctx: WebhookContext, p: CreateSubscriptionParameters): Promise<CreatedSubscription> {
  if (p.format !== undefined && !ctx.formats?.[p.format]) throw new ValidationError(`unknown webhook format ${p.format}`, { field: 'format' })
  const url = normaliseWebhookUrl(p.url)
  await assertWebhookTarget(ctx.targets ?? STRICT_WEBHOOK_TARGETS, url)
  const events = normaliseEventPatterns(p.events)
  if (p.description !== undefined && (typeof p.description !== 'string' || p.description.length > 500)) {
    throw new ValidationError('description must be at most 500 characters', { field: 'description' })
  }
  const settings = settingsColumns(p)
  const id = randomUUID()
  const secret = newWebhookSecret()
  const sealed = sealWebhookSecret(ctx.sealKey, secret, id)
  const now = ctx.clock.now()
  const row = await dbOf(ctx)
    .insertInto('webhook_subscriptions')
    .values({
      id,
      url,
      events: JSON.stringify(events),
      description: p.description ?? null,
      status: 'ACTIVE',
      secret_ciphertext: sealed.ciphertext,
      secret_iv: sealed.iv,
      secret_tag: sealed.tag,
      created_at: now,
      created_by: p.createdBy ?? null,
      updated_at: now,
      ...(p.format ? { format: p.format } : {}),
      ...settings,
    })
    .returning(SUMMARY_COLUMNS)
    .executeTakeFirstOrThrow()
  return { ...summaryOf(row), secret }
}

/** Every subscription not deleted, oldest first; no secrets. */
export async function listSubscriptions(ctx: WebhookContext): Promise<WebhookSubscription[]> {
  const rows = await dbOf(ctx).selectFrom('webhook_subscriptions').select(SUMMARY_COLUMNS).where('status', '!=', 'DELETED').orderBy('created_at').orderBy('id').execute()
  return rows.map(summaryOf)
}

/** One subscription; 404 if unknown or deleted. */
export async function getSubscription(ctx: WebhookContext, id: string): Promise<WebhookSubscription> {
  if (!isUuid(id)) throw new WebhookSubscriptionNotFoundError(id)
  const row = await dbOf(ctx).selectFrom('webhook_subscriptions').select(SUMMARY_COLUMNS).where('id', '=', id).where('status', '!=', 'DELETED').executeTakeFirst()
  if (!row) throw new WebhookSubscriptionNotFoundError(id)
  return summaryOf(row)
}

/**
 * Changes a subscription's delivery settings (a null resets one to the service's
 * default; an absent one is left as it is). Deliveries from the next claim on follow them.
 * Returns the subscription before and after.
 */
export async function updateSubscriptionSettings(ctx: WebhookContext, id: string, p: SubscriptionSettings): Promise<{ before: WebhookSubscription; after: WebhookSubscription }> {
  if (!isUuid(id)) throw new WebhookSubscriptionNotFoundError(id)
  const settings = settingsColumns(p)
  return dbOf(ctx)
    .transaction()
    .execute(async (tx) => {
      const before = await tx.selectFrom('webhook_subscriptions').select(SUMMARY_COLUMNS).where('id', '=', id).where('status', '!=', 'DELETED').forUpdate().executeTakeFirst()
      if (!before) throw new WebhookSubscriptionNotFoundError(id)
      const after = await tx.updateTable('webhook_subscriptions').set({ ...settings, updated_at: ctx.clock.now() }).where('id', '=', id).returning(SUMMARY_COLUMNS).executeTakeFirstOrThrow()
      return { before: summaryOf(before), after: summaryOf(after) }
    })
}

/**
 * Stops sending to a subscription: no new deliveries are scheduled for it and
 * its pending ones end FAILED (`last_error` says why); they can be redelivered
 * after {@link enableSubscription}. An attempt already on the wire finishes.
 */
export async function disableSubscription(ctx: WebhookContext, id: string): Promise<WebhookSubscription> {
  return endDeliveries(ctx, id, 'DISABLED')
}

/** Resumes a disabled subscription for events enqueued from now on. */
export async function enableSubscription(ctx: WebhookContext, id: string): Promise<WebhookSubscription> {
  if (!isUuid(id)) throw new WebhookSubscriptionNotFoundError(id)
  const row = await dbOf(ctx)
    .updateTable('webhook_subscriptions')
    .set({ status: 'ACTIVE', updated_at: ctx.clock.now() })
    .where('id', '=', id)
    .where('status', '!=', 'DELETED')
    .returning(SUMMARY_COLUMNS)
    .executeTakeFirst()
  if (!row) throw new WebhookSubscriptionNotFoundError(id)
  return summaryOf(row)
}

/**
 * Deletes a subscription: its secret is erased, pending deliveries end
 * FAILED, and it disappears from listings. Its delivery history stays in the
 * database for the record.
 */
export async function deleteSubscription(ctx: WebhookContext, id: string): Promise<void> {
  await endDeliveries(ctx, id, 'DELETED')
}

async function endDeliveries(ctx: WebhookContext, id: string, status: 'DISABLED' | 'DELETED'): Promise<WebhookSubscription> {
  if (!isUuid(id)) throw new WebhookSubscriptionNotFoundError(id)
  const now = ctx.clock.now()
  return dbOf(ctx)
    .transaction()
    .execute(async (tx) => {
      const erase =
        status === 'DELETED'
          ? {
              secret_ciphertext: null,
              secret_iv: null,
              secret_tag: null,
              previous_secret_ciphertext: null,
              previous_secret_iv: null,
              previous_secret_tag: null,
              previous_secret_expires_at: null,
            }
          : {}
      const row = await tx
        .updateTable('webhook_subscriptions')
        .set({ status, updated_at: now, ...erase })
        .where('id', '=', id)
        .where('status', '!=', 'DELETED')
        .returning(SUMMARY_COLUMNS)
        .executeTakeFirst()
      if (!row) throw new WebhookSubscriptionNotFoundError(id)
      await tx
        .updateTable('webhook_deliveries')
        .set({ status: 'FAILED', next_attempt_at: null, last_error: status === 'DELETED' ? 'subscription deleted' : 'subscription disabled' })
        .where('subscription_id', '=', id)
        .where('status', '=', 'PENDING')
        .execute()
      return summaryOf(row)
    })
}

/**
 * Replaces a subscription's secret and returns the new one, once. With an
 * overlap, deliveries carry a signature under each secret (two `v1=`
 * values) until it ends, so the receiver can switch at leisure.
 */
export async function rotateSubscriptionSecret(ctx: WebhookContext, id: string, p: RotateSecretParameters = {}): Promise<RotatedSecret> {
  if (!isUuid(id)) throw new WebhookSubscriptionNotFoundError(id)
  const overlap = p.overlapSeconds ?? 0
  if (!Number.isInteger(overlap) || overlap < 0 || overlap > MAX_OVERLAP_SECONDS) {
    throw new ValidationError(`overlapSeconds must be an integer from 0 to ${MAX_OVERLAP_SECONDS}`, { field: 'overlapSeconds' })
  }
  const secret = newWebhookSecret()
  const sealed = sealWebhookSecret(ctx.sealKey, secret, id)
  const now = ctx.clock.now()
  const row = await dbOf(ctx)
    .transaction()
    .execute(async (tx) => {
      const old = await tx
        .selectFrom('webhook_subscriptions')
        .select(['status', 'secret_ciphertext', 'secret_iv', 'secret_tag'])
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst()
      if (!old || old.status === 'DELETED') throw new WebhookSubscriptionNotFoundError(id)
      const keepOld = overlap > 0
      return tx
        .updateTable('webhook_subscriptions')
        .set({
          secret_ciphertext: sealed.ciphertext,
          secret_iv: sealed.iv,
          secret_tag: sealed.tag,
          previous_secret_ciphertext: keepOld ? old.secret_ciphertext : null,
          previous_secret_iv: keepOld ? old.secret_iv : null,
          previous_secret_tag: keepOld ? old.secret_tag : null,
          previous_secret_expires_at: keepOld ? new Date(now.getTime() + overlap * 1000) : null,
          secret_rotated_at: now,
          updated_at: now,
        })
        .where('id', '=', id)
        .returning(SUMMARY_COLUMNS)
        .executeTakeFirstOrThrow()
    })
  return { subscription: summaryOf(row), secret }
}

/** Throws 404 unless the subscription exists and 409 unless it is active. */
export async function requireActiveSubscription(ctx: WebhookContext, id: string): Promise<WebhookSubscription> {
  const s = await getSubscription(ctx, id)
  if (s.status !== 'ACTIVE') throw new WebhookSubscriptionNotActiveError(id)
  return s
}
