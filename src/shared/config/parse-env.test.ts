import { describe, expect, it } from 'vitest'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Type } from 'typebox'
import { parseEnv } from './parse-env.ts'

const Env = Type.Object({
  API_SECRET: Type.String({ minLength: 16, description: 'the HMAC secret' }),
  PORT: Type.Integer({ minimum: 1, default: 8080 }),
  WEBHOOK_SECRET: Type.Optional(Type.String()),
  WEBHOOK_SECRET_FILE: Type.Optional(Type.String({ description: 'a file the service re-reads itself' })),
})

const dir = mkdtempSync(join(tmpdir(), 'custos-env-'))
const file = (name: string, text: string) => {
  const p = join(dir, name)
  writeFileSync(p, text)
  return p
}

describe('configuration from the environment', () => {
  it('takes any setting from a file named by <SETTING>_FILE, as secret stores deliver them', () => {
    const config = parseEnv(Env, { API_SECRET_FILE: file('secret', 'a-long-enough-secret\n'), PORT_FILE: file('port', '9090') })
    expect(config).toMatchObject({ API_SECRET: 'a-long-enough-secret', PORT: 9090 })
  })

  it('leaves a setting that declares its own _FILE to that setting', () => {
    const path = file('webhook', 'whsec')
    const config = parseEnv(Env, { API_SECRET: 'a-long-enough-secret', WEBHOOK_SECRET_FILE: path })
    expect(config.WEBHOOK_SECRET).toBeUndefined()
    expect(config.WEBHOOK_SECRET_FILE).toBe(path)
  })

  it('refuses a setting given twice, or a file it cannot read, naming the setting', () => {
    expect(() => parseEnv(Env, { API_SECRET: 'a-long-enough-secret', API_SECRET_FILE: file('s2', 'other-long-secret') })).toThrow(/API_SECRET: set either API_SECRET or API_SECRET_FILE, not both/)
    expect(() => parseEnv(Env, { API_SECRET_FILE: join(dir, 'missing') })).toThrow(/API_SECRET_FILE: the file .*missing cannot be read \(ENOENT\)/)
  })

  it('never echoes a secret it refuses', () => {
    const fromEnv = () => parseEnv(Env, { API_SECRET: 'short-secret' })
    expect(fromEnv).toThrow(/API_SECRET: .*the HMAC secret/)
    expect(fromEnv).not.toThrow(/short-secret/)
    const fromFile = () => parseEnv(Env, { API_SECRET_FILE: file('short', 'short-file') })
    expect(fromFile).toThrow(/read from API_SECRET_FILE/)
    expect(fromFile).not.toThrow(/short-file/)
    expect(() => parseEnv(Env, { API_SECRET: 'a-long-enough-secret', PORT: 'zero' })).toThrow(/PORT: .*\(got "zero"\)/)
  })
})
