import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { DEV_ROLES } from '../shared/development-api-keys.ts'
import { startTestChain, type TestChain } from '../test/chain.ts'
import { startTestCustody, type TestCustody } from '../test/custody.ts'
import { startTestPlatform, type TestPlatform } from '../test/platform.ts'
import { serviceOpenApiDocuments } from '../test/openapi-documents.ts'
import { openApiTypes } from './generate-types.ts'
import { describeProblems, lintOpenApiDocument } from './openapi-lint.ts'
import { GENERATED_CLIENT_FILES, POSTMAN_DIR } from './generated-files.ts'
import { POSTMAN_SERVICES, postmanEnvironment, postmanFiles } from './postman-collection.ts'
import { createCustodyClient, type CustodySchema } from './custody-client.ts'
import { createPlatformClient } from './platform-client.ts'

describe('the OpenAPI documents, and the committed client types and Postman collections', () => {
  let documents: Awaited<ReturnType<typeof serviceOpenApiDocuments>>
  beforeAll(async () => {
    documents = await serviceOpenApiDocuments()
  }, 300_000)

  it("pass Redocly's recommended rules (redocly.yaml) without an error, as npm run lint:openapi checks", async () => {
    for (const service of ['custody', 'platform'] as const) {
      const { errors } = await lintOpenApiDocument(service, documents[service])
      expect(describeProblems(errors), `the ${service} document`).toEqual([])
    }
  })

  it('are what a fresh generation from both services writes (else: npm run generate:client / generate:postman)', async () => {
    for (const service of ['custody', 'platform'] as const) {
      expect(readFileSync(GENERATED_CLIENT_FILES[service], 'utf8') === (await openApiTypes(service, documents[service])), `src/client/generated/${service}-api.ts is stale: npm run generate:client`).toBe(true)
    }
    for (const [name, text] of Object.entries(postmanFiles(documents))) {
      expect(readFileSync(new URL(name, POSTMAN_DIR), 'utf8') === text, `postman/${name} is stale: npm run generate:postman`).toBe(true)
    }
  }, 300_000)
})

interface NewmanSummary {
  run: {
    executions: { item: { name: string }; response?: { code: number; text(): string }; requestError?: Error }[]
    failures: { error: { message: string }; source?: { name?: string } }[]
  }
}

/** Runs a collection's journey folder with newman, as a user would from the command line. */
function runJourney(collection: unknown, environment: unknown): Promise<NewmanSummary> {
  const newman = createRequire(import.meta.url)('newman') as { run(options: unknown, done: (err: Error | null, summary: NewmanSummary) => void): void }
  return new Promise((resolve, reject) => newman.run({ collection, environment, folder: 'Journey', reporters: [] }, (err, summary) => (err ? reject(err) : resolve(summary))))
}

describe('against a running custody and platform', () => {
  let chain: TestChain
  let custody: TestCustody
  let platform: TestPlatform
  let platformKey: { keyId: string; secret: string }

  beforeAll(async () => {
    chain = await startTestChain()
    custody = await startTestCustody(chain)
    platform = await startTestPlatform(chain, custody)
    platformKey = await platform.service.apiKeys.createApiKey({ role: 'issuer-admin', scopes: [...DEV_ROLES.platform['issuer-admin']], groups: ['issuer-admin'], createdBy: 'test' })
  })
  afterAll(async () => {
    await platform?.close()
    await custody?.close()
    await chain?.stop()
  })

  it('the custody client signs its calls and answers typed data, or a typed problem', async () => {
    const client = createCustodyClient({ baseUrl: custody.url, ...custody.keys.admin! })
    const created = await client.POST('/v1/vaults', { body: { name: 'typed-client', tier: 'warm' } })
    if (!created.ok) throw new Error(`create vault: ${created.problem.code}`)
    const vault: CustodySchema<'Vault'> = created.data
    expect(created.status).toBe(201)
    expect(vault.address).toMatch(/^0x[0-9a-fA-F]{40}$/)

    const read = await client.GET('/v1/vaults/{id}', { path: { id: vault.id } })
    expect(read.ok && read.data.id).toBe(vault.id)
    const listed = await client.GET('/v1/vaults', { query: { tier: 'warm', limit: 50 } })
    expect(listed.ok && listed.data.items.map((v) => v.id)).toContain(vault.id)

    const missing = await client.GET('/v1/vaults/{id}', { path: { id: '00000000-0000-4000-8000-000000000000' } })
    expect(missing.ok).toBe(false)
    expect(missing.problem?.status).toBe(404)
    expect(missing.problem?.code).toBe('NOT_FOUND')

    // A key that signs wrongly is refused with the service's own problem.
    const forged = await createCustodyClient({ baseUrl: custody.url, keyId: custody.keys.admin!.keyId, secret: 'not the secret' }).GET('/v1/vaults')
    expect(forged.status).toBe(401)
    expect(forged.problem?.code).toMatch(/^AUTH_/)

    // What the document says is checked before anything is sent.
    // @ts-expect-error — 'hot-ish' is not a tier
    void (() => client.POST('/v1/vaults', { body: { name: 'x', tier: 'hot-ish' } }))
    // @ts-expect-error — the path needs its id
    void (() => client.GET('/v1/vaults/{id}'))
    // @ts-expect-error — no such path
    void (() => client.GET('/v1/vault'))
  })

  it('the untyped raw call (custos call) signs a path known only at run time and answers data or the same problem', async () => {
    const client = createCustodyClient({ baseUrl: custody.url, ...custody.keys.admin! })
    const created = await client.raw('post', '/v1/vaults', { body: { name: 'raw-client', tier: 'hot' } })
    expect(created.status).toBe(201)
    const id = (created.data as { id: string }).id
    const listed = await client.raw('GET', '/v1/vaults?tier=hot&limit=50')
    expect(listed.ok && (listed.data as { items: { id: string }[] }).items.map((v) => v.id)).toContain(id)
    const missing = await client.raw('GET', '/v1/vaults/00000000-0000-4000-8000-000000000000')
    expect(missing.ok).toBe(false)
    expect(missing.problem).toMatchObject({ status: 404, code: 'NOT_FOUND' })
  })

  it('the platform client signs its calls and answers typed data, or a typed problem', async () => {
    const client = createPlatformClient({ baseUrl: platform.url, ...platformKey })
    const created = await client.POST('/v1/investors', { body: { name: 'Typed Client', email: 'typed@example.com', country: 'DE', type: 'individual', externalRef: 'typed-client-1' } })
    if (!created.ok) throw new Error(`create investor: ${created.problem.code} ${created.problem.detail}`)
    expect(created.status).toBe(201)
    const read = await client.GET('/v1/investors/{id}', { path: { id: created.data.id } })
    expect(read.ok && read.data.email).toBe('typed@example.com')

    const invalid = await client.POST('/v1/investors', { body: { name: 'Nobody', email: 'nobody@example.com', country: 'Germany', type: 'individual' } })
    expect(invalid.ok).toBe(false)
    expect(invalid.status).toBe(400)
    expect(invalid.problem?.code).toBe('VALIDATION_FAILED')
  })

  it('newman runs each generated collection’s journey with every request signed by the collection’s script and answered 2xx', async () => {
    const targets = [
      { service: POSTMAN_SERVICES.custody, url: custody.url, key: custody.keys.admin! },
      { service: POSTMAN_SERVICES.platform, url: platform.url, key: platformKey },
    ]
    for (const { service, url, key } of targets) {
      const collection = JSON.parse(readFileSync(new URL(`${service.service}.postman_collection.json`, POSTMAN_DIR), 'utf8')) as unknown
      const summary = await runJourney(collection, postmanEnvironment(service, { baseUrl: url, apiKeyId: key.keyId, apiSecret: key.secret }))
      const answered = summary.run.executions.map((e) => `${e.item.name} → ${e.response?.code ?? e.requestError?.message} ${e.response && e.response.code >= 300 ? e.response.text().slice(0, 200) : ''}`.trim())
      expect(answered).toHaveLength(service.journey.length)
      expect(answered.filter((a) => !/ → 2\d\d$/.test(a))).toEqual([])
      expect(summary.run.failures.map((f) => `${f.source?.name}: ${f.error.message}`)).toEqual([])
    }
    // The journeys changed what they say: a vault and an investor made through Postman's requests.
    const vaults = await createCustodyClient({ baseUrl: custody.url, ...custody.keys.admin! }).GET('/v1/vaults', { query: { limit: 200 } })
    expect(vaults.ok && vaults.data.items.some((v) => v.name.startsWith('postman-'))).toBe(true)
    const investors = await createPlatformClient({ baseUrl: platform.url, ...platformKey }).GET('/v1/investors', { query: { limit: 200 } })
    expect(investors.ok && investors.data.items.some((i) => i.name === 'Postman Investor')).toBe(true)
  })
})
