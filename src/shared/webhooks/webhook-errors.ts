import { ConfigError, ConflictError, CustosError, NotFoundError } from '../errors.ts'

/** A subscription URL that is not an absolute http(s) URL we are willing to call. */
export class WebhookUrlInvalidError extends CustosError {
  override readonly name = 'WebhookUrlInvalidError'
  constructor(message: string) {
    super('WEBHOOK_URL_INVALID', message, { status: 400, details: { field: 'url' } })
  }
}

/** An event type or subscription pattern that is not a dotted lower-case name (or `*`, `prefix.*`). */
export class WebhookEventTypeInvalidError extends CustosError {
  override readonly name = 'WebhookEventTypeInvalidError'
  constructor(message: string, value: string) {
    super('WEBHOOK_EVENT_TYPE_INVALID', message, { status: 400, details: { value } })
  }
}

export class WebhookSubscriptionNotFoundError extends NotFoundError {
  constructor(id: string) {
    super('webhook subscription', id)
  }
}

export class WebhookDeliveryNotFoundError extends NotFoundError {
  constructor(id: string) {
    super('webhook delivery', id)
  }
}

/** Redelivery or rotation asked of a subscription that is disabled. */
export class WebhookSubscriptionNotActiveError extends ConflictError {
  constructor(id: string) {
    super('WEBHOOK_SUBSCRIPTION_NOT_ACTIVE', `webhook subscription ${id} is not active`, { id })
  }
}

/** A stored secret that does not decrypt: wrong seal key, or the row was altered. Never carries the secret. */
export class WebhookSecretUnreadableError extends CustosError {
  override readonly name = 'WebhookSecretUnreadableError'
  constructor(subscriptionId: string, cause: unknown) {
    super('WEBHOOK_SECRET_DECRYPT_FAILED', `the secret of webhook subscription ${subscriptionId} cannot be decrypted (wrong seal key, or the row was altered)`, {
      cause,
    })
  }
}

/** A seal key of the wrong size, found at start-up rather than on the first delivery. */
export class WebhookSealKeyInvalidError extends ConfigError {
  constructor(length: number) {
    super(`the webhook secret encryption key must be 32 bytes (got ${length})`)
  }
}
