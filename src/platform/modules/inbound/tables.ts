import type { ColumnType } from 'kysely'

type Timestamp = ColumnType<Date, Date, Date>
/** jsonb: read as parsed JSON, written as a JSON string. */
type Json<T = unknown> = ColumnType<T, string, string>

/** A received webhook, kept by (source, event id) so a repeated delivery is harmless. */
export interface InboundEventsTable {
  id: string
  source: string
  event_id: string
  type: string
  resource_type: string | null
  resource_id: string | null
  sequence: ColumnType<bigint | null, bigint | number | null, bigint | number | null>
  payload: Json
  received_at: Timestamp
  processed_at: Timestamp | null
  attempts: number
  last_error: string | null
  next_attempt_at: Timestamp
  /** The workflow worker processing it now (its claim ends early when that worker stops beating); migration 0220. */
  locked_by: ColumnType<string | null, string | null | undefined, string | null>
}

/** Kysely types of the webhook inbox (migration 0006). */
export interface InboundTables {
  inbound_events: InboundEventsTable
}
