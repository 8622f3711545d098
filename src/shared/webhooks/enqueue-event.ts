import { randomUUID } from 'node:crypto'
import { sql, type Kysely } from 'kysely'
import type { Clock } from '../clock.ts'
import { ValidationError } from '../errors.ts'
import { assertEventType, matchesEventType } from './event-types.ts'
import type { WebhooksDB } from './schema.ts'

export interface EnqueueEventParameters {
  /** e.g. `transaction.status_changed`. */
  type: string
  /** e.g. `transaction`; with `resourceId` it keys the sequence. */
  resourceType: string
  resourceId: string
  /** JSON-serialisable; bigints are written as decimal strings. */
  data: Record<string, unknown>
  /** Defaults to the clock's now. */
  occurredAt?: Date
}

export interface EnqueueEventReturnType {
  eventId: string
  /** Per (resourceType, resourceId), from 1, without gaps among committed events. */
  sequence: number
  /** Deliveries scheduled, one per matching active subscription. */
  deliveries: number
}

const RESOURCE = /^[A-Za-z0-9_.:-]{1,200}$/

/**
 * Writes an event to the outbox and schedules a delivery to every active
 * subscription whose patterns match its type. Call it inside the transaction
 * that makes the state change, so both commit or neither does; after the
 * commit, `wake()` the delivery loop to send it promptly. Given a plain
 * Kysely instance it opens its own transaction.
 *
 * The sequence comes from one upsert on `webhook_resource_sequences`: on
 * PostgreSQL it row-locks the resource's counter until the caller commits,
 * so concurrent events of one resource get consecutive numbers in commit
 * order, and a rollback gives its number back.
 *
 * @example
 * await db.transaction().execute(async (tx) => {
 *   await tx.updateTable('transactions').set({ status: 'QUEUED' }).where('id', '=', id).execute()
 *   await enqueueEvent(tx, { type: 'transaction.status_changed', resourceType: 'transaction', resourceId: id, data: { status: 'QUEUED' } }, ctx)
 * })
 * loop.wake()
 */
export async function enqueueEvent(tx: Kysely<any>, event: EnqueueEventParameters, ctx: { clock: Clock }): Promise<EnqueueEventReturnType> {
  const [written] = await enqueueEvents(tx, [event], ctx)
  return written!
}

/**
 * Writes several events to the outbox in one go, with exactly the outcome of
 * calling {@link enqueueEvent} for each in order (events of one resource get
 * consecutive numbers in the order given), but in a fixed number of statements:
 * one upsert of the sequences, one insert of the events, one read of the
 * subscriptions and one insert of the deliveries. Group commits use it.
 *
 * Sequence rows are locked in (resourceType, resourceId) order, so concurrent
 * batches over the same resources cannot deadlock on each other.
 *
 * @example
 * await db.transaction().execute(async (tx) => {
 *   await enqueueEvents(tx, ids.map((id) => ({ type: 'transaction.status_changed', resourceType: 'transaction', resourceId: id, data: { status: 'QUEUED' } })), ctx)
 * })
 */
export async function enqueueEvents(tx: Kysely<any>, events: readonly EnqueueEventParameters[], ctx: { clock: Clock }): Promise<EnqueueEventReturnType[]> {
  if (events.length === 0) return []
  const datas = events.map(checkAndEncode)
  if (!tx.isTransaction) return tx.transaction().execute((inner) => writeMany(inner, events, datas, ctx.clock))
  return writeMany(tx, events, datas, ctx.clock)
}

function checkAndEncode(event: EnqueueEventParameters): string {
  assertEventType(event.type)
  if (typeof event.resourceType !== 'string' || !RESOURCE.test(event.resourceType)) {
    throw new ValidationError('resourceType must be 1 to 200 letters, digits or _.:-', { field: 'resourceType' })
  }
  if (typeof event.resourceId !== 'string' || !RESOURCE.test(event.resourceId)) {
    throw new ValidationError('resourceId must be 1 to 200 letters, digits or _.:-', { field: 'resourceId' })
  }
  if (event.data === null || typeof event.data !== 'object' || Array.isArray(event.data)) {
    throw new ValidationError('data must be a JSON object', { field: 'data' })
  }
  return JSON.stringify(event.data, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))
}

// 7 parameters an event row, 7 a delivery row; PostgreSQL allows 65,535 a statement.
const ROWS_PER_INSERT = 5000

async function writeMany(anyTx: Kysely<any>, events: readonly EnqueueEventParameters[], datas: string[], clock: Clock): Promise<EnqueueEventReturnType[]> {
  const tx = anyTx as Kysely<WebhooksDB>
  const now = clock.now()
  // How many numbers each resource needs; one upsert takes them all.
  const wanted = new Map<string, { type: string; id: string; count: number; next: number }>()
  for (const e of events) {
    const key = `${e.resourceType}\u0000${e.resourceId}`
    const w = wanted.get(key)
    if (w) w.count++
    else wanted.set(key, { type: e.resourceType, id: e.resourceId, count: 1, next: 0 })
  }
  const resources = [...wanted.values()].sort((a, b) => (a.type === b.type ? cmp(a.id, b.id) : cmp(a.type, b.type)))
  let subscriptions: { id: string; events: string[] }[] = []
  for (let o = 0; o < resources.length; o += ROWS_PER_INSERT) {
    const chunk = resources.slice(o, o + ROWS_PER_INSERT)
    // The first statement also reads the active subscriptions: one round trip for both.
    const subs = o === 0 ? sql`union all select null, null, null, id::text, events from webhook_subscriptions where status = 'ACTIVE'` : sql``
    const taken = await sql<{ resource_type: string | null; resource_id: string | null; seq: bigint | number | null; subscription_id: string | null; events: string[] | null }>`
      with taken as (
        insert into webhook_resource_sequences (resource_type, resource_id, seq)
        values ${sql.join(chunk.map((r) => sql`(${r.type}, ${r.id}, ${r.count})`))}
        on conflict (resource_type, resource_id) do update set seq = webhook_resource_sequences.seq + excluded.seq
        returning resource_type, resource_id, seq)
      select resource_type::text, resource_id::text, seq::bigint, null::text as subscription_id, null::jsonb as events from taken
      ${subs}`.execute(tx)
    for (const row of taken.rows) {
      if (row.subscription_id !== null) {
        subscriptions.push({ id: row.subscription_id, events: row.events! })
        continue
      }
      // The upsert returns the last number each resource took; its events get the ones before it, in order.
      const w = wanted.get(`${row.resource_type}\u0000${row.resource_id}`)!
      w.next = Number(row.seq) - w.count + 1
    }
  }
  subscriptions = subscriptions.sort((a, b) => cmp(a.id, b.id))

  const rows = events.map((event, i) => ({
    id: randomUUID(),
    type: event.type,
    resource_type: event.resourceType,
    resource_id: event.resourceId,
    sequence: wanted.get(`${event.resourceType}\u0000${event.resourceId}`)!.next++,
    occurred_at: event.occurredAt ?? now,
    data: datas[i]!,
  }))
  const counts = rows.map(() => 0)
  const deliveries = []
  for (const [i, row] of rows.entries()) {
    for (const s of subscriptions) {
      if (!matchesEventType(s.events, row.type)) continue
      counts[i]!++
      deliveries.push({ id: randomUUID(), event_id: row.id, subscription_id: s.id, status: 'PENDING' as const, attempts: 0, next_attempt_at: now, created_at: now })
    }
  }
  if (deliveries.length > 0 && rows.length <= ROWS_PER_INSERT && deliveries.length <= ROWS_PER_INSERT) {
    // Events and their deliveries in one statement (the deliveries' foreign keys are checked at its end).
    await tx
      .with('events', (db) => db.insertInto('webhook_events').values(rows))
      .insertInto('webhook_deliveries')
      .values(deliveries)
      .execute()
  } else {
    for (let o = 0; o < rows.length; o += ROWS_PER_INSERT) {
      await tx.insertInto('webhook_events').values(rows.slice(o, o + ROWS_PER_INSERT)).execute()
    }
    for (let o = 0; o < deliveries.length; o += ROWS_PER_INSERT) {
      await tx.insertInto('webhook_deliveries').values(deliveries.slice(o, o + ROWS_PER_INSERT)).execute()
    }
  }
  return rows.map((row, i) => ({ eventId: row.id, sequence: row.sequence, deliveries: counts[i]! }))
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
