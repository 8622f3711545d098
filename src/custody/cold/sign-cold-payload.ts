import { getAddress, keccak256, serializeTransaction, type Hex } from 'viem'
import { CustosError, ValidationError } from '../../shared/errors.ts'
import { signTransaction } from '../keys/sign-transaction.ts'
import type { Signer } from '../keys/signer.ts'
import { unsignedOf, type ColdPayload } from './cold-payload.ts'

/** What the offline signer hands back to custody. */
export interface ColdSignature {
  format: 'custos-cold-signature'
  version: 1
  transactionId: string
  from: string
  /** The signed raw transaction, ready for `POST /v1/transactions/:id/cold-signature`. */
  raw: Hex
  hash: Hex
}

/**
 * Checks a payload read from a file: its shape, and that its `signingHash` is the digest of
 * the transaction it carries (a hand-edited or truncated file is refused).
 *
 * @throws ValidationError `VALIDATION_FAILED`
 */
export function readColdPayload(value: unknown): ColdPayload {
  const p = value as ColdPayload
  if (typeof p !== 'object' || p === null || p.format !== 'custos-cold-payload' || p.version !== 1 || typeof p.transaction !== 'object' || p.transaction === null) {
    throw new ValidationError('not a custos cold payload (format custos-cold-payload, version 1)')
  }
  let digest: Hex
  try {
    digest = keccak256(serializeTransaction(unsignedOf(p.transaction)))
  } catch (err) {
    throw new ValidationError(`the payload's transaction is malformed: ${(err as Error).message.split('\n')[0]}`)
  }
  if (digest !== p.signingHash) throw new ValidationError('the payload was altered: its signingHash is not the digest of its transaction')
  return p
}

/**
 * Signs a cold payload with the vault's key from an offline keystore. Refuses a key whose
 * address is not the payload's `from`: the offline machine never signs for another vault.
 *
 * @throws CustosError `COLD_KEY_MISMATCH`
 * @example
 * const sig = await signColdPayload(readColdPayload(JSON.parse(text)), await keystore.signer(payload.keyRef))
 */
export async function signColdPayload(payload: ColdPayload, signer: Signer): Promise<ColdSignature> {
  if (getAddress(signer.address) !== getAddress(payload.from)) {
    throw new CustosError('COLD_KEY_MISMATCH', `the key at ${payload.keyRef} in this keystore is ${signer.address}, not the vault's ${payload.from}: wrong keystore`, { status: 400 })
  }
  const raw = await signTransaction(signer, unsignedOf(payload.transaction))
  return { format: 'custos-cold-signature', version: 1, transactionId: payload.transactionId, from: getAddress(payload.from), raw, hash: keccak256(raw) }
}
