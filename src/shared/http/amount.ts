import { Type } from 'typebox'

/** The largest value an EVM word (a transaction's value, a uint256 argument) holds. */
export const MAX_UINT256 = (1n << 256n) - 1n

/** True for a decimal string of an integer from 0 to 2^256 − 1 (what an EVM word holds). */
export function isUint256(text: string): boolean {
  return /^[0-9]{1,78}$/.test(text) && BigInt(text) <= MAX_UINT256
}

/**
 * An amount on the wire: a decimal string of base units that fits in a uint256. Validated by
 * the `uint256` format every service's HTTP server registers, so an amount that could never be
 * encoded is refused with 400 before anything is stored.
 *
 * @example
 * body: Type.Object({ quantity: Uint256('base units, decimal string') })
 */
export const Uint256 = (description = 'integer amount in base units, as a decimal string below 2^256') =>
  Type.String({ pattern: '^[0-9]{1,78}$', format: 'uint256', description })

/** Ajv formats our routes use besides ajv-formats': registered by `createHttpServer`. */
export const CUSTOS_FORMATS = {
  uint256: { type: 'string', validate: isUint256 },
  int8: { type: 'string', validate: (s: string) => /^-?[0-9]{1,19}$/.test(s) && BigInt(s) >= -(1n << 63n) && BigInt(s) < 1n << 63n },
} as const
