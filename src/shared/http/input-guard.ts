import { CustosError } from '../errors.ts'

/** Deeper JSON than this is refused: no request of ours nests past a few levels. */
export const MAX_INPUT_DEPTH = 32

/** 400 INPUT_REFUSED: what no schema should have to say (a NUL byte, a number JSON cannot carry exactly, absurd nesting). */
export class InputRefusedError extends CustosError {
  override readonly name = 'InputRefusedError'
  constructor(where: string, why: string) {
    super('INPUT_REFUSED', `${where}: ${why}`, { status: 400, details: { field: where } })
  }
}

/**
 * Walks a parsed body, query or params and throws {@link InputRefusedError} on a string with a
 * NUL byte (PostgreSQL text cannot hold one; several C libraries end the string there), a number
 * that is not finite (`1e309` parses to Infinity) or an integer beyond 2^53 (it has already lost
 * digits: amounts and ids travel as strings), or nesting past {@link MAX_INPUT_DEPTH}.
 */
export function assertSaneInput(value: unknown, where: string, depth = 0): void {
  if (depth > MAX_INPUT_DEPTH) throw new InputRefusedError(where, `nested deeper than ${MAX_INPUT_DEPTH} levels`)
  if (typeof value === 'string') {
    if (value.includes('\u0000')) throw new InputRefusedError(where, 'contains a NUL character')
  } else if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new InputRefusedError(where, 'is not a finite number')
    if (Number.isInteger(value) && !Number.isSafeInteger(value)) throw new InputRefusedError(where, 'is an integer too large to carry exactly; send it as a string')
  } else if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) assertSaneInput(value[i], `${where}[${i}]`, depth + 1)
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k.includes('\u0000')) throw new InputRefusedError(where, 'has a key with a NUL character')
      assertSaneInput(v, `${where}.${k}`, depth + 1)
    }
  }
}
