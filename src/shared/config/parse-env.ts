import type { TSchema, Static } from 'typebox'
import { Value } from 'typebox/value'
import { ConfigError } from '../errors.ts'

/**
 * Reads the variables a schema names from an environment, converts them
 * (strings to numbers and booleans), applies defaults, and refuses a bad value
 * with a message that names the variable, what it must be, and what it got.
 */
export function parseEnv<T extends TSchema>(schema: T, env: Record<string, string | undefined>): Static<T> {
  const props = (schema as unknown as { properties: Record<string, TSchema> }).properties
  const raw: Record<string, unknown> = {}
  for (const key of Object.keys(props)) {
    const v = env[key]
    if (v !== undefined && v !== '') raw[key] = v
  }
  const withDefaults = Value.Default(schema, Value.Convert(schema, raw))
  if (Value.Check(schema, withDefaults)) return withDefaults as Static<T>
  const problems = [...Value.Errors(schema, withDefaults)].map((e) => {
    const path = (e as { instancePath?: string; path?: string }).instancePath ?? (e as { path?: string }).path ?? ''
    const name = path.replace(/^\//, '') || ((e as { params?: { requiredProperties?: string[] } }).params?.requiredProperties?.join(', ') ?? '')
    const got = name && name in raw ? ` (got ${JSON.stringify(raw[name])})` : ''
    const desc = (name && (props[name] as { description?: string } | undefined)?.description) || ''
    return `${name || 'configuration'}: ${e.message}${got}${desc ? ` — ${desc}` : ''}`
  })
  throw new ConfigError(`Invalid configuration:\n  ${problems.join('\n  ')}`, { problems })
}
