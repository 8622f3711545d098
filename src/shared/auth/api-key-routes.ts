import { Type } from 'typebox'
import type { HttpServer } from '../http/create-server.ts'
import { ForbiddenError, NotFoundError } from '../errors.ts'
import { requirePrincipal } from './auth-plugin.ts'
import type { ApiKeyStore, ApiKeySummary } from './api-key-store.ts'
import type { Principal } from './verify-request.ts'
import { auditActor } from './audit-actor.ts'

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
  principalId: Type.String(),
})
const Issued = Type.Object({ keyId: Type.String(), secret: Type.String({ description: 'shown once; store it now' }) })
const Name = Type.String({ pattern: '^[A-Za-z0-9_.:-]{1,64}$' })

/**
 * Nobody grants more than they have: a key made through the API is for the caller's own
 * principal and carries no scope or group the caller's own key (or session) lacks. Keys for
 * another principal, and wider grants, come only from a governed change or the bootstrap
 * ceremony — otherwise one admin could mint the second pair of eyes it needs.
 */
export function checkOwnGrant(caller: Principal, want: { principalId?: string; scopes: readonly string[]; groups: readonly string[] }): void {
  if (want.principalId !== undefined && want.principalId !== caller.principalId) {
    throw new ForbiddenError(
      'KEY_FOR_OTHER_PRINCIPAL',
      `keys are issued to a principal by itself (with its own key or console session), not by ${caller.principalId}; a new principal or role is a governed change`,
      { principalId: want.principalId },
    )
  }
  const beyond = [...want.scopes.filter((x) => !caller.scopes.includes(x)).map((x) => `scope ${x}`), ...want.groups.filter((g) => !caller.groups.includes(g)).map((g) => `group ${g}`)]
  if (beyond.length > 0) {
    throw new ForbiddenError('GRANT_EXCEEDS_OWN', `you cannot grant what you do not hold (${beyond.join(', ')}); a wider grant is a governed change`, { beyond })
  }
}

function view(s: ApiKeySummary) {
  const iso = (d: Date | null) => (d ? d.toISOString() : null)
  return { ...s, notBefore: iso(s.notBefore), expiresAt: iso(s.expiresAt), createdAt: s.createdAt.toISOString(), revokedAt: iso(s.revokedAt) }
}

const actorOf = (req: { consoleSession?: { id: string } }, p: Principal): string => auditActor(req.consoleSession ? { ...p, sessionId: req.consoleSession.id } : p)

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
        summary: "Create an API key for your own principal, with no more than you hold (the secret is returned once)",
        body: Type.Object(
          {
            role: Type.Optional(Type.String({ pattern: '^[a-z][a-z0-9_-]{0,63}$', description: "one of the principal's roles (default the caller's)" })),
            principalId: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9_.:-]{1,128}$', description: "the caller's own principal (the default); keys for others are refused" })),
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
      const groups = req.body.groups ?? []
      checkOwnGrant(p, { principalId: req.body.principalId, scopes: req.body.scopes, groups })
      const role = req.body.role ?? p.role
      const issued = await opts.store.createApiKey({
        role,
        scopes: req.body.scopes,
        groups,
        createdBy: p.keyId,
        principalId: p.principalId,
        expiresAt: req.body.expiresAt ? new Date(req.body.expiresAt) : undefined,
      })
      await opts.audit({ actor: actorOf(req, p), action: 'api_key.created', keyId: issued.keyId, after: { principalId: p.principalId, role, scopes: req.body.scopes, groups }, correlationId: String(req.id) })
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
      // Rotating hands over a new secret: only the key's own principal may receive it.
      const key = await opts.store.lookupKey(req.params.keyId)
      if (!key) throw new NotFoundError('API key', req.params.keyId)
      if (key.principalId !== p.principalId) throw new ForbiddenError('KEY_OF_OTHER_PRINCIPAL', `key ${req.params.keyId} belongs to another principal: only it may rotate it (anyone with admin may revoke it)`)
      const issued = await opts.store.rotateApiKey(req.params.keyId, { overlapSeconds: req.body.overlapSeconds, by: p.keyId })
      await opts.audit({ actor: actorOf(req, p), action: 'api_key.rotated', keyId: req.params.keyId, after: { principalId: key.principalId, newKeyId: issued.keyId, overlapSeconds: req.body.overlapSeconds }, correlationId: String(req.id) })
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
      await opts.audit({ actor: actorOf(req, p), action: 'api_key.revoked', keyId: req.params.keyId, after: { principalId: summary.principalId, status: 'revoked' }, correlationId: String(req.id) })
      return view(summary)
    },
  )
}
