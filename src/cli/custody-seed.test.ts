import { describe, expect, it } from 'vitest'
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { openKeystoreBackend } from '../custody/keys/keystore-backend.ts'

const BIN = fileURLToPath(new URL('../../bin/custos.mjs', import.meta.url))
const MASTER = '12'.repeat(32)

describe('custos custody export-seed / restore-seed', () => {
  it('refuses without confirmation, and a restored backup gives the same vault addresses', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'custos-seed-'))
    try {
      const env = { ...process.env, CUSTOS_HOME: dir, CUSTODY_MASTER_KEY: MASTER, CUSTODY_BACKUP_PASSPHRASE: 'correct horse battery staple' }
      const original = join(dir, 'custody', 'keystore.json')
      const ks = await openKeystoreBackend({ path: original, masterKey: Buffer.from(MASTER, 'hex') })
      const before = [await ks.createKey('vault-1'), await ks.createKey('vault-2')]
      await ks.close()

      const refused = spawnSync(process.execPath, [BIN, 'custody', 'export-seed', '--out', join(dir, 'backup.json')], { env, encoding: 'utf8' })
      expect(refused.status).toBe(1)
      expect(refused.stderr).toContain('--i-understand-this-exports-the-seed')
      expect(existsSync(join(dir, 'backup.json'))).toBe(false)

      const ok = spawnSync(process.execPath, [BIN, 'custody', 'export-seed', '--out', join(dir, 'backup.json'), '--i-understand-this-exports-the-seed'], { env, encoding: 'utf8' })
      expect(ok.status, ok.stderr).toBe(0)
      const backup = readFileSync(join(dir, 'backup.json'), 'utf8')
      expect(backup).not.toContain(MASTER)

      const restoredPath = join(dir, 'restored.json')
      const restored = spawnSync(process.execPath, [BIN, 'custody', 'restore-seed', '--in', join(dir, 'backup.json'), '--keystore', restoredPath], { env, encoding: 'utf8' })
      expect(restored.status, restored.stderr).toBe(0)
      const again = await openKeystoreBackend({ path: restoredPath, masterKey: Buffer.from(MASTER, 'hex') })
      expect([await again.createKey('vault-1'), await again.createKey('vault-2')]).toEqual(before)
      await again.close()
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }, 60_000)
})
