import { CustosError } from '../../shared/errors.ts'

/** DER encoding of the secp256k1 OID 1.3.132.0.10, as CKA_EC_PARAMS wants it. */
export const SECP256K1_EC_PARAMS = Buffer.from('06052b8104000a', 'hex')

/** Trims the blank/NUL padding PKCS#11 puts on fixed-width labels. */
export function trimPkcs11Label(label: string): string {
  return label.replace(/[\s\0]+$/u, '')
}

/** Unwraps CKA_EC_POINT (a DER OCTET STRING around the point; some HSMs give the bare point). */
export function parseEcPoint(value: Buffer): Uint8Array {
  if (value.length === 65 && value[0] === 0x04) return new Uint8Array(value)
  if (value[0] === 0x04) {
    let len = value[1] ?? 0
    let offset = 2
    if (len === 0x81) {
      len = value[2] ?? 0
      offset = 3
    }
    const point = value.subarray(offset, offset + len)
    if (point.length === 65 && len === 65 && point[0] === 0x04 && offset + len === value.length) return new Uint8Array(point)
  }
  throw new CustosError('PKCS11_KEY_UNSUPPORTED', 'the public key is not an uncompressed secp256k1 point', { status: 500 })
}
