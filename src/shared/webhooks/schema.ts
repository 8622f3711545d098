import type { ColumnType } from 'kysely'

type Json<T> = ColumnType<T, string, string>

export type SubscriptionStatus = 'ACTIVE' | 'DISABLED' | 'DELETED'
export type DeliveryStatus = 'PENDING' | 'DELIVERED' | 'FAILED'

export interface WebhookSubscriptionsTable {
  id: string
  url: string
  /** Event type patterns: exact names, `*`, or a prefix such as `transaction.*`. */
  events: Json<string[]>
  description: string | null
  status: SubscriptionStatus
  // AES-256-GCM under the service's seal key, associated data = id; null once deleted.
  secret_ciphertext: Uint8Array | null
  secret_iv: Uint8Array | null
  secret_tag: Uint8Array | null
  previous_secret_ciphertext: Uint8Array | null
  previous_secret_iv: Uint8Array | null
  previous_secret_tag: Uint8Array | null
  previous_secret_expires_at: Date | null
  created_at: Date
  created_by: string | null
  updated_at: Date
  secret_rotated_at: Date | null
  /**
   * How deliveries are written and signed: absent (or `custos`) for the envelope and HMAC
   * documented in the README; another name picks a {@link WebhookFormat} of the service.
   * Only services that add the column (custody) have it.
   */
  format?: ColumnType<string, string | undefined, string>
  /** Per-subscription delivery settings; null: the service's defaults (webhookSubscriptionSettingsMigration). */
  timeout_ms: ColumnType<number | null, number | null | undefined, number | null>
  concurrency: ColumnType<number | null, number | null | undefined, number | null>
  max_attempts: ColumnType<number | null, number | null | undefined, number | null>
}

export interface WebhookEventsTable {
  id: string
  type: string
  resource_type: string
  resource_id: string
  sequence: ColumnType<bigint, bigint | number, never>
  occurred_at: Date
  data: Json<unknown>
}

export interface WebhookDeliveriesTable {
  id: string
  event_id: string
  subscription_id: string
  status: DeliveryStatus
  attempts: number
  next_attempt_at: Date | null
  locked_until: Date | null
  claim_token: string | null
  last_status: number | null
  last_error: string | null
  last_attempt_at: Date | null
  delivered_at: Date | null
  created_at: Date
  redelivery_of: string | null
}

export interface WebhookDeliveryAttemptsTable {
  id: string
  delivery_id: string
  attempt: number
  at: Date
  status_code: number | null
  error: string | null
  duration_ms: number
}

export interface WebhookResourceSequencesTable {
  resource_type: string
  resource_id: string
  seq: ColumnType<bigint, bigint | number, bigint | number>
}

/** The webhook tables; a service's DB type can extend this. */
export interface WebhooksDB {
  webhook_subscriptions: WebhookSubscriptionsTable
  webhook_events: WebhookEventsTable
  webhook_deliveries: WebhookDeliveriesTable
  webhook_delivery_attempts: WebhookDeliveryAttemptsTable
  webhook_resource_sequences: WebhookResourceSequencesTable
}
