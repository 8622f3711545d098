import { randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { bytesToHex, parseGwei, recoverAddress, recoverMessageAddress, recoverTransactionAddress, type Hex } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openKeystoreBackend } from './keystore-backend.ts'
import { openPkcs11Backend } from './pkcs11-backend.ts'
import { isLowS } from './recoverable-signature.ts'
import { claimPayloadHash, signClaim, signPersonalMessageDigest } from './sign-claim.ts'
import { signTransaction } from './sign-transaction.ts'
import type { KeyBackend } from './signer.ts'
import { createTestSoftHsmToken, findSoftHsmLibrary } from './test-softhsm.ts'

interface Harness {
  open(): Promise<KeyBackend>
  dispose(): Promise<void>
}

async function keystoreHarness(): Promise<Harness> {
  const dir = await mkdtemp(join(tmpdir(), 'custos-keystore-'))
  const masterKey = new Uint8Array(randomBytes(32))
  return {
    open: () => openKeystoreBackend({ path: join(dir, 'keystore.json'), masterKey }),
    dispose: () => rm(dir, { recursive: true, force: true }),
  }
}

async function pkcs11Harness(): Promise<Harness> {
  if (!findSoftHsmLibrary()) throw new Error('SoftHSM2 is not installed but CI is set: run .ci/setup-softhsm2.sh before the tests')
  const token = await createTestSoftHsmToken()
  return {
    open: () => openPkcs11Backend({ libraryPath: token.libraryPath, tokenLabel: token.tokenLabel, pin: token.pin }),
    dispose: () => token.dispose(),
  }
}

const softHsmMissing = !findSoftHsmLibrary() && !process.env.CI
if (softHsmMissing) {
  console.warn('[custody/keys] SoftHSM2 is not installed: the pkcs11 signer suite is SKIPPED. Run .ci/setup-softhsm2.sh to include it.')
}

const backends = [
  { kind: 'keystore', harness: keystoreHarness, skip: false },
  { kind: 'pkcs11', harness: pkcs11Harness, skip: softHsmMissing },
] as const

describe.each(backends)('$kind signer', ({ harness, skip }) => {
  let h: Harness
  let backend: KeyBackend

  beforeAll(async () => {
    if (skip) return
    h = await harness()
    backend = await h.open()
  })
  afterAll(async () => {
    await backend?.close()
    await h?.dispose()
  })

  it.skipIf(skip)('gives each vault its own key, and the same key when asked again', async () => {
    const a = await backend.createKey('vault-a')
    const b = await backend.createKey('vault-b')
    expect(a.address).toMatch(/^0x[0-9a-fA-F]{40}$/)
    expect(a.address).not.toBe(b.address)
    expect(a.keyRef).not.toBe(b.keyRef)
    expect(await backend.createKey('vault-a')).toEqual(a)
    expect((await backend.signer(b.keyRef)).address).toBe(b.address)
  })

  it.skipIf(skip)('signs an EIP-1559 transaction that recovers to the vault address', async () => {
    const { keyRef, address } = await backend.createKey('vault-tx')
    const signer = await backend.signer(keyRef)
    const raw = await signTransaction(signer, {
      type: 'eip1559',
      chainId: 31337,
      nonce: 7,
      to: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8',
      value: 10n ** 18n,
      gas: 21_000n,
      maxFeePerGas: parseGwei('30'),
      maxPriorityFeePerGas: parseGwei('1'),
    })
    expect(await recoverTransactionAddress({ serializedTransaction: raw })).toBe(address)
  })

  it.skipIf(skip)('signs a legacy EIP-155 transaction that recovers to the vault address', async () => {
    const { keyRef, address } = await backend.createKey('vault-tx')
    const raw = await signTransaction(await backend.signer(keyRef), {
      type: 'legacy',
      chainId: 31337,
      nonce: 0,
      to: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8',
      value: 1n,
      gas: 21_000n,
      gasPrice: parseGwei('2'),
    })
    expect(await recoverTransactionAddress({ serializedTransaction: raw })).toBe(address)
  })

  it.skipIf(skip)('signs an ONCHAINID claim that recovers as a personal message over the payload hash', async () => {
    const { keyRef, address } = await backend.createKey('claim-issuer')
    const signer = await backend.signer(keyRef)
    const claim = { identity: '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC' as Hex, topic: 1n, data: '0x6b79632d6f6b' as Hex }
    const signature = await signClaim(signer, claim)
    expect(signature).toMatch(/^0x[0-9a-f]{130}$/)
    expect(await recoverMessageAddress({ message: { raw: claimPayloadHash(claim) }, signature })).toBe(address)

    const payloadHash = bytesToHex(randomBytes(32))
    const sig2 = await signPersonalMessageDigest(signer, payloadHash)
    expect(await recoverMessageAddress({ message: { raw: payloadHash }, signature: sig2 })).toBe(address)
  })

  it.skipIf(skip)('produces valid low-s signatures for 50 random digests', async () => {
    const { keyRef, address } = await backend.createKey('vault-digests')
    const signer = await backend.signer(keyRef)
    for (let i = 0; i < 50; i++) {
      const hash = bytesToHex(randomBytes(32))
      const sig = await signer.signDigest(hash)
      expect(isLowS(sig.s), `high s for digest ${hash}`).toBe(true)
      expect([0, 1]).toContain(sig.yParity)
      expect(await recoverAddress({ hash, signature: sig })).toBe(address)
    }
  })

  it.skipIf(skip)('signs concurrent requests correctly', async () => {
    const keys = await Promise.all([backend.createKey('vault-c1'), backend.createKey('vault-c2')])
    const signers = await Promise.all(keys.map((k) => backend.signer(k.keyRef)))
    const jobs = Array.from({ length: 20 }, (_, i) => {
      const hash = bytesToHex(randomBytes(32))
      const signer = signers[i % 2]!
      return signer.signDigest(hash).then(async (sig) => expect(await recoverAddress({ hash, signature: sig })).toBe(signer.address))
    })
    await Promise.all(jobs)
  })

  it.skipIf(skip)('refuses a digest that is not 32 bytes and a key it never created', async () => {
    const signer = await backend.signer((await backend.createKey('vault-a')).keyRef)
    await expect(signer.signDigest('0x1234')).rejects.toMatchObject({ code: 'VALIDATION_FAILED' })
    const unknown = backend.kind === 'keystore' ? "m/44'/60'/0'/0/999" : 'custos:never-created'
    await expect(backend.signer(unknown)).rejects.toMatchObject({ code: 'KEY_NOT_FOUND' })
  })

  it.skipIf(skip)('keeps keys across a restart, and refuses to sign once closed', async () => {
    const { keyRef, address } = await backend.createKey('vault-a')
    const second = await h.open()
    const signer = await second.signer(keyRef)
    expect(signer.address).toBe(address)
    await second.close()
    await expect(signer.signDigest(bytesToHex(randomBytes(32)))).rejects.toMatchObject({ code: 'KEY_BACKEND_CLOSED' })
    // The first backend is untouched by the second one closing.
    const hash = bytesToHex(randomBytes(32))
    expect(await recoverAddress({ hash, signature: await (await backend.signer(keyRef)).signDigest(hash) })).toBe(address)
  })
})
