import { Type, type Static } from 'typebox'

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()])
const DateTime = Type.String({ format: 'date-time' })
const Uuid = Type.String({ format: 'uuid' })

export const SubscriptionId = Type.Object({ id: Uuid })
export const DeliveryId = Type.Object({ deliveryId: Uuid })

/** Per-subscription delivery settings (null: the service's default). */
const Settings = {
  timeoutMs: Type.Optional(Nullable(Type.Integer({ minimum: 1000, maximum: 30000, description: 'per request, in ms (null: the service default, 10 s)' }))),
  concurrency: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 16, description: 'requests in flight at once to this URL (null: the service default, 4)' }))),
  maxAttempts: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 100, description: 'attempts before a delivery ends FAILED (null: until the retry window ends, 24 h)' }))),
}

export const UpdateSubscriptionBody = Type.Object(Settings, { additionalProperties: false, minProperties: 1 })

export const CreateSubscriptionBody = Type.Object(
  {
    url: Type.String({ minLength: 1, maxLength: 2048, description: 'absolute http(s) URL that receives POSTs', examples: ['https://example.com/custos-hooks'] }),
    events: Type.Array(Type.String({ minLength: 1, maxLength: 128 }), {
      minItems: 1,
      maxItems: 50,
      description: 'event types: exact names, "*" for all, or a prefix such as "transaction.*"',
      examples: [['transaction.*']],
    }),
    description: Type.Optional(Type.String({ maxLength: 500 })),
    ...Settings,
  },
  { additionalProperties: false },
)

export const RotateSecretBody = Type.Object(
  {
    overlapSeconds: Type.Optional(
      Type.Integer({ minimum: 0, maximum: 7 * 24 * 3600, description: 'how long deliveries are also signed with the old secret (default 0: at once)' }),
    ),
  },
  { additionalProperties: false },
)

export const Subscription = Type.Object({
  id: Uuid,
  url: Type.String(),
  events: Type.Array(Type.String()),
  description: Nullable(Type.String()),
  status: Type.Union([Type.Literal('ACTIVE'), Type.Literal('DISABLED')]),
  createdAt: DateTime,
  createdBy: Nullable(Type.String()),
  updatedAt: DateTime,
  secretRotatedAt: Nullable(DateTime),
  previousSecretExpiresAt: Nullable(DateTime),
  timeoutMs: Nullable(Type.Integer()),
  concurrency: Nullable(Type.Integer()),
  maxAttempts: Nullable(Type.Integer()),
})

export const SubscriptionWithSecret = Type.Object({
  ...Subscription.properties,
  secret: Type.String({ description: 'the signing secret; shown this once, store it now' }),
})

export const SubscriptionList = Type.Object({ items: Type.Array(Subscription) })

const DeliveryStatus = Type.Union([Type.Literal('PENDING'), Type.Literal('DELIVERED'), Type.Literal('FAILED')])

export const DeliveryAttempt = Type.Object({
  attempt: Type.Integer(),
  at: DateTime,
  statusCode: Nullable(Type.Integer()),
  error: Nullable(Type.String()),
  durationMs: Type.Integer(),
})

export const Delivery = Type.Object({
  id: Uuid,
  subscriptionId: Uuid,
  eventId: Uuid,
  eventType: Type.String(),
  resourceType: Type.String(),
  resourceId: Type.String(),
  sequence: Type.Integer(),
  status: DeliveryStatus,
  attempts: Type.Integer(),
  nextAttemptAt: Nullable(DateTime),
  lastStatus: Nullable(Type.Integer()),
  lastError: Nullable(Type.String()),
  deliveredAt: Nullable(DateTime),
  createdAt: DateTime,
  redeliveryOf: Nullable(Uuid),
  attemptLog: Type.Array(DeliveryAttempt),
})

export const DeliveryQuery = Type.Object(
  {
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
    status: Type.Optional(DeliveryStatus),
  },
  { additionalProperties: false },
)

export const DeliveryPage = Type.Object({
  items: Type.Array(Delivery),
  nextCursor: Nullable(Type.String()),
})

export type SubscriptionJson = Static<typeof Subscription>
export type DeliveryJson = Static<typeof Delivery>
