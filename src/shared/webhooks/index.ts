export type { WebhookContext } from './context.ts'
export { webhookSubscriptionSettingsMigration, webhooksMigration } from './migrations.ts'
export type { WebhooksDB, DeliveryStatus, SubscriptionStatus } from './schema.ts'
export { enqueueEvent, enqueueEvents, type EnqueueEventParameters, type EnqueueEventReturnType } from './enqueue-event.ts'
export {
  runDeliveryBatch,
  type RunDeliveryBatchParameters,
  type RunDeliveryBatchReturnType,
  type WebhookEnvelope,
} from './run-delivery-batch.ts'
export { startDeliveryLoop, type DeliveryLoop, type StartDeliveryLoopParameters } from './start-delivery-loop.ts'
export {
  createSubscription,
  listSubscriptions,
  getSubscription,
  disableSubscription,
  enableSubscription,
  deleteSubscription,
  rotateSubscriptionSecret,
  type WebhookSubscription,
  type CreatedSubscription,
  type CreateSubscriptionParameters,
  type RotatedSecret,
  type RotateSecretParameters,
} from './subscriptions.ts'
export {
  listDeliveries,
  getDelivery,
  redeliverEvent,
  redeliverDelivery,
  type WebhookDelivery,
  type WebhookDeliveryAttempt,
  type ListDeliveriesParameters,
  type ListDeliveriesReturnType,
} from './deliveries.ts'
export { registerWebhookRoutes, type WebhookRoutesOptions } from './routes.ts'
export * as webhookRouteSchemas from './route-schemas.ts'
export { signWebhookPayload, computeWebhookSignature, WEBHOOK_HEADERS } from './sign-webhook.ts'
export {
  verifyWebhookSignature,
  WebhookSignatureInvalidError,
  DEFAULT_SIGNATURE_TOLERANCE_SECONDS,
  type VerifyWebhookSignatureParameters,
  type VerifyWebhookSignatureResult,
  type WebhookSignatureFailureReason,
} from './verify-webhook-signature.ts'
export { DEFAULT_RETRY_POLICY, retryDelayMs, nextAttemptAt, type RetryPolicy } from './retry-schedule.ts'
export { matchesEventType } from './event-types.ts'
export * from './webhook-errors.ts'
