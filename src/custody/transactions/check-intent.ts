import { Type, type Static } from 'typebox'
import { getAddress, isAddressEqual, type Address } from 'viem'
import { CustosError } from '../../shared/errors.ts'
import type { DecodedCall } from './decode-call.ts'
import { Uint256 } from '../../shared/http/amount.ts'

const AddressString = Type.String({ pattern: '^0x[0-9a-fA-F]{40}$' })
const AmountString = Uint256('base units, decimal')

/** What the caller says a transaction does; custody checks it against the calldata. */
export const Intent = Type.Union([
  Type.Object({ type: Type.Literal('native.transfer'), to: AddressString, amount: AmountString }, { additionalProperties: false }),
  Type.Object({ type: Type.Literal('erc20.transfer'), token: AddressString, to: AddressString, amount: AmountString }, { additionalProperties: false }),
  Type.Object({ type: Type.Literal('token.mint'), token: AddressString, to: AddressString, amount: AmountString }, { additionalProperties: false }),
  Type.Object({ type: Type.Literal('token.burn'), token: AddressString, from: AddressString, amount: AmountString }, { additionalProperties: false }),
  Type.Object({ type: Type.Literal('contract.call'), contract: AddressString, method: Type.Optional(Type.String({ pattern: '^0x[0-9a-fA-F]{8}$' })) }, { additionalProperties: false }),
])
export type Intent = Static<typeof Intent>

export class IntentMismatchError extends CustosError {
  override readonly name = 'IntentMismatchError'
  constructor(message: string, details: Record<string, unknown>) {
    super('INTENT_MISMATCH', message, { status: 422, details })
  }
}

const same = (a: string, b: Address) => isAddressEqual(getAddress(a), b)

/**
 * Refuses a transaction whose calldata does something other than what its
 * intent says: a client cannot get a token transfer signed under the name of
 * something else.
 */
export function checkIntent(intent: Intent, to: Address, decoded: DecodedCall): void {
  const mismatch = (what: string) => {
    throw new IntentMismatchError(`intent ${intent.type} does not match the calldata: ${what}`, { intent, decoded: { ...decoded, amount: decoded.amount.toString() } })
  }
  switch (intent.type) {
    case 'native.transfer':
      if (decoded.operation !== 'NATIVE_TRANSFER') mismatch(`calldata is a ${decoded.operation}`)
      if (!same(intent.to, decoded.destination)) mismatch('recipient differs')
      if (BigInt(intent.amount) !== decoded.amount) mismatch('amount differs')
      return
    case 'erc20.transfer':
      if (decoded.operation !== 'TOKEN_TRANSFER') mismatch(`calldata is a ${decoded.operation}`)
      if (!same(intent.token, to)) mismatch('token differs')
      if (!same(intent.to, decoded.destination)) mismatch('recipient differs')
      if (BigInt(intent.amount) !== decoded.amount) mismatch('amount differs')
      return
    case 'token.mint':
      if (decoded.operation !== 'TOKEN_MINT') mismatch(`calldata is a ${decoded.operation}`)
      if (!same(intent.token, to)) mismatch('token differs')
      if (!same(intent.to, decoded.destination)) mismatch('recipient differs')
      if (BigInt(intent.amount) !== decoded.amount) mismatch('amount differs')
      return
    case 'token.burn':
      if (decoded.operation !== 'TOKEN_BURN') mismatch(`calldata is a ${decoded.operation}`)
      if (!same(intent.token, to)) mismatch('token differs')
      if (!same(intent.from, decoded.destination)) mismatch('holder differs')
      if (BigInt(intent.amount) !== decoded.amount) mismatch('amount differs')
      return
    case 'contract.call':
      if (!same(intent.contract, to)) mismatch('contract differs')
      if (intent.method && intent.method.toLowerCase() !== decoded.methodSelector) mismatch('method differs')
      return
  }
}
