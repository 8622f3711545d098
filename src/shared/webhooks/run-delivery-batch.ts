import { randomUUID } from 'node:crypto'
import { sql, type Kysely } from 'kysely'
import { CustosError } from '../errors.ts'
import { VERSION } from '../version.ts'
import type { WebhookContext } from './context.ts'
import { postWebhook, type PostWebhookResult } from './post-webhook.ts'
import { DEFAULT_RETRY_POLICY, nextAttemptAt, type RetryPolicy } from './retry-schedule.ts'
import type { WebhooksDB } from './schema.ts'
import { signWebhookPayload, WEBHOOK_HEADERS } from './sign-webhook.ts'
import { openWebhookSecret } from './webhook-secret.ts'

export interface RunDeliveryBatchParameters {
  /** Deliveries claimed at most (default 20); they are sent concurrently. */
  limit?: number
  /** Per HTTP request (default 10 s). */
  timeoutMs?: number
  /**
   * How long a claim holds a delivery (default 60 s, and at least twice the
   * timeout, or twice the subscription's own timeout). A worker that dies mid-attempt releases its deliveries when the
   * lease ends; another worker then tries again.
   */
  leaseMs?: number
  retryPolicy?: RetryPolicy
}

export interface RunDeliveryBatchReturnType {
  claimed: number
  delivered: number
  /** Failed attempts that will be retried. */
  retrying: number
  /** Deliveries given up on in this batch. */
  failed: number
}

/** The JSON body of every delivery. */
export interface WebhookEnvelope {
  /** Event id: the same on every attempt and redelivery; drop duplicates by it. */
  id: string
  type: string
  resourceType: string
  resourceId: string
  /** Per resource, from 1; apply an event only if it is newer than the last one applied. */
  sequence: number
  /** ISO 8601. */
  occurredAt: string
  data: unknown
}

interface ClaimedRow {
  delivery_id: string
  attempt: number
  scheduled_at: Date
  event_id: string
  type: string
  resource_type: string
  resource_id: string
  sequence: bigint | number
  occurred_at: Date
  data: unknown
  subscription_id: string
  url: string
  secret_ciphertext: Uint8Array | null
  secret_iv: Uint8Array | null
  secret_tag: Uint8Array | null
  previous_secret_ciphertext: Uint8Array | null
  previous_secret_iv: Uint8Array | null
  previous_secret_tag: Uint8Array | null
  previous_secret_expires_at: Date | null
  /** Only selected when the context has formats. */
  format?: string
  /** The subscription's own settings (null: the batch's). */
  timeout_ms: number | null
  concurrency: number | null
  max_attempts: number | null
}

const USER_AGENT = `Custos-Webhooks/${VERSION}`

/**
 * Sends the deliveries that are due (`next_attempt_at <= clock.now()`), at
 * most `limit`, and records each attempt.
 *
 * 1. Claim: one statement selects due rows `FOR UPDATE SKIP LOCKED`, sets a
 *    lease (`locked_until`), a claim token and the attempt number, and
 *    commits. A concurrent worker skips those rows while they are locked and
 *    while the lease lasts, so no attempt is made twice at once.
 * 2. POST each one outside any transaction (no connection is held while a
 *    receiver is slow).
 * 3. Record: the attempt is logged; if the claim token still matches, a 2xx
 *    marks the delivery DELIVERED, anything else schedules the next attempt
 *    with backoff, or FAILED once the retry window is over.
 *
 * @example
 * const { delivered } = await runDeliveryBatch(ctx, { limit: 50 })
 */
export async function runDeliveryBatch(ctx: WebhookContext, p: RunDeliveryBatchParameters = {}): Promise<RunDeliveryBatchReturnType> {
  const claim = await claimDeliveries(ctx, p)
  const summary: RunDeliveryBatchReturnType = { claimed: claim.rows.length, delivered: 0, retrying: 0, failed: 0 }
  await Promise.all(
    claim.rows.map(async (row) => {
      summary[await claim.attempt(row)] += 1
    }),
  )
  return summary
}

export interface ClaimDeliveriesParameters extends RunDeliveryBatchParameters {
  /** Due deliveries claimed per subscription at most, unless the subscription sets its own `concurrency` (default: no limit beyond `limit`). */
  perSubscription?: number
  /** Deliveries of each subscription already in flight: they count against its lane. */
  inFlight?: ReadonlyMap<string, number>
  /** Subscriptions to leave alone this time (their lane is full). */
  excludeSubscriptions?: readonly string[]
}

/** One claimed delivery; opaque outside this module except for its subscription. */
export interface ClaimedDelivery {
  readonly subscription_id: string
  readonly delivery_id: string
  /** The subscription's own lane width (null: the caller's default). */
  readonly concurrency: number | null
}

export interface ClaimDeliveriesReturnType {
  rows: ClaimedDelivery[]
  /** Sends one claimed delivery and records the attempt. */
  attempt(row: ClaimedDelivery): Promise<'delivered' | 'retrying' | 'failed'>
}

/**
 * Step 1 of {@link runDeliveryBatch} on its own: claims due deliveries (at most
 * `perSubscription` of any one subscription, none of `excludeSubscriptions`) and returns
 * them with the function that sends each, so a caller can run each subscription's
 * deliveries in its own lane (see start-delivery-loop.ts).
 */
export async function claimDeliveries(ctx: WebhookContext, p: ClaimDeliveriesParameters = {}): Promise<ClaimDeliveriesReturnType> {
  const limit = Math.max(1, Math.floor(p.limit ?? 20))
  const timeoutMs = p.timeoutMs ?? 10_000
  const leaseMs = Math.max(p.leaseMs ?? 60_000, 2 * timeoutMs)
  const policy = p.retryPolicy ?? DEFAULT_RETRY_POLICY
  const perSubscription = Math.max(1, Math.floor(p.perSubscription ?? limit))
  const exclude = [...(p.excludeSubscriptions ?? [])]
  const busyIds = [...(p.inFlight ?? new Map<string, number>()).keys()]
  const busyCounts = busyIds.map((id) => p.inFlight!.get(id)!)
  const db = ctx.db as Kysely<WebhooksDB>

  const claimToken = randomUUID()
  const now = ctx.clock.now()
  const claimed = await sql<ClaimedRow>`
    update webhook_deliveries d
       -- A subscription's own timeout lengthens its lease to at least twice that.
       set locked_until = greatest(${new Date(now.getTime() + leaseMs)}::timestamptz, ${now}::timestamptz + (2 * coalesce(s.timeout_ms, 0)) * interval '1 millisecond'), claim_token = ${claimToken}, attempts = d.attempts + 1
      from webhook_events e, webhook_subscriptions s
     where d.id in (
             select c.id from webhook_deliveries c
              where c.id in (
                      -- The first due deliveries of each subscription: one that is slow or
                      -- backed up cannot fill the claim and hold the others back.
                      -- A subscription's own concurrency, less what it has in flight, bounds its share.
                      select w.id from (
                        select b.id, b.next_attempt_at, row_number() over (partition by b.subscription_id order by b.next_attempt_at, b.id) as lane_rank,
                               coalesce(a.concurrency, ${perSubscription}) - coalesce(f.n, 0) as lane_room
                          from webhook_deliveries b
                          join webhook_subscriptions a on a.id = b.subscription_id and a.status = 'ACTIVE'
                          left join unnest(${busyIds}::text[], ${busyCounts}::int[]) as f (sub, n) on f.sub = b.subscription_id::text
                         where b.status = 'PENDING'
                           and b.next_attempt_at <= ${now}
                           and (b.locked_until is null or b.locked_until <= ${now})
                           ${exclude.length ? sql`and b.subscription_id::text <> all(${exclude}::text[])` : sql``}
                      ) w
                      where w.lane_rank <= w.lane_room
                      order by w.next_attempt_at, w.id
                      limit ${limit})
                and c.status = 'PENDING'
                and (c.locked_until is null or c.locked_until <= ${now})
              for update of c skip locked)
       and e.id = d.event_id
       and s.id = d.subscription_id
    returning d.id as delivery_id, d.attempts as attempt, d.created_at as scheduled_at,
              e.id as event_id, e.type, e.resource_type, e.resource_id, e.sequence, e.occurred_at, e.data,
              s.id as subscription_id, s.url, s.secret_ciphertext, s.secret_iv, s.secret_tag,
              s.previous_secret_ciphertext, s.previous_secret_iv, s.previous_secret_tag, s.previous_secret_expires_at,
              s.timeout_ms, s.concurrency, s.max_attempts
              ${ctx.formats ? sql`, s.format` : sql``}`.execute(db)
  return { rows: claimed.rows, attempt: (row) => attempt(ctx, db, row as ClaimedRow, { claimToken, timeoutMs, policy }) }
}

async function attempt(
  ctx: WebhookContext,
  db: Kysely<WebhooksDB>,
  row: ClaimedRow,
  o: { claimToken: string; timeoutMs: number; policy: RetryPolicy },
): Promise<'delivered' | 'retrying' | 'failed'> {
  const at = ctx.clock.now()
  let result: PostWebhookResult
  try {
    const { body, headers } = await render(ctx, row, at)
    result = await postWebhook({ url: row.url, body, timeoutMs: row.timeout_ms ?? o.timeoutMs, headers, targets: ctx.targets, logger: ctx.logger })
  } catch (err) {
    // Not sent at all (the secret does not decrypt): an operator can fix the key, so retry like any failure.
    ctx.logger?.error({ err, deliveryId: row.delivery_id, subscriptionId: row.subscription_id }, 'webhook delivery could not be prepared')
    result = { statusCode: null, error: (err as { code?: string }).code ?? 'delivery could not be prepared', durationMs: 0 }
  }

  const ok = result.statusCode !== null && result.statusCode >= 200 && result.statusCode < 300
  // The subscription's max attempts end it sooner than the retry window would.
  const lastAllowed = row.max_attempts !== null && row.attempt >= row.max_attempts
  const retryAt = ok || lastAllowed ? undefined : nextAttemptAt({ scheduledAt: row.scheduled_at, attemptAt: at, failedAttempts: row.attempt, policy: o.policy })
  const outcome = ok ? 'delivered' : retryAt ? 'retrying' : 'failed'
  await db.transaction().execute(async (tx) => {
    await tx
      .insertInto('webhook_delivery_attempts')
      .values({ id: randomUUID(), delivery_id: row.delivery_id, attempt: row.attempt, at, status_code: result.statusCode, error: result.error, duration_ms: result.durationMs })
      .execute()
    const last = { last_status: result.statusCode, last_error: result.error, last_attempt_at: at, locked_until: null, claim_token: null }
    // The token check makes a worker whose lease ran out leave the row to the one that took it over.
    let update = tx.updateTable('webhook_deliveries').where('id', '=', row.delivery_id).where('claim_token', '=', o.claimToken)
    if (ok) {
      await update.set({ ...last, status: 'DELIVERED', delivered_at: at, next_attempt_at: null }).execute()
    } else {
      // A delivery cancelled meanwhile (subscription disabled or deleted) stays cancelled.
      update = update.where('status', '=', 'PENDING')
      await update.set({ ...last, status: retryAt ? 'PENDING' : 'FAILED', next_attempt_at: retryAt ?? null }).execute()
    }
  })
  ctx.metrics?.attempt(outcome, (at.getTime() - row.scheduled_at.getTime()) / 1000)
  ctx.logger?.debug(
    { deliveryId: row.delivery_id, eventId: row.event_id, attempt: row.attempt, statusCode: result.statusCode, error: result.error, durationMs: result.durationMs, outcome },
    'webhook attempt',
  )
  return outcome
}

async function render(ctx: WebhookContext, row: ClaimedRow, at: Date): Promise<{ body: string; headers: Record<string, string> }> {
  if (row.format && row.format !== 'custos') {
    const format = ctx.formats?.[row.format]
    if (!format) throw new CustosError('WEBHOOK_FORMAT_UNKNOWN', `webhook subscription ${row.subscription_id} has format ${row.format}, which this service does not write`)
    return format.render({ envelope: envelopeOf(row), deliveryId: row.delivery_id, subscriptionId: row.subscription_id, at })
  }
  const body = JSON.stringify(envelopeOf(row))
  const header = signWebhookPayload({ secrets: signingSecrets(ctx, row, at), rawBody: body, timestampSeconds: Math.floor(at.getTime() / 1000) })
  return {
    body,
    headers: {
      'content-type': 'application/json',
      'user-agent': USER_AGENT,
      [WEBHOOK_HEADERS.signature]: header,
      [WEBHOOK_HEADERS.eventId]: row.event_id,
      [WEBHOOK_HEADERS.eventType]: row.type,
      [WEBHOOK_HEADERS.deliveryId]: row.delivery_id,
    },
  }
}

function envelopeOf(row: ClaimedRow): WebhookEnvelope {
  return {
    id: row.event_id,
    type: row.type,
    resourceType: row.resource_type,
    resourceId: row.resource_id,
    sequence: Number(row.sequence),
    occurredAt: row.occurred_at.toISOString(),
    data: row.data,
  }
}

function signingSecrets(ctx: WebhookContext, row: ClaimedRow, at: Date): string[] {
  if (!row.secret_ciphertext || !row.secret_iv || !row.secret_tag) throw new CustosError('WEBHOOK_SECRET_MISSING', `webhook subscription ${row.subscription_id} has no secret`)
  const secrets = [openWebhookSecret(ctx.sealKey, { ciphertext: row.secret_ciphertext, iv: row.secret_iv, tag: row.secret_tag }, row.subscription_id)]
  if (row.previous_secret_ciphertext && row.previous_secret_iv && row.previous_secret_tag && row.previous_secret_expires_at && row.previous_secret_expires_at > at) {
    secrets.push(
      openWebhookSecret(ctx.sealKey, { ciphertext: row.previous_secret_ciphertext, iv: row.previous_secret_iv, tag: row.previous_secret_tag }, row.subscription_id),
    )
  }
  return secrets
}
