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
  const data = JSON.stringify(event.data, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))
  if (!tx.isTransaction) return tx.transaction().execute((inner) => write(inner, event, data, ctx.clock))
  return write(tx, event, data, ctx.clock)
}

async function write(anyTx: Kysely<any>, event: EnqueueEventParameters, data: string, clock: Clock): Promise<EnqueueEventReturnType> {
  const tx = anyTx as Kysely<WebhooksDB>
  const now = clock.now()
  const seq = await sql<{ seq: bigint | number }>`
    insert into webhook_resource_sequences (resource_type, resource_id, seq)
    values (${event.resourceType}, ${event.resourceId}, 1)
    on conflict (resource_type, resource_id) do update set seq = webhook_resource_sequences.seq + 1
    returning seq`.execute(tx)
  const sequence = Number(seq.rows[0]!.seq)

  const eventId = randomUUID()
  await tx
    .insertInto('webhook_events')
    .values({
      id: eventId,
      type: event.type,
      resource_type: event.resourceType,
      resource_id: event.resourceId,
      sequence,
      occurred_at: event.occurredAt ?? now,
      data,
    })
    .execute()

  const subscriptions = await tx.selectFrom('webhook_subscriptions').select(['id', 'events']).where('status', '=', 'ACTIVE').execute()
  const targets = subscriptions.filter((s) => matchesEventType(s.events, event.type))
  if (targets.length > 0) {
    await tx
      .insertInto('webhook_deliveries')
      .values(
        targets.map((s) => ({
          id: randomUUID(),
          event_id: eventId,
          subscription_id: s.id,
          status: 'PENDING' as const,
          attempts: 0,
          next_attempt_at: now,
          created_at: now,
        })),
      )
      .execute()
  }
  return { eventId, sequence, deliveries: targets.length }
}
