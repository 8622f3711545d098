import { Type } from 'typebox'
import type { HttpServer } from '../http/create-server.ts'
import { requirePrincipal } from './auth-plugin.ts'
import type { ApiKeyAudit } from './api-key-routes.ts'
import type { ApiKeyStore } from './api-key-store.ts'
import { normaliseCidrs } from './ip-allow-list.ts'
import { auditActor } from './audit-actor.ts'

/**
 * `PUT /v1/api-keys/:keyId/allowed-ips`: restricts a key to client addresses (CIDR blocks,
 * IPv4 and IPv6), checked on every request (403 AUTH_IP_NOT_ALLOWED from elsewhere); an empty
 * list lifts the restriction. Admin only, audited.
 */
export function registerApiKeyIpRoutes(app: HttpServer, opts: { store: ApiKeyStore; audit: ApiKeyAudit }): void {
  app.put(
    '/v1/api-keys/:keyId/allowed-ips',
    {
      config: { scopes: ['admin'] },
      schema: {
        tags: ['api keys'],
        summary: 'Restrict an API key to client addresses (CIDR)',
        params: Type.Object({ keyId: Type.String({ pattern: '^[A-Za-z0-9_.:-]{1,128}$' }) }),
        body: Type.Object({ cidrs: Type.Array(Type.String({ maxLength: 64 }), { maxItems: 64, description: 'CIDR blocks or addresses; an empty list lifts the restriction' }) }, { additionalProperties: false }),
        response: { 200: Type.Object({ keyId: Type.String(), allowedCidrs: Type.Union([Type.Array(Type.String()), Type.Null()]) }) },
      },
    },
    async (req) => {
      const p = requirePrincipal(req)
      const cidrs = req.body.cidrs.length === 0 ? null : normaliseCidrs(req.body.cidrs)
      await opts.store.setAllowedCidrs(req.params.keyId, cidrs)
      await opts.audit({ actor: auditActor(p), action: 'api_key.allowed_ips_set', keyId: req.params.keyId, after: { allowedCidrs: cidrs }, correlationId: String(req.id) })
      return { keyId: req.params.keyId, allowedCidrs: cidrs }
    },
  )
}
