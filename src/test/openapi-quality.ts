type Json = Record<string, unknown>

/**
 * What a client generator needs of an OpenAPI document, as a list of defects (empty
 * when the document is fit): a unique operationId and a `security` statement on every
 * operation, errors documented as application/problem+json, 401 and 429 on every
 * authenticated operation, and the named `Problem` model. `skip` leaves out paths that
 * follow another vendor's conventions (the Fireblocks-compatible API).
 */
export function openApiDefects(doc: Json, opts: { skip?: (path: string) => boolean } = {}): string[] {
  const defects: string[] = []
  const ids = new Map<string, string>()
  for (const [path, item] of Object.entries((doc.paths ?? {}) as Record<string, Json>)) {
    if (opts.skip?.(path)) continue
    for (const [method, raw] of Object.entries(item)) {
      if (!raw || typeof raw !== 'object' || !('responses' in raw)) continue
      const op = raw as Json
      const where = `${method.toUpperCase()} ${path}`
      const id = op.operationId
      if (typeof id !== 'string' || !/^[a-z][A-Za-z0-9]*$/.test(id)) defects.push(`${where}: no operationId`)
      else if (ids.has(id)) defects.push(`${where}: operationId ${id} also names ${ids.get(id)}`)
      else ids.set(id, where)
      if (!Array.isArray(op.security)) defects.push(`${where}: no security statement`)
      const responses = op.responses as Record<string, Json>
      if (Array.isArray(op.security) && op.security.length > 0) {
        for (const status of ['401', '429']) if (!responses[status]) defects.push(`${where}: ${status} not documented`)
      }
      for (const [status, response] of Object.entries(responses)) {
        const types = Object.keys((response.content ?? {}) as Json)
        if (Number(status) >= 400 && types.some((t) => t !== 'application/problem+json')) defects.push(`${where}: ${status} documented as ${types.join(', ')}`)
      }
    }
  }
  const schemas = ((doc.components as Json | undefined)?.schemas ?? {}) as Json
  if (!schemas.Problem) defects.push('components.schemas.Problem missing')
  return defects
}
