import { randomBytes } from 'node:crypto'
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { inspect } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createLogger } from '../../shared/logger.ts'
import { loadMasterKey } from './master-key.ts'

function capturingLogger() {
  const lines: string[] = []
  const destination = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk))
      done()
    },
  })
  return { logger: createLogger({ service: 'custody', destination }), output: () => lines.join('') }
}

describe('loadMasterKey', () => {
  let dir: string
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'custos-master-key-'))
  })
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  it('reads CUSTODY_MASTER_KEY', async () => {
    const hex = randomBytes(32).toString('hex')
    const { logger } = capturingLogger()
    const key = await loadMasterKey({ env: { CUSTODY_MASTER_KEY: hex }, logger })
    expect(Buffer.from(key).toString('hex')).toBe(hex)
  })

  it('refuses a malformed key without repeating it', async () => {
    const bad = 'ab'.repeat(31)
    const { logger } = capturingLogger()
    const err = await loadMasterKey({ env: { CUSTODY_MASTER_KEY: bad }, logger }).catch((e: unknown) => e)
    expect(err).toMatchObject({ code: 'MASTER_KEY_INVALID' })
    expect(inspect(err)).not.toContain(bad)
  })

  it('reads a key file and refuses two sources at once', async () => {
    const hex = randomBytes(32).toString('hex')
    const file = join(dir, 'operator-key')
    await writeFile(file, `${hex}\n`, { mode: 0o600 })
    const { logger } = capturingLogger()
    expect(Buffer.from(await loadMasterKey({ env: { CUSTODY_MASTER_KEY_FILE: file }, logger })).toString('hex')).toBe(hex)
    await expect(loadMasterKey({ env: { CUSTODY_MASTER_KEY: hex }, file, logger })).rejects.toMatchObject({ code: 'MASTER_KEY_AMBIGUOUS' })
  })

  it('generates a development key once, 0600, with a loud warning that does not contain it', async () => {
    const path = join(dir, 'state', 'dev-master-key')
    const first = capturingLogger()
    const key = await loadMasterKey({ env: {}, devFallbackPath: path, logger: first.logger })
    const hex = Buffer.from(key).toString('hex')
    expect((await readFile(path, 'utf8')).trim()).toBe(hex)
    expect((await stat(path)).mode & 0o777).toBe(0o600)
    expect(first.output()).toMatch(/DEVELOPMENT MASTER KEY/)
    expect(first.output()).not.toContain(hex)

    const second = capturingLogger()
    expect(Buffer.from(await loadMasterKey({ env: {}, devFallbackPath: path, logger: second.logger })).toString('hex')).toBe(hex)
    expect(second.output()).toMatch(/DEVELOPMENT MASTER KEY/)
    expect(second.output()).not.toContain(hex)
  })

  it('never falls back to a development key in production', async () => {
    const { logger } = capturingLogger()
    await expect(loadMasterKey({ env: { NODE_ENV: 'production' }, devFallbackPath: join(dir, 'prod-dev-key'), logger })).rejects.toMatchObject({
      code: 'MASTER_KEY_MISSING',
    })
  })
})
