import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { DEV_ROLES, ensureDevCredentials } from './development-api-keys.ts'

describe('development credentials', () => {
  const dirs: string[] = []
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })))

  it('adds a scope a later version gives a role to the existing key, keeping its id and secret', () => {
    const dir = mkdtempSync(join(tmpdir(), 'custos-devcreds-'))
    dirs.push(dir)
    const file = join(dir, 'dev-credentials.json')
    const first = ensureDevCredentials(file).credentials
    const platform = first.custody.find((c) => c.role === 'platform')!
    // As an earlier version wrote it: without the whitelist-request scope.
    writeFileSync(file, JSON.stringify({ ...first, custody: first.custody.map((c) => (c.role === 'platform' ? { ...c, scopes: ['read', 'transact', 'vaults', 'webhooks'] } : c)) }))
    const { credentials, created } = ensureDevCredentials(file)
    expect(created).toBe(true)
    const upgraded = credentials.custody.find((c) => c.role === 'platform')!
    expect(upgraded).toMatchObject({ keyId: platform.keyId, secret: platform.secret })
    expect(upgraded.scopes).toEqual([...DEV_ROLES.custody.platform])
    expect(JSON.parse(readFileSync(file, 'utf8')).custody.find((c: { role: string }) => c.role === 'platform').scopes).toContain('whitelist-request')
    expect(ensureDevCredentials(file).created).toBe(false)
  })
})
