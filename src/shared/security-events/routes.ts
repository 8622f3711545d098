import { Type } from 'typebox'
import type { Kysely } from 'kysely'
import type { HttpServer } from '../http/create-server.ts'
import { listSecurityEvents } from './read-security-events.ts'

const Sample = Type.Object({ at: Type.String(), method: Type.String(), path: Type.String(), keyId: Type.Union([Type.String(), Type.Null()]) })
const Event = Type.Object({
  id: Type.String(),
  bucket: Type.String({ description: 'the minute the refusals fell in' }),
  code: Type.String(),
  status: Type.Integer(),
  ip: Type.String(),
  count: Type.String({ description: 'refusals in that minute with that code from that address' }),
  firstAt: Type.String(),
  lastAt: Type.String(),
  samples: Type.Array(Sample, { description: 'the first few of them' }),
})
const Query = Type.Object(
  {
    since: Type.Optional(Type.String({ format: 'date-time' })),
    code: Type.Optional(Type.String({ pattern: '^[A-Z][A-Z0-9_]{0,63}$' })),
    ip: Type.Optional(Type.String({ maxLength: 64, pattern: '^[0-9A-Fa-f:.]+$' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
)

/**
 * `GET /v1/security-events`: refused unauthenticated requests, counted per minute, code and
 * client address, for an admin. Register after `installAuth`.
 */
export function registerSecurityEventRoutes(app: HttpServer, opts: { db: Kysely<any>; scopes: readonly string[] }): void {
  app.get(
    '/v1/security-events',
    {
      config: { scopes: opts.scopes },
      schema: {
        tags: ['security'],
        summary: 'Refused unauthenticated requests, counted and sampled',
        description: 'Newest minute first. Authenticated refusals (a missing scope, four eyes) are decisions and are in the audit log instead.',
        querystring: Query,
        response: { 200: Type.Object({ items: Type.Array(Event), nextCursor: Type.Union([Type.String(), Type.Null()]) }) },
      },
    },
    async (req) => {
      const page = await listSecurityEvents(opts.db, { ...req.query, since: req.query.since ? new Date(req.query.since) : undefined })
      return {
        nextCursor: page.nextCursor,
        items: page.items.map((e) => ({
          ...e,
          bucket: e.bucket.toISOString(),
          count: e.count.toString(),
          firstAt: e.firstAt.toISOString(),
          lastAt: e.lastAt.toISOString(),
        })),
      }
    },
  )
}
