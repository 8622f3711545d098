import { inspect } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openPkcs11Backend, type Pkcs11Backend } from './pkcs11-backend.ts'
import { pkcs11OptionsFromEnv } from './pkcs11-config.ts'
import { trimPkcs11Label } from './pkcs11-ec-key.ts'
import { acquirePkcs11Module, ckrName, pkcs11js } from './pkcs11-module.ts'
import { createTestSoftHsmToken, findSoftHsmLibrary, type TestSoftHsmToken } from './test-softhsm.ts'

const skip = !findSoftHsmLibrary() && !process.env.CI
if (skip) console.warn('[custody/keys] SoftHSM2 is not installed: the pkcs11 backend tests are SKIPPED. Run .ci/setup-softhsm2.sh to include them.')

describe.skipIf(skip)('pkcs11 backend on SoftHSM2', () => {
  let token: TestSoftHsmToken
  let backend: Pkcs11Backend

  beforeAll(async () => {
    if (!findSoftHsmLibrary()) throw new Error('SoftHSM2 is not installed but CI is set: run .ci/setup-softhsm2.sh before the tests')
    token = await createTestSoftHsmToken()
    backend = await openPkcs11Backend({ libraryPath: token.libraryPath, tokenLabel: token.tokenLabel, pin: token.pin })
  })
  afterAll(async () => {
    await backend?.close()
    await token?.dispose()
  })

  it('generates private keys the HSM marks sensitive and never extractable', async () => {
    const { keyRef, address } = await backend.createKey('investor-1')
    expect(keyRef).toBe('custos:investor-1')
    const d = await backend.describeKey(keyRef)
    expect(d).toMatchObject({ label: keyRef, address, sensitive: true, extractable: false, alwaysSensitive: true, neverExtractable: true })
  })

  it('refuses to reveal CKA_VALUE of a private key to anyone logged in', async () => {
    const { keyRef } = await backend.createKey('investor-2')
    const lease = acquirePkcs11Module(token.libraryPath)
    const { pkcs11 } = lease
    const slot = pkcs11.C_GetSlotList(true).find((s) => trimPkcs11Label(pkcs11.C_GetTokenInfo(s).label) === token.tokenLabel)!
    const session = pkcs11.C_OpenSession(slot, pkcs11js.CKF_SERIAL_SESSION)
    try {
      try {
        pkcs11.C_Login(session, pkcs11js.CKU_USER, token.pin)
      } catch (err) {
        expect(ckrName(err)).toBe('CKR_USER_ALREADY_LOGGED_IN')
      }
      pkcs11.C_FindObjectsInit(session, [
        { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_PRIVATE_KEY },
        { type: pkcs11js.CKA_LABEL, value: keyRef },
      ])
      const [key] = pkcs11.C_FindObjects(session, 2)
      pkcs11.C_FindObjectsFinal(session)
      expect(key).toBeDefined()
      const [extractable] = pkcs11.C_GetAttributeValue(session, key!, [{ type: pkcs11js.CKA_EXTRACTABLE }])
      expect(extractable!.value[0]).toBe(0)
      let readError: unknown
      try {
        pkcs11.C_GetAttributeValue(session, key!, [{ type: pkcs11js.CKA_VALUE }])
      } catch (err) {
        readError = err
      }
      expect(ckrName(readError)).toBe('CKR_ATTRIBUTE_SENSITIVE')
    } finally {
      pkcs11.C_CloseSession(session)
      lease.release()
    }
  })

  it('refuses a wrong PIN without echoing it', async () => {
    const wrongPin = 'not-the-pin-4711'
    const err = await openPkcs11Backend({ libraryPath: token.libraryPath, tokenLabel: token.tokenLabel, pin: wrongPin }).catch((e: unknown) => e)
    expect(err).toMatchObject({ code: 'PKCS11_LOGIN_FAILED' })
    expect(inspect(err, { depth: 10 })).not.toContain(wrongPin)
    // The good backend still signs afterwards.
    const { keyRef } = await backend.createKey('investor-1')
    await expect((await backend.signer(keyRef)).signDigest(`0x${'11'.repeat(32)}`)).resolves.toHaveProperty('r')
  })

  it('finds tokens by label and names the ones it saw when the label is wrong', async () => {
    const err = await openPkcs11Backend({ libraryPath: token.libraryPath, tokenLabel: 'no-such-token', pin: token.pin }).catch((e: unknown) => e)
    expect(err).toMatchObject({ code: 'PKCS11_TOKEN_NOT_FOUND', details: { available: expect.arrayContaining([token.tokenLabel]) } })
  })

  it('does not show the PIN when the backend or a signer is logged or inspected', async () => {
    const signer = await backend.signer((await backend.createKey('investor-1')).keyRef)
    for (const text of [inspect(backend, { depth: 10, showHidden: true }), inspect(signer, { depth: 10, showHidden: true }), JSON.stringify(signer)]) {
      expect(text).not.toContain(token.pin)
    }
  })

  it('reads its configuration from the environment, naming a missing variable but never the PIN', () => {
    const env = { CUSTODY_PKCS11_LIBRARY: token.libraryPath, CUSTODY_PKCS11_TOKEN_LABEL: token.tokenLabel, CUSTODY_PKCS11_PIN: token.pin }
    expect(pkcs11OptionsFromEnv(env)).toEqual({ libraryPath: token.libraryPath, tokenLabel: token.tokenLabel, pin: token.pin, keyLabelPrefix: 'custos:' })
    expect(() => pkcs11OptionsFromEnv({ ...env, CUSTODY_PKCS11_TOKEN_LABEL: undefined })).toThrow(/CUSTODY_PKCS11_TOKEN_LABEL/)
    expect(() => pkcs11OptionsFromEnv({ ...env, CUSTODY_PKCS11_PIN: undefined })).toThrow(/CUSTODY_PKCS11_PIN/)
  })
})
