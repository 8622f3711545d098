import { describe, expect, it } from 'vitest'
import { Type } from 'typebox'
import { createHttpServer } from './create-server.ts'
import { createLogger } from '../logger.ts'
import { Problem } from './problem-schema.ts'
import { deriveOperationId } from './openapi-document.ts'
import { openApiDefects } from '../../test/openapi-quality.ts'
import { AUTH_SECURITY_SCHEMES, signedOrSession, serviceSecuritySchemes } from '../auth/auth-plugin.ts'

describe('the OpenAPI document a service serves', () => {
  it('names every operation, states its security, documents errors as problem+json and hoists titled schemas into named models', async () => {
    const app = await createHttpServer({ title: 't', version: '1', description: 'd', logger: createLogger({ service: 'test', level: 'silent' }), securitySchemes: serviceSecuritySchemes('custody'), security: signedOrSession })
    const Vault = Type.Object({ id: Type.String(), status: Type.Union([Type.Literal('ACTIVE'), Type.Literal('ARCHIVED')]) }, { title: 'Vault' })
    app.get('/v1/vaults/:id', { schema: { params: Type.Object({ id: Type.String() }), response: { 200: Vault, 404: Problem } } }, async () => ({ id: 'v', status: 'ACTIVE' as const }))
    app.get('/v1/vaults', { schema: { response: { 200: Type.Object({ items: Type.Array(Vault) }) } } }, async () => ({ items: [] }))
    app.post('/v1/vaults/:id/archive', { schema: { operationId: 'archiveVault', response: { 200: Vault, 409: Problem } } }, async () => ({ id: 'v', status: 'ARCHIVED' as const }))
    app.get('/health', { config: { public: true }, schema: { response: { 200: Type.Object({ status: Type.String() }) } } }, async () => ({ status: 'ok' }))
    await app.ready()
    const doc = (await app.inject({ method: 'GET', url: '/openapi.json' })).json()

    expect(openApiDefects(doc)).toEqual([])
    expect(doc.paths['/v1/vaults/{id}'].get.operationId).toBe('getVaultsById')
    expect(doc.paths['/v1/vaults'].get.operationId).toBe('getVaults')
    expect(doc.paths['/v1/vaults/{id}/archive'].post.operationId).toBe('archiveVault')
    // Signed request, or a console session; the public probe needs neither.
    expect(doc.paths['/v1/vaults'].get.security).toEqual([{ apiKey: [], apiTimestamp: [], apiSignature: [] }, { consoleSession: [] }])
    expect(doc.paths['/health'].get.security).toEqual([])
    expect(Object.keys(doc.components.securitySchemes)).toEqual([...Object.keys(AUTH_SECURITY_SCHEMES), 'consoleSession'])
    // Errors as they are sent, and the rate limit a client must expect.
    const get = doc.paths['/v1/vaults/{id}'].get
    expect(Object.keys(get.responses['404'].content)).toEqual(['application/problem+json'])
    expect(get.responses['429'].headers['Retry-After']).toBeDefined()
    expect(get.responses['401']).toBeDefined()
    // One named model, referenced from every place it appears (a typed client gets `Vault`).
    expect(doc.components.schemas.Vault.properties.status.anyOf).toHaveLength(2)
    expect(get.responses['200'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/Vault' })
    expect(doc.paths['/v1/vaults'].get.responses['200'].content['application/json'].schema.properties.items.items).toEqual({ $ref: '#/components/schemas/Vault' })
    expect(doc.components.schemas.Problem.required).toContain('code')
    expect(doc.servers).toEqual([{ url: '/', description: expect.any(String) }])
    await app.close()
  })

  it('derives an id from method and path', () => {
    expect(deriveOperationId('POST', '/v1/change-requests/:id/approve')).toBe('postChangeRequestsByIdApprove')
    expect(deriveOperationId('GET', '/fireblocks/v1/vault/accounts_paged')).toBe('getFireblocksVaultAccountsPaged')
    expect(deriveOperationId('DELETE', '/v1/webhooks/{id}')).toBe('deleteWebhooksById')
  })
})
