import { WebAuthnError } from './webauthn-error.ts'

/** A decoded CBOR value: maps keep their keys (numbers or strings) in a Map. */
export type CborValue = number | bigint | string | boolean | null | undefined | Uint8Array | CborValue[] | Map<CborValue, CborValue>

export interface Decoded {
  value: CborValue
  /** Bytes the value took, so a caller can find what follows it (authenticator data). */
  length: number
}

const MAX_DEPTH = 16
const MAX_ITEMS = 4096

/**
 * Decodes the first CBOR item of `bytes` (RFC 8949, definite lengths only, as
 * WebAuthn requires of attestation objects and COSE keys). Throws
 * `WEBAUTHN_MALFORMED` on anything it cannot read rather than guessing.
 */
export function decodeCbor(bytes: Uint8Array): Decoded {
  let pos = 0
  const fail = (why: string): never => {
    throw new WebAuthnError('WEBAUTHN_MALFORMED', `CBOR: ${why} at byte ${pos}`)
  }
  const take = (n: number): Uint8Array => {
    if (n < 0 || pos + n > bytes.length) fail('truncated')
    const out = bytes.subarray(pos, pos + n)
    pos += n
    return out
  }
  const argument = (info: number): number | bigint => {
    if (info < 24) return info
    const view = (n: number) => new DataView(bytes.buffer, bytes.byteOffset + pos, n)
    if (info === 24) return take(1)[0]!
    if (info === 25) {
      const v = view(2).getUint16(0)
      take(2)
      return v
    }
    if (info === 26) {
      if (pos + 4 > bytes.length) fail('truncated')
      const v = view(4).getUint32(0)
      take(4)
      return v
    }
    if (info === 27) {
      if (pos + 8 > bytes.length) fail('truncated')
      const v = view(8).getBigUint64(0)
      take(8)
      return v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v
    }
    return fail(`indefinite or reserved length ${info}`)
  }
  const count = (info: number): number => {
    const n = argument(info)
    if (typeof n === 'bigint' || n > MAX_ITEMS * 1024) fail('length too large')
    return n as number
  }
  const item = (depth: number): CborValue => {
    if (depth > MAX_DEPTH) fail('nested too deep')
    const head = take(1)[0]!
    const major = head >> 5
    const info = head & 0x1f
    switch (major) {
      case 0:
        return argument(info)
      case 1: {
        const n = argument(info)
        return typeof n === 'bigint' ? -1n - n : -1 - n
      }
      case 2:
        return take(count(info)).slice()
      case 3:
        return new TextDecoder('utf-8', { fatal: true }).decode(take(count(info)))
      case 4: {
        const n = count(info)
        if (n > MAX_ITEMS) fail('array too long')
        const out: CborValue[] = []
        for (let i = 0; i < n; i++) out.push(item(depth + 1))
        return out
      }
      case 5: {
        const n = count(info)
        if (n > MAX_ITEMS) fail('map too long')
        const out = new Map<CborValue, CborValue>()
        for (let i = 0; i < n; i++) {
          const k = item(depth + 1)
          if (out.has(k)) fail('duplicate map key')
          out.set(k, item(depth + 1))
        }
        return out
      }
      case 6:
        argument(info)
        return item(depth + 1)
      default:
        if (info === 20) return false
        if (info === 21) return true
        if (info === 22) return null
        if (info === 23) return undefined
        return fail(`unsupported simple value or float ${info}`)
    }
  }
  const value = item(0)
  return { value, length: pos }
}
