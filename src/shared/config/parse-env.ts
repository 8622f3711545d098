import { readFileSync } from 'node:fs'
import type { TSchema, Static } from 'typebox'
import { Value } from 'typebox/value'
import { ConfigError } from '../errors.ts'

/** Settings whose value must never be echoed in an error message. */
const SECRET_NAME = /SECRET|PASSWORD|PASSPHRASE|TOKEN|PRIVATE|MASTER_KEY|_KEY$/

/**
 * Reads the variables a schema names from an environment, converts them
 * (strings to numbers and booleans), applies defaults, and refuses a bad value
 * with a message that names the variable, what it must be, and what it got.
 *
 * Any setting `X` may instead be given as `X_FILE`, the path of a file holding the value
 * (one trailing newline dropped): the way Docker and Kubernetes secrets, systemd credentials
 * and Vault Agent templates hand secrets to a process without putting them in its
 * environment. Settings that declare their own `X_FILE` keep that meaning.
 */
export function parseEnv<T extends TSchema>(schema: T, env: Record<string, string | undefined>): Static<T> {
  const props = (schema as unknown as { properties: Record<string, TSchema> }).properties
  const raw: Record<string, unknown> = {}
  const fromFile = new Set<string>()
  const fileProblems: string[] = []
  for (const key of Object.keys(props)) {
    const v = env[key]
    const fileSetting = `${key}_FILE`
    const file = fileSetting in props ? undefined : env[fileSetting]
    if (v !== undefined && v !== '') {
      if (file) fileProblems.push(`${key}: set either ${key} or ${fileSetting}, not both`)
      raw[key] = v
    } else if (file) {
      const read = readSettingFile(fileSetting, file)
      if (typeof read === 'string') {
        raw[key] = read
        fromFile.add(key)
      } else fileProblems.push(read.problem)
    }
  }
  if (fileProblems.length) throw new ConfigError(`Invalid configuration:\n  ${fileProblems.join('\n  ')}`, { problems: fileProblems })
  const withDefaults = Value.Default(schema, Value.Convert(schema, raw))
  if (Value.Check(schema, withDefaults)) return withDefaults as Static<T>
  const problems = [...Value.Errors(schema, withDefaults)].map((e) => {
    const path = (e as { instancePath?: string; path?: string }).instancePath ?? (e as { path?: string }).path ?? ''
    const name = path.replace(/^\//, '') || ((e as { params?: { requiredProperties?: string[] } }).params?.requiredProperties?.join(', ') ?? '')
    const shown = name && name in raw && !fromFile.has(name) && !SECRET_NAME.test(name)
    const got = shown ? ` (got ${JSON.stringify(raw[name])})` : name && fromFile.has(name) ? ` (read from ${name}_FILE)` : ''
    const desc = (name && (props[name] as { description?: string } | undefined)?.description) || ''
    return `${name || 'configuration'}: ${e.message}${got}${desc ? ` — ${desc}` : ''}`
  })
  throw new ConfigError(`Invalid configuration:\n  ${problems.join('\n  ')}`, { problems })
}

function readSettingFile(setting: string, path: string): string | { problem: string } {
  try {
    return readFileSync(path, 'utf8').replace(/\r?\n$/, '')
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'unreadable'
    return { problem: `${setting}: the file ${path} cannot be read (${code}); give the path of a file this process may read` }
  }
}
