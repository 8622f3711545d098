/**
 * What makes our OpenAPI documents worth generating clients from, applied to every
 * route of a service rather than written by hand on each:
 *
 * - every operation has a stable, unique `operationId` (the route's own when it names
 *   one, else derived from method and path: `GET /v1/transactions/:id` → `getTransactionsById`);
 * - every operation says how it is authenticated (`security`), an empty list for public ones;
 * - errors are documented as they are sent, `application/problem+json`, and every
 *   authenticated operation documents 401 and 429 (rate limited, with Retry-After);
 * - schemas that carry a `title` (e.g. `Transaction`, `Problem`) become named models under
 *   `components.schemas`, referenced wherever they appear, so generated clients get types.
 */

type Json = Record<string, unknown>
export type SecurityRequirement = Record<string, string[]>

export interface OpenApiRefinement {
  /** How a route is authenticated (alternatives OR-ed); [] for a public route. */
  security: (route: { url: string; method: string; isPublic: boolean }) => SecurityRequirement[]
  /** The Problem schema errors are documented with. */
  problem: Json
  servers?: { url: string; description?: string }[]
}

const VERBS: Record<string, string> = { GET: 'get', POST: 'post', PUT: 'put', PATCH: 'patch', DELETE: 'delete', HEAD: 'head' }

/** `GET /v1/change-requests/:id/approve` → `getChangeRequestsByIdApprove`. */
export function deriveOperationId(method: string, url: string): string {
  const words = url
    .split('/')
    .filter((s) => s && !/^v\d+$/.test(s))
    .map((s) => (s.startsWith(':') ? `by-${s.slice(1)}` : s.startsWith('{') ? `by-${s.slice(1, -1)}` : s))
    .join('-')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
  const verb = VERBS[method.toUpperCase()] ?? method.toLowerCase()
  return verb + words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join('')
}

/** For @fastify/swagger's `transform`: names the operation and its security from the route. */
export function refineRoute(refinement: OpenApiRefinement) {
  return ({ schema, url, route }: { schema: unknown; url: string; route: { method: string | string[]; config?: unknown } }) => {
    if (!schema || typeof schema !== 'object') return { schema: schema as never, url }
    const method = Array.isArray(route.method) ? route.method[0]! : route.method
    const isPublic = Boolean((route.config as { public?: boolean } | undefined)?.public) || url === '/health'
    const given = schema as Json
    return {
      url,
      schema: {
        ...given,
        operationId: (given.operationId as string | undefined) ?? deriveOperationId(method, url),
        security: (given.security as SecurityRequirement[] | undefined) ?? refinement.security({ url, method, isPublic }),
        response: isPublic ? given.response : { 401: refinement.problem, 429: refinement.problem, ...(given.response as Json | undefined) },
      } as never,
    }
  }
}

/** For @fastify/swagger's `transformObject`: problem+json errors, named models, servers. */
export function refineDocument(refinement: OpenApiRefinement) {
  return ({ openapiObject }: { openapiObject?: unknown }): Json => {
    const doc = structuredClone(openapiObject ?? {}) as Json
    if (refinement.servers) doc.servers = refinement.servers
    const components = ((doc.components ??= {}) as Json)
    const schemas = ((components.schemas ??= {}) as Json)
    const seenIds = new Map<string, string>()
    for (const [path, item] of Object.entries((doc.paths ?? {}) as Record<string, Json>)) {
      for (const [method, op] of Object.entries(item)) {
        if (!op || typeof op !== 'object' || !('responses' in op)) continue
        const operation = op as Json
        const id = operation.operationId as string | undefined
        if (id) {
          // Two routes deriving one id (a route registered under two paths): keep ids unique.
          if (seenIds.has(id)) operation.operationId = `${id}${method[0]!.toUpperCase()}${method.slice(1)}${seenIds.size}`
          seenIds.set(operation.operationId as string, path)
        }
        for (const [status, response] of Object.entries(operation.responses as Record<string, Json>)) {
          const content = response.content as Record<string, unknown> | undefined
          if (Number(status) >= 400 && content?.['application/json']) {
            response.content = { 'application/problem+json': content['application/json'] }
          }
          if (status === '429') {
            response.description = 'Too many requests for this key: wait the Retry-After header, then retry'
            response.headers = { 'Retry-After': { description: 'seconds to wait', schema: { type: 'integer', minimum: 1 } } }
          }
        }
      }
    }
    doc.paths = hoistTitled(doc.paths, schemas)
    return doc
  }
}

/** Replaces every schema with a `title` by a reference to it under `components.schemas`. */
function hoistTitled(node: unknown, schemas: Json): unknown {
  if (Array.isArray(node)) return node.map((n) => hoistTitled(n, schemas))
  if (!node || typeof node !== 'object') return node
  const obj = node as Json
  const inner: Json = {}
  for (const [k, v] of Object.entries(obj)) inner[k] = hoistTitled(v, schemas)
  const title = obj.title
  if (typeof title === 'string' && /^[A-Z][A-Za-z0-9]*$/.test(title) && ('type' in obj || 'anyOf' in obj || 'oneOf' in obj || 'allOf' in obj)) {
    const existing = schemas[title]
    if (existing === undefined) schemas[title] = inner
    else if (JSON.stringify(existing) !== JSON.stringify(inner)) return inner // two shapes under one name: leave this one inline
    return { $ref: `#/components/schemas/${title}` }
  }
  return inner
}
