import type { PlatformContext } from '../../context.ts'

export interface InboundEvent {
  source: string
  eventId: string
  type: string
  resourceType?: string | null
  resourceId?: string | null
  sequence?: number | null
  payload: unknown
}

/**
 * Stores a received webhook in the inbox (to be processed asynchronously).
 * Returns false when this event (same source and id) was received before:
 * acknowledge it, but it is not processed again.
 */
export async function receiveInboundEvent(ctx: Pick<PlatformContext, 'db' | 'clock'>, e: InboundEvent): Promise<boolean> {
  const now = ctx.clock.now()
  const inserted = await ctx.db
    .insertInto('inbound_events')
    .values({
      id: `${e.source}:${e.eventId}`,
      source: e.source,
      event_id: e.eventId,
      type: e.type,
      resource_type: e.resourceType ?? null,
      resource_id: e.resourceId ?? null,
      sequence: e.sequence ?? null,
      payload: JSON.stringify(e.payload),
      received_at: now,
      attempts: 0,
      next_attempt_at: now,
    })
    .onConflict((oc) => oc.column('id').doNothing())
    .returning('id')
    .executeTakeFirst()
  return inserted !== undefined
}
