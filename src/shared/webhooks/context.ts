import type { Kysely } from 'kysely'
import type { Clock } from '../clock.ts'
import type { Logger } from '../logger.ts'
import type { WebhookMetrics } from '../metrics/service-metrics.ts'
import type { WebhookEnvelope } from './run-delivery-batch.ts'
import type { WebhookTargetPolicy } from './webhook-target.ts'

/** What the webhook functions need from a service: a plain object, so API, worker and CLI share it. */
export interface WebhookContext {
  /** The service's database; its schema holds the tables of `webhooksMigration`. */
  db: Kysely<any>
  clock: Clock
  /** 32 bytes: the AES-256-GCM key under which subscription secrets are stored. */
  sealKey: Uint8Array
  logger?: Logger
  /** Where attempts are counted and delivery lag measured (GET /metrics). */
  metrics?: WebhookMetrics
  /**
   * Which internal addresses (loopback, private …) subscriptions may reach; absent: none.
   * Checked when a subscription is made and at every delivery.
   */
  targets?: WebhookTargetPolicy
  /**
   * Other ways of writing and signing a delivery, by the name in a subscription's `format`
   * column (a service that sets this has that column). Retries, leases and the delivery log
   * are the same whatever the format.
   */
  formats?: Readonly<Record<string, WebhookFormat>>
}

/** One delivery, as a format receives it. */
export interface WebhookFormatInput {
  envelope: WebhookEnvelope
  deliveryId: string
  subscriptionId: string
  /** When this attempt is made. */
  at: Date
}

/** Writes and signs a delivery in another wire format than the Custos envelope (e.g. Fireblocks'). */
export interface WebhookFormat {
  render(input: WebhookFormatInput): Promise<{ body: string; headers: Record<string, string> }>
}
