import { Type } from 'typebox'
import type { HttpServer } from '../http/create-server.ts'
import { requirePrincipal } from './auth-plugin.ts'
import type { ApiKeyStore, ApiKeySummary } from './api-key-store.ts'

/** Records an API key change in the service's audit log. */
export type ApiKeyAudit = (entry: { actor: string; action: string; keyId: string; after: Record<string, unknown>; correlationId: string }) => Promise<void>

const Summary = Type.Object({
  keyId: Type.String(),
  role: Type.String(),
  scopes: Type.Array(Type.String()),
  groups: Type.Array(Type.String()),
  status: Type.String(),
  notBefore: Type.Union([Type.String(), Type.Null()]),
  expiresAt: Type.Union([Type.String(), Type.Null()]),
  createdBy: Type.String(),
  createdAt: Type.String(),
  revokedAt: Type.Union([Type.String(), Type.Null()]),
  revokedBy: Type.Union([Type.String(), Type.Null()]),
  rotatedFrom: Type.Union([Type.String(), Type.Null()]),
})
const Issued = Type.Object({ keyId: Type.String(), secret: Type.String({ description: 'shown once; store it now' }) })
const Name = Type.String({ pattern: '^[A-Za-z0-9_.:-]{1,64}$' })

function view(s: ApiKeySummary) {
  const iso = (d: Date | null) => (d ? d.toISOString() : null)
  return { ...s, notBefore: iso(s.notBefore), expiresAt: iso(s.expiresAt), createdAt: s.createdAt.toISOString(), revokedAt: iso(s.revokedAt) }
}

/**
 * Admin routes to create, list, rotate (with an overlap) and revoke API keys.
 * A secret appears in exactly one response: the one that created it.
 */
export function registerApiKeyRoutes(app: HttpServer, opts: { store: ApiKeyStore; audit: ApiKeyAudit; allowedScopes: readonly string[] }) {
  const Scope = Type.Union(opts.allowedScopes.map((s) => Type.Literal(s)))
  app.post(
    '/v1/api-keys',
    {
      config: { scopes: ['admin'] },
      schema: {
        tags: ['api keys'],
        summary: 'Create an API key (the secret is returned once)',
        body: Type.Object(
          {
            role: Type.String({ pattern: '^[a-z][a-z0-9_-]{0,63}$' }),
            scopes: Type.Array(Scope, { minItems: 1, uniqueItems: true }),
            groups: Type.Optional(Type.Array(Name, { uniqueItems: true, maxItems: 32 })),
            expiresAt: Type.Optional(Type.String({ format: 'date-time' })),
          },
          { additionalProperties: false },
        ),
        response: { 201: Issued },
      },
    },
    async (req, reply) => {
      const p = requirePrincipal(req)
      const issued = await opts.store.createApiKey({
        role: req.body.role,
        scopes: req.body.scopes,
        groups: req.body.groups ?? [],
        createdBy: p.keyId,
        expiresAt: req.body.expiresAt ? new Date(req.body.expiresAt) : undefined,
      })
      await opts.audit({ actor: `apikey:${p.keyId}`, action: 'api_key.created', keyId: issued.keyId, after: { role: req.body.role, scopes: req.body.scopes, groups: req.body.groups ?? [] }, correlationId: String(req.id) })
      return reply.status(201).send(issued)
    },
  )
  app.get(
    '/v1/api-keys',
    { config: { scopes: ['admin'] }, schema: { tags: ['api keys'], summary: 'List API keys (never their secrets)', response: { 200: Type.Object({ items: Type.Array(Summary) }) } } },
    async () => ({ items: (await opts.store.listApiKeys()).map(view) }),
  )
  app.post(
    '/v1/api-keys/:keyId/rotate',
    {
      config: { scopes: ['admin'] },
      schema: {
        tags: ['api keys'],
        summary: 'Rotate a key: a new key now, the old one valid for the overlap',
        params: Type.Object({ keyId: Name }),
        body: Type.Object({ overlapSeconds: Type.Integer({ minimum: 0, maximum: 30 * 86400 }) }, { additionalProperties: false }),
        response: { 201: Issued },
      },
    },
    async (req, reply) => {
      const p = requirePrincipal(req)
      const issued = await opts.store.rotateApiKey(req.params.keyId, { overlapSeconds: req.body.overlapSeconds, by: p.keyId })
      await opts.audit({ actor: `apikey:${p.keyId}`, action: 'api_key.rotated', keyId: req.params.keyId, after: { newKeyId: issued.keyId, overlapSeconds: req.body.overlapSeconds }, correlationId: String(req.id) })
      return reply.status(201).send(issued)
    },
  )
  app.post(
    '/v1/api-keys/:keyId/revoke',
    {
      config: { scopes: ['admin'] },
      schema: { tags: ['api keys'], summary: 'Revoke a key now', params: Type.Object({ keyId: Name }), response: { 200: Summary } },
    },
    async (req) => {
      const p = requirePrincipal(req)
      const summary = await opts.store.revokeApiKey(req.params.keyId, p.keyId)
      await opts.audit({ actor: `apikey:${p.keyId}`, action: 'api_key.revoked', keyId: req.params.keyId, after: { status: 'revoked' }, correlationId: String(req.id) })
      return view(summary)
    },
  )
}
