import { randomBytes } from 'node:crypto'
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { mnemonicToSeedSync } from '@scure/bip39'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { exportSeedBackup, openKeystoreBackend, type ExportSeedBackupOptions, type KeystoreBackend } from './keystore-backend.ts'
import { restoreSeedBackup } from './seed-backup.ts'

const PASSPHRASE = 'correct horse battery staple'
const MNEMONIC = 'test test test test test test test test test test test junk'

describe('seed backup', () => {
  let dir: string
  let keys: KeystoreBackend
  let created: { keyRef: string; address: `0x${string}` }[]

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'custos-backup-'))
    keys = await openKeystoreBackend({ path: join(dir, 'keystore.json'), masterKey: new Uint8Array(randomBytes(32)), initialSeed: { mnemonic: MNEMONIC } })
    created = [await keys.createKey('treasury'), await keys.createKey('investor-1'), await keys.createKey('investor-2')]
  })
  afterAll(async () => {
    await keys?.close()
    await rm(dir, { recursive: true, force: true })
  })

  it('refuses to export unless confirm is exactly true', async () => {
    for (const confirm of [undefined, false, 'true', 1]) {
      const opts = { passphrase: PASSPHRASE, confirm } as unknown as ExportSeedBackupOptions
      await expect(exportSeedBackup(keys, opts)).rejects.toMatchObject({ code: 'CONFIRMATION_REQUIRED' })
    }
  })

  it('refuses a short passphrase', async () => {
    await expect(exportSeedBackup(keys, { passphrase: 'short', confirm: true })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' })
  })

  it('restores, under a new master key, a keystore with the same addresses and allocations', async () => {
    const backupPath = join(dir, 'backup.json')
    const backup = await exportSeedBackup(keys, { passphrase: PASSPHRASE, confirm: true, path: backupPath })
    expect(backup).toMatchObject({ format: 'custos-seed-backup', kdf: { name: 'scrypt' }, cipher: { name: 'aes-256-gcm' } })

    const text = await readFile(backupPath, 'utf8')
    expect((await stat(backupPath)).mode & 0o777).toBe(0o600)
    const seed = Buffer.from(mnemonicToSeedSync(MNEMONIC))
    for (const enc of ['hex', 'base64'] as const) expect(text).not.toContain(seed.toString(enc))
    expect(text).not.toContain('junk')

    const newMasterKey = new Uint8Array(randomBytes(32))
    const target = join(dir, 'restored', 'keystore.json')
    expect(await restoreSeedBackup(text, PASSPHRASE, newMasterKey, target)).toEqual({ vaults: 3, nextIndex: 3 })

    const restored = await openKeystoreBackend({ path: target, masterKey: newMasterKey })
    for (const k of created) expect((await restored.signer(k.keyRef)).address).toBe(k.address)
    expect(await restored.createKey('investor-1')).toEqual(created[1])
    expect((await restored.createKey('investor-3')).keyRef).toBe("m/44'/60'/0'/0/3")
    await restored.close()
  })

  it('refuses a wrong passphrase and will not overwrite an existing keystore', async () => {
    const backup = await exportSeedBackup(keys, { passphrase: PASSPHRASE, confirm: true })
    const mk = new Uint8Array(randomBytes(32))
    await expect(restoreSeedBackup(backup, 'wrong passphrase!!', mk, join(dir, 'other.json'))).rejects.toMatchObject({ code: 'BACKUP_DECRYPT_FAILED' })
    await expect(restoreSeedBackup(backup, PASSPHRASE, mk, join(dir, 'keystore.json'))).rejects.toMatchObject({ code: 'KEYSTORE_EXISTS' })
  })
})
