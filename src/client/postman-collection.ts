import type { OpenApiOperation as Operation, OpenApiParameter as Parameter, OpenApiPaths, OpenApiSchema as Schema } from '../shared/http/openapi-types.ts'
import { POSTMAN_SIGNING_SCRIPT } from './postman-signing-script.ts'

type Json = Record<string, unknown>
/** One request of a journey: a name, method, path with `{{variables}}`, optional JSON body, and what to remember of the answer. */
export interface JourneyStep {
  name: string
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
  path: string
  body?: unknown
  /** Collection variables set from the JSON answer, e.g. `{ vaultId: 'id' }`. */
  remember?: Record<string, string>
}

export interface PostmanService {
  service: 'custody' | 'platform'
  title: string
  /** Where `npm start` serves it. */
  developmentUrl: string
  /** The development key whose credentials the environment is meant to hold. */
  developmentRole: string
  journey: JourneyStep[]
}

/** The journeys newman runs in order: custody's vaults, the platform's investors and tokens. */
export const POSTMAN_SERVICES: Record<'custody' | 'platform', PostmanService> = {
  custody: {
    service: 'custody',
    title: 'Custos custody API',
    developmentUrl: 'http://127.0.0.1:4100',
    developmentRole: 'admin',
    journey: [
      { name: 'List vaults', method: 'GET', path: '/v1/vaults?limit=10' },
      { name: 'Create a vault', method: 'POST', path: '/v1/vaults', body: { name: 'postman-{{$timestamp}}', tier: 'warm' }, remember: { vaultId: 'id' } },
      { name: 'Read the vault', method: 'GET', path: '/v1/vaults/{{vaultId}}' },
      { name: 'List assets', method: 'GET', path: '/v1/assets' },
    ],
  },
  platform: {
    service: 'platform',
    title: 'Custos platform API',
    developmentUrl: 'http://127.0.0.1:4000',
    developmentRole: 'issuer-admin',
    journey: [
      { name: 'List investors', method: 'GET', path: '/v1/investors?limit=10' },
      { name: 'Create an investor', method: 'POST', path: '/v1/investors', body: { name: 'Postman Investor', email: 'postman-{{$timestamp}}@example.com', country: 'DE', type: 'individual', externalRef: 'postman-{{$timestamp}}' }, remember: { investorId: 'id' } },
      { name: 'Read the investor', method: 'GET', path: '/v1/investors/{{investorId}}' },
      { name: 'List tokens', method: 'GET', path: '/v1/tokens' },
    ],
  },
}

const COLLECTION_SCHEMA = 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json'
const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const

/** A Postman URL object for `{{baseUrl}}` + path (with `{{variables}}`) + query. */
function postmanUrl(pathWithQuery: string, disabledQuery: Parameter[] = []): Json {
  const [path, search = ''] = pathWithQuery.split('?') as [string, string?]
  const query = [
    ...search
      .split('&')
      .filter(Boolean)
      .map((kv) => {
        const [key, value = ''] = kv.split('=') as [string, string?]
        return { key, value }
      }),
    ...disabledQuery.map((p) => ({ key: p.name, value: '', disabled: true, ...(p.description ? { description: p.description } : {}) })),
  ]
  return {
    raw: `{{baseUrl}}${pathWithQuery}`,
    host: ['{{baseUrl}}'],
    path: path.split('/').filter(Boolean),
    ...(query.length > 0 ? { query } : {}),
  }
}

function jsonRequest(method: string, pathWithQuery: string, body: unknown, opts: { description?: string; disabledQuery?: Parameter[] } = {}): Json {
  return {
    method,
    header: body === undefined ? [] : [{ key: 'Content-Type', value: 'application/json' }],
    ...(body === undefined ? {} : { body: { mode: 'raw', raw: JSON.stringify(body, null, 2), options: { raw: { language: 'json' } } } }),
    url: postmanUrl(pathWithQuery, opts.disabledQuery),
    ...(opts.description ? { description: opts.description } : {}),
  }
}

/** A small valid-looking body from a schema: required properties only, first enum value, the default where there is one. */
export function exampleOf(schema: Schema | undefined, components: Record<string, Schema>, depth = 0): unknown {
  if (!schema || depth > 6) return undefined
  if (schema.$ref) return exampleOf(components[schema.$ref.replace('#/components/schemas/', '')], components, depth + 1)
  if (schema.default !== undefined) return schema.default
  if (schema.const !== undefined) return schema.const
  if (schema.enum?.length) return schema.enum[0]
  const choice = schema.anyOf ?? schema.oneOf
  if (choice?.length) return exampleOf(choice[0], components, depth + 1)
  if (schema.allOf?.length) return Object.assign({}, ...schema.allOf.map((s) => exampleOf(s, components, depth + 1)))
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type
  switch (type) {
    case 'object': {
      const out: Json = {}
      for (const name of schema.required ?? []) out[name] = exampleOf(schema.properties?.[name], components, depth + 1)
      return out
    }
    case 'array':
      return []
    case 'integer':
    case 'number':
      return schema.minimum ?? 0
    case 'boolean':
      return false
    case 'string':
      return schema.format === 'date-time' ? '2030-01-01T00:00:00Z' : ''
    default:
      return undefined
  }
}

/** The requests of every documented operation a signed request may call, in folders by tag (first tag, else the first path segment). */
function operationFolders(doc: Json): Json[] {
  const components = ((doc.components as Json | undefined)?.schemas ?? {}) as Record<string, Schema>
  const folders = new Map<string, Json[]>()
  for (const [path, item] of Object.entries((doc.paths ?? {}) as OpenApiPaths)) {
    for (const method of METHODS) {
      const op = item[method]
      if (!op) continue
      // Only what the signature opens (or what is public): the Fireblocks-compatible API signs its own way (JWT).
      if (Array.isArray(op.security) && op.security.length > 0 && !op.security.some((s) => 'apiKey' in s)) continue
      const segments = path.split('/').filter(Boolean)
      const folder = op.tags?.[0] ?? (segments[0] === 'v1' ? segments[1] : segments[0]) ?? 'other'
      const pathParams = (op.parameters ?? []).filter((p) => p.in === 'path')
      const query = (op.parameters ?? []).filter((p) => p.in === 'query')
      // Path parameters become variables (`{{id}}`): Postman's `:id` would be filled after the signature.
      const templated = pathParams.reduce((p, param) => p.replace(`{${param.name}}`, `{{${param.name}}}`), path)
      const schema = op.requestBody?.content?.['application/json']?.schema
      const body = op.requestBody ? (exampleOf(schema, components) ?? {}) : undefined
      const description = [op.description, op.operationId ? `operationId: \`${op.operationId}\`` : undefined].filter(Boolean).join('\n\n')
      const request = { name: op.summary ?? op.operationId ?? `${method.toUpperCase()} ${path}`, request: jsonRequest(method.toUpperCase(), templated, body, { description, disabledQuery: query }) }
      folders.set(folder, [...(folders.get(folder) ?? []), request])
    }
  }
  return [...folders.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([name, item]) => ({ name, item }))
}

function journeyFolder(steps: JourneyStep[]): Json {
  return {
    name: 'Journey',
    description: 'A few requests in order, each answered 2xx; run it with the collection runner or newman (`--folder Journey`).',
    item: steps.map((step) => ({
      name: step.name,
      event: [
        {
          listen: 'test',
          script: {
            type: 'text/javascript',
            exec: [
              "pm.test('answered 2xx', function () { pm.expect(pm.response.code).to.be.within(200, 299) })",
              ...Object.entries(step.remember ?? {}).map(([variable, field]) => `pm.collectionVariables.set(${JSON.stringify(variable)}, pm.response.json()[${JSON.stringify(field)}])`),
            ],
          },
        },
      ],
      request: jsonRequest(step.method, step.path, step.body),
    })),
  }
}

/**
 * A Postman collection (v2.1) for one service: a journey folder first, then a request for
 * every documented operation that takes a signed request (not the Fireblocks-compatible API,
 * which signs its own way), and a collection-level pre-request script that signs each
 * request. Deterministic: the same document gives the same bytes.
 */
export function postmanCollection(doc: Json, service: PostmanService): Json {
  const info = (doc.info ?? {}) as Json
  return {
    info: {
      name: service.title,
      description: `${String(info.description ?? '')}\n\nEvery request is signed by the collection's pre-request script with the environment's \`apiKeyId\` and \`apiSecret\`. Generated by \`npm run generate:postman\` from the OpenAPI document (version ${String(info.version ?? '')}).`.trim(),
      schema: COLLECTION_SCHEMA,
    },
    auth: { type: 'noauth' },
    event: [{ listen: 'prerequest', script: { type: 'text/javascript', exec: POSTMAN_SIGNING_SCRIPT } }],
    variable: [
      { key: 'vaultId', value: '' },
      { key: 'investorId', value: '' },
    ].filter((v) => service.journey.some((s) => s.remember && Object.keys(s.remember).includes(v.key))),
    item: [journeyFolder(service.journey), ...operationFolders(doc)],
  }
}

/** A Postman environment for one service: its base URL and the key that signs (values left for the user, or filled from the development credentials). */
export function postmanEnvironment(service: PostmanService, values: { baseUrl?: string; apiKeyId?: string; apiSecret?: string } = {}): Json {
  return {
    name: `${service.title} (development)`,
    values: [
      { key: 'baseUrl', value: values.baseUrl ?? service.developmentUrl, type: 'default', enabled: true },
      { key: 'apiKeyId', value: values.apiKeyId ?? '', type: 'default', enabled: true },
      { key: 'apiSecret', value: values.apiSecret ?? '', type: 'secret', enabled: true },
      { key: 'onBehalfOf', value: '', type: 'default', enabled: true },
    ],
  }
}

/** The files `npm run generate:postman` writes, by name under `postman/`, as the exact text written. */
export function postmanFiles(documents: Record<'custody' | 'platform', Json>): Record<string, string> {
  const files: Record<string, string> = {}
  for (const service of Object.values(POSTMAN_SERVICES)) {
    files[`${service.service}.postman_collection.json`] = `${JSON.stringify(postmanCollection(documents[service.service], service), null, 2)}\n`
    files[`${service.service}.postman_environment.json`] = `${JSON.stringify(postmanEnvironment(service), null, 2)}\n`
  }
  return files
}
