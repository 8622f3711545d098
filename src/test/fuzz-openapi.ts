import { randomUUID } from 'node:crypto'
import { sql, type Kysely } from 'kysely'
import type { HttpServer } from '../shared/http/create-server.ts'
import { signRequest } from '../shared/auth/sign-request.ts'
import type { OpenApiOperation as Operation, OpenApiPaths, OpenApiSchema as Schema } from '../shared/http/openapi-types.ts'

export interface FuzzRequest {
  operation: string
  method: string
  url: string
  /** Raw JSON text (so numbers like 1e309 go out as written), or undefined. */
  body?: string
}

export interface FuzzOutcome {
  operations: number
  requests: number
  /** Responses 5xx, or an error without application/problem+json. */
  failures: { request: FuzzRequest; status: number; contentType: string; body: string }[]
  /** Non-GET requests that succeeded (a mutation the route tolerates, e.g. an optional field left out). */
  accepted: { request: FuzzRequest; status: number }[]
  /** Refused requests after which the change witness (e.g. the audit log's size) moved. */
  changedByRefusal: { request: FuzzRequest; status: number }[]
  statuses: Record<string, number>
}

const NASTY_STRINGS = ['a\u0000b', '\u0000', '%00', '', ' ', 'x'.repeat(5000), '../../etc/passwd', "' or 1=1 --", '\ud800', '😀'.repeat(10), '1e309', '-1', '9223372036854775808', '115792089237316195423570985008687907853269984665640564039457584007913129639936', 'null', '{}', '__proto__']
const NASTY_JSON_VALUES = ['1e309', '-1e309', '1e400', '9223372036854775808', '115792089237316195423570985008687907853269984665640564039457584007913129639936', '-1', '0.5', '1.7976931348623157e308', 'null', 'true', '[]', '{}', '"\\u0000"', '"a\\u0000b"', '"' + 'x'.repeat(20_000) + '"', deep(200), '{"__proto__":{"polluted":1}}']
const BAD_CURSORS = ['%00', '!!!!', 'AAAA', Buffer.from('2024-01-01T00:00:00Z|\u0000').toString('base64url'), Buffer.from('not json').toString('base64url'), Buffer.from('["x","y"]').toString('base64url'), Buffer.from('99999999999999999999999|x').toString('base64url'), Buffer.from('1e309').toString('base64url'), 'x'.repeat(4000)]

/** Percent-encodes; a lone surrogate goes out as the invalid UTF-8 it would be. */
function enc(v: string): string {
  try {
    return encodeURIComponent(v)
  } catch {
    return '%ED%A0%80'
  }
}

function deep(n: number): string {
  return '['.repeat(n) + ']'.repeat(n)
}

function sample(s: Schema | undefined, depth = 0): unknown {
  if (!s || depth > 6) return 'x'
  if (s.const !== undefined) return s.const
  if (s.enum?.length) return s.enum[0]
  const alt = s.anyOf ?? s.oneOf
  if (alt?.length) return sample(alt.find((a) => a.type !== 'null') ?? alt[0], depth + 1)
  const type = Array.isArray(s.type) ? s.type.find((t) => t !== 'null') : s.type
  switch (type) {
    case 'object': {
      const o: Record<string, unknown> = {}
      for (const k of s.required ?? []) o[k] = sample(s.properties?.[k], depth + 1)
      return o
    }
    case 'array':
      return Array.from({ length: Math.max(1, s.minItems ?? 1) }, () => sample(s.items, depth + 1))
    case 'integer':
    case 'number':
      return Math.max(1, s.minimum ?? 1)
    case 'boolean':
      return true
    case 'string':
      if (s.format === 'uuid') return randomUUID()
      if (s.format === 'date-time') return new Date().toISOString()
      if (s.pattern?.includes('0x')) return '0x' + '11'.repeat(20)
      if (s.pattern?.includes('[0-9]')) return '1'
      return 'x'.repeat(Math.max(1, s.minLength ?? 1))
    default:
      return 'x'
  }
}

/** At least `perOperation` requests, each one thing wrong with an otherwise plausible request. */
function mutations(method: string, path: string, op: Operation, perOperation: number): FuzzRequest[] {
  const params = op.parameters ?? []
  const pathParams = params.filter((p) => p.in === 'path')
  const queryParams = params.filter((p) => p.in === 'query')
  const bodySchema = op.requestBody?.content?.['application/json']?.schema
  const baseBody = bodySchema ? (sample(bodySchema) as Record<string, unknown>) : undefined
  const basePath = () => Object.fromEntries(pathParams.map((p) => [p.name, String(sample(p.schema))]))
  const build = (pv: Record<string, string>, query: string, body?: string): FuzzRequest => {
    const url = path.replace(/\{([^}]+)\}/g, (_m, n: string) => enc(pv[n] ?? 'x')) + query
    return { operation: `${method} ${path}`, method, url, body }
  }
  const json = (v: unknown) => (v === undefined ? undefined : JSON.stringify(v))
  const out: FuzzRequest[] = []
  // Path and query mutations of a changing operation carry a body no route accepts (a key with a NUL
  // byte), so a mutation the route happens to tolerate still changes nothing.
  const bodyText = method === 'GET' ? undefined : baseBody && typeof baseBody === 'object' ? JSON.stringify({ ...baseBody, 'k\u0000': 1 }) : json(baseBody)
  // Path parameters.
  for (const p of pathParams) for (const v of [...NASTY_STRINGS, ...BAD_CURSORS]) out.push(build({ ...basePath(), [p.name]: v }, '', bodyText))
  // Query parameters, including cursors.
  for (const p of queryParams) for (const v of [...NASTY_STRINGS, ...BAD_CURSORS]) out.push(build(basePath(), `?${enc(p.name)}=${enc(v)}`, bodyText))
  out.push(build(basePath(), '?cursor=%00&limit=1e309', bodyText))
  // Body: each property replaced by each nasty JSON value, then dropped; the whole body wrong.
  if (baseBody && typeof baseBody === 'object' && !Array.isArray(baseBody)) {
    const props = Object.keys(bodySchema?.properties ?? baseBody)
    for (const k of props) {
      for (const v of NASTY_JSON_VALUES) {
        const rest = { ...baseBody }
        delete rest[k]
        const head = JSON.stringify(rest)
        out.push(build(basePath(), '', head === '{}' ? `{${JSON.stringify(k)}:${v}}` : `${head.slice(0, -1)},${JSON.stringify(k)}:${v}}`))
      }
      const missing = { ...baseBody }
      delete missing[k]
      out.push(build(basePath(), '', JSON.stringify(missing)))
    }
  }
  if (bodySchema || method !== 'GET') {
    for (const v of [...NASTY_JSON_VALUES, '"a string"', '[1,2,3]', '{"a":' + deep(100) + '}', '{', '{"x":1,"x":2}']) out.push(build(basePath(), '', v))
  }
  // Pad to the minimum: every property (or an unknown query parameter) with a NUL byte, each time another.
  const props = baseBody && typeof baseBody === 'object' ? Object.keys(bodySchema?.properties ?? baseBody) : []
  for (let i = 0; out.length < perOperation; i++) {
    const k = props[i % Math.max(1, props.length)]
    if (k !== undefined) out.push(build(basePath(), '', JSON.stringify({ ...baseBody, [k]: `pad${i}\u0000` })))
    else out.push(build(basePath(), `?pad${i}=a%00${i}`, bodyText))
  }
  return out
}

/** Row count of every table in the database's current schema. */
export async function tableCounts(db: Kysely<any>): Promise<Record<string, number>> {
  const tables = await sql<{ table_name: string }>`select table_name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name`.execute(db)
  const counts: Record<string, number> = {}
  for (const t of tables.rows) counts[t.table_name] = Number((await sql<{ n: bigint }>`select count(*) as n from ${sql.table(t.table_name)}`.execute(db)).rows[0]!.n)
  return counts
}

/**
 * Sends mutated requests to every operation of an app's own OpenAPI document, signed with a
 * key that holds every scope (so they pass authentication and reach validation), through
 * `inject`, and reports what a client should never see.
 */
export async function fuzzOpenApi(
  app: HttpServer,
  opts: {
    keyId: string
    secret: string
    perOperation: number
    skip?: (method: string, path: string) => boolean
    /** A number every change moves (every change is audited: the audit log's size); read around each refused non-GET request. */
    changeWitness?: () => Promise<number>
  },
): Promise<FuzzOutcome> {
  const doc = dereference((await app.inject({ method: 'GET', url: '/openapi.json' })).json()) as { paths: OpenApiPaths }
  const outcome: FuzzOutcome = { operations: 0, requests: 0, failures: [], accepted: [], changedByRefusal: [], statuses: {} }
  let clock = Date.now()
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [lower, op] of Object.entries(item)) {
      const method = lower.toUpperCase()
      if (!['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].includes(method) || opts.skip?.(method, path)) continue
      outcome.operations += 1
      for (const r of mutations(method, path, op, opts.perOperation)) {
        clock = Math.max(clock + 1, Date.now())
        const headers = signRequest({ keyId: opts.keyId, secret: opts.secret, method, pathWithQuery: r.url, body: r.body ?? '', now: clock })
        const witnessBefore = method !== 'GET' ? await opts.changeWitness?.() : undefined
        const res = await app.inject({ method: method as 'GET', url: r.url, payload: r.body, headers: { ...headers, ...(r.body !== undefined ? { 'content-type': 'application/json' } : {}) } })
        outcome.requests += 1
        const bucket = `${Math.floor(res.statusCode / 100)}xx`
        outcome.statuses[bucket] = (outcome.statuses[bucket] ?? 0) + 1
        const contentType = String(res.headers['content-type'] ?? '')
        if (res.statusCode >= 500 || (res.statusCode >= 400 && !contentType.startsWith('application/problem+json'))) {
          outcome.failures.push({ request: { ...r, url: r.url.slice(0, 160), body: r.body?.slice(0, 160) }, status: res.statusCode, contentType, body: res.body.slice(0, 200) })
        }
        if (witnessBefore !== undefined && res.statusCode >= 400 && (await opts.changeWitness!()) !== witnessBefore) {
          outcome.changedByRefusal.push({ request: { ...r, url: r.url.slice(0, 160), body: r.body?.slice(0, 160) }, status: res.statusCode })
        }
        if (res.statusCode < 300 && method !== 'GET') {
          outcome.accepted.push({ request: { ...r, url: r.url.slice(0, 160), body: r.body?.slice(0, 160) }, status: res.statusCode })
        }
      }
    }
  }
  return outcome
}

/** The document with every `#/components/schemas/…` reference replaced by the model it names. */
function dereference(doc: { components?: { schemas?: Record<string, unknown> } }): unknown {
  const models = doc.components?.schemas ?? {}
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(walk)
    if (!node || typeof node !== 'object') return node
    const ref = (node as { $ref?: unknown }).$ref
    if (typeof ref === 'string' && ref.startsWith('#/components/schemas/')) return walk(models[ref.slice('#/components/schemas/'.length)])
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, walk(v)]))
  }
  return walk(doc)
}
