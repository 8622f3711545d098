import type { TSchema } from 'typebox'

/** One problem in a policy document: where (`rules[3].amount.max`) and what is wrong. */
export interface PolicyProblem {
  path: string
  message: string
}

interface SchemaError {
  keyword: string
  schemaPath: string
  instancePath: string
  params: object
  message: string
}

/**
 * Turns TypeBox's validation errors into one readable line per problem. Schema nodes may
 * carry an `errorMessage` option that replaces the generic text for that node (so a number
 * where a decimal string belongs reads "must be a decimal string", not "must be string").
 */
export function describeSchemaErrors(schema: TSchema, errors: Iterable<SchemaError>): PolicyProblem[] {
  const out: PolicyProblem[] = []
  const seen = new Set<string>()
  const push = (path: string, message: string) => {
    const key = `${path}\u0000${message}`
    if (seen.has(key)) return
    seen.add(key)
    out.push({ path, message })
  }
  for (const e of errors) {
    const path = formatPointer(e.instancePath)
    const node = resolveSchemaPath(schema, e.schemaPath)
    const custom = typeof node?.errorMessage === 'string' ? node.errorMessage : undefined
    const params = e.params as Record<string, unknown>
    switch (e.keyword) {
      case 'boolean':
        // Reported once per unknown property by the `additionalProperties` error instead.
        break
      case 'additionalProperties':
        for (const name of (params.additionalProperties as string[] | undefined) ?? []) {
          push(join(path, name), 'is not a known field')
        }
        break
      case 'required':
        for (const name of (params.requiredProperties as string[] | undefined) ?? []) {
          push(join(path, name), 'is required')
        }
        break
      case 'type':
        push(path, custom ?? `must be ${withArticle(String(params.type))}`)
        break
      case 'enum':
        push(path, `must be one of ${(params.allowedValues as unknown[]).map(String).join(', ')}`)
        break
      case 'minItems':
        push(path, params.limit === 1 ? 'must not be empty (leave the field out to match anything)' : `must have at least ${String(params.limit)} items`)
        break
      case 'minimum':
        push(path, `must be at least ${String(params.limit)}`)
        break
      case 'maximum':
        push(path, `must be at most ${String(params.limit)}`)
        break
      case 'exclusiveMinimum':
        push(path, `must be greater than ${String(params.limit)}`)
        break
      case 'minLength':
        push(path, custom ?? (params.limit === 1 ? 'must not be empty' : e.message))
        break
      default:
        push(path, custom ?? e.message)
    }
  }
  return out
}

/** Orders problems by path, comparing list indexes as numbers (rules[2] before rules[10]). */
export function sortProblems(problems: PolicyProblem[]): PolicyProblem[] {
  const keyed = problems.map((p, i) => ({ p, i, segs: splitPath(p.path) }))
  keyed.sort((a, b) => comparePaths(a.segs, b.segs) || a.i - b.i)
  return keyed.map((k) => k.p)
}

function formatPointer(pointer: string): string {
  if (pointer === '') return 'document'
  let out = ''
  for (const raw of pointer.slice(1).split('/')) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~')
    out = /^(0|[1-9][0-9]*)$/.test(seg) ? `${out}[${seg}]` : join(out, seg)
  }
  return out
}

function join(path: string, name: string): string {
  const base = path === 'document' ? '' : path
  if (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name)) return base === '' ? name : `${base}.${name}`
  return `${base}[${JSON.stringify(name)}]`
}

function resolveSchemaPath(schema: TSchema, schemaPath: string): Record<string, unknown> | undefined {
  let node: unknown = schema
  for (const raw of schemaPath.replace(/^#\/?/, '').split('/')) {
    if (raw === '') continue
    if (typeof node !== 'object' || node === null) return undefined
    node = (node as Record<string, unknown>)[raw.replace(/~1/g, '/').replace(/~0/g, '~')]
  }
  return typeof node === 'object' && node !== null ? (node as Record<string, unknown>) : undefined
}

function withArticle(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`
}

function splitPath(path: string): (string | number)[] {
  const segs: (string | number)[] = []
  for (const m of path.matchAll(/\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]|([^.[\]]+)/g)) {
    if (m[1] !== undefined) segs.push(Number(m[1]))
    else segs.push(m[2] ?? m[3] ?? '')
  }
  return segs
}

function comparePaths(a: (string | number)[], b: (string | number)[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i]!
    const y = b[i]!
    if (x === y) continue
    if (typeof x === 'number' && typeof y === 'number') return x - y
    return String(x) < String(y) ? -1 : 1
  }
  return a.length - b.length
}
