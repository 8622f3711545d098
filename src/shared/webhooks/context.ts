import type { Kysely } from 'kysely'
import type { Clock } from '../clock.ts'
import type { Logger } from '../logger.ts'

/** What the webhook functions need from a service: a plain object, so API, worker and CLI share it. */
export interface WebhookContext {
  /** The service's database; its schema holds the tables of `webhooksMigration`. */
  db: Kysely<any>
  clock: Clock
  /** 32 bytes: the AES-256-GCM key under which subscription secrets are stored. */
  sealKey: Uint8Array
  logger?: Logger
}
