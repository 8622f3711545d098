import { ValidationError } from '../../../shared/errors.ts'

/** A quantity of token base units from the wire (a positive decimal string), as a bigint; 400 otherwise. */
export function parseQuantity(q: string): bigint {
  if (!/^[0-9]{1,78}$/.test(q)) throw new ValidationError('quantity must be a positive integer of base units, as a string', { field: 'quantity' })
  const n = BigInt(q)
  if (n <= 0n) throw new ValidationError('quantity must be positive', { field: 'quantity' })
  return n
}
