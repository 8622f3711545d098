import { randomBytes } from 'node:crypto'
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { inspect } from 'node:util'
import { HDKey } from '@scure/bip32'
import { mnemonicToSeedSync } from '@scure/bip39'
import { bytesToHex, keccak256, toHex } from 'viem'
import { sign } from 'viem/accounts'
import { ANVIL_DEV_KEYS } from '../../chain/dev-accounts.ts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { keystoreKeyRef, openKeystoreBackend } from './keystore-backend.ts'

// The well-known development mnemonic: its first account is anvil's 0xf39F…2266.
const MNEMONIC = 'test test test test test test test test test test test junk'

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'custos-keystore-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

const freshPath = () => join(dir, `${randomBytes(4).toString('hex')}.json`)
const masterKey = () => new Uint8Array(randomBytes(32))

describe('keystore backend', () => {
  it('derives the standard BIP-44 Ethereum addresses from an imported mnemonic', async () => {
    const keys = await openKeystoreBackend({ path: freshPath(), masterKey: masterKey(), initialSeed: { mnemonic: MNEMONIC } })
    const first = await keys.createKey('treasury')
    const second = await keys.createKey('issuer-agent')
    expect(first).toEqual({ keyRef: "m/44'/60'/0'/0/0", address: '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266' })
    expect(second).toEqual({ keyRef: "m/44'/60'/0'/0/1", address: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8' })
    await keys.close()
  })

  it('signs exactly as the reference signer does: RFC 6979 nonce, low s, recovery id', async () => {
    const keys = await openKeystoreBackend({ path: freshPath(), masterKey: masterKey(), initialSeed: { mnemonic: MNEMONIC } })
    const signer = await keys.signer((await keys.createKey('treasury')).keyRef)
    // Index 0 of the mnemonic is anvil's first dev key; viem signs with it in the clear.
    for (let i = 0; i < 64; i++) {
      const digest = keccak256(toHex(`message ${i}`))
      const ours = await signer.signDigest(digest)
      const reference = await sign({ hash: digest, privateKey: ANVIL_DEV_KEYS[0]! })
      expect(ours).toEqual({ r: reference.r, s: reference.s, yParity: reference.yParity })
    }
    await keys.close()
  })

  it('writes a 0600 file that holds no seed, mnemonic, private key or master key in the clear', async () => {
    const path = freshPath()
    const mk = masterKey()
    const keys = await openKeystoreBackend({ path, masterKey: mk, initialSeed: { mnemonic: MNEMONIC } })
    await keys.createKey('treasury')
    await keys.close()

    const bytes = await readFile(path)
    const seed = Buffer.from(mnemonicToSeedSync(MNEMONIC))
    const privateKey = Buffer.from(HDKey.fromMasterSeed(seed).derive("m/44'/60'/0'/0/0").privateKey!)
    const secrets = [seed, privateKey, Buffer.from(mk)]
    for (const secret of secrets) {
      for (const encoding of ['hex', 'base64', 'base64url'] as const) {
        expect(bytes.includes(Buffer.from(secret.toString(encoding))), `${encoding} secret in file`).toBe(false)
      }
      expect(bytes.includes(secret.subarray(0, 16)), 'raw secret bytes in file').toBe(false)
    }
    expect(bytes.toString('utf8')).not.toMatch(/test test|junk/)
    expect(JSON.parse(bytes.toString('utf8'))).toMatchObject({ format: 'custos-keystore', version: 1, cipher: { name: 'aes-256-gcm' } })
    expect((await stat(path)).mode & 0o777).toBe(0o600)
  })

  it('refuses a wrong master key with KEYSTORE_DECRYPT_FAILED', async () => {
    const path = freshPath()
    await (await openKeystoreBackend({ path, masterKey: masterKey() })).close()
    const wrong = masterKey()
    const err = await openKeystoreBackend({ path, masterKey: wrong }).catch((e: unknown) => e)
    expect(err).toMatchObject({ code: 'KEYSTORE_DECRYPT_FAILED' })
    expect(inspect(err)).not.toContain(Buffer.from(wrong).toString('hex'))
  })

  it('keeps vault allocations across restarts and between processes sharing the file', async () => {
    const path = freshPath()
    const mk = masterKey()
    const a = await openKeystoreBackend({ path, masterKey: mk })
    const b = await openKeystoreBackend({ path, masterKey: mk })
    const created = await Promise.all([
      ...Array.from({ length: 5 }, (_, i) => a.createKey(`a-${i}`)),
      ...Array.from({ length: 5 }, (_, i) => b.createKey(`b-${i}`)),
    ])
    expect(new Set(created.map((k) => k.keyRef)).size).toBe(10)
    expect(new Set(created.map((k) => k.address)).size).toBe(10)
    // b can sign with a key a allocated.
    expect((await b.signer(created[0]!.keyRef)).address).toBe(created[0]!.address)
    await a.close()
    await b.close()

    const again = await openKeystoreBackend({ path, masterKey: mk })
    expect(await again.createKey('a-3')).toEqual(created[3])
    expect((await again.createKey('new-vault')).keyRef).toBe(keystoreKeyRef(10))
    await again.close()
  })

  it('refuses an initialSeed that differs from the seed already on disk', async () => {
    const path = freshPath()
    const mk = masterKey()
    await (await openKeystoreBackend({ path, masterKey: mk })).close()
    await expect(openKeystoreBackend({ path, masterKey: mk, initialSeed: { mnemonic: MNEMONIC } })).rejects.toMatchObject({ code: 'KEYSTORE_SEED_MISMATCH' })
  })

  it('exposes no key material through the backend or its signers', async () => {
    const keys = await openKeystoreBackend({ path: freshPath(), masterKey: masterKey(), initialSeed: { mnemonic: MNEMONIC } })
    const signer = await keys.signer((await keys.createKey('treasury')).keyRef)
    const privateKey = bytesToHex(HDKey.fromMasterSeed(mnemonicToSeedSync(MNEMONIC)).derive("m/44'/60'/0'/0/0").privateKey!).slice(2)
    for (const text of [inspect(keys, { depth: 10, showHidden: true }), inspect(signer, { depth: 10, showHidden: true }), JSON.stringify(signer), JSON.stringify(keys)]) {
      expect(text.toLowerCase()).not.toContain(privateKey)
      expect(text).not.toMatch(/xprv/)
    }
    await keys.close()
  })

  it('refuses keyRefs outside its derivation path', async () => {
    const keys = await openKeystoreBackend({ path: freshPath(), masterKey: masterKey() })
    for (const bad of ["m/44'/60'/0'/0/-1", "m/44'/60'/1'/0/0", 'm/0', "m/44'/60'/0'/0/2147483648", "m/44'/60'/0'/0/01"]) {
      await expect(keys.signer(bad)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' })
    }
    await keys.close()
  })
})
