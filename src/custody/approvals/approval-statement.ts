import { createHash } from 'node:crypto'
import { canonicalJson } from '../../audit/hashing.ts'

/**
 * What an approver's passkey signs: this statement's SHA-256 is the WebAuthn challenge.
 * It names the service, the transaction, the decision and the digest of the view the
 * approver was shown, so an assertion made for one transaction (or one decision) is
 * worth nothing for another.
 */
export interface ApprovalStatement {
  v: 1
  purpose: 'custos.custody.transaction-approval'
  transactionId: string
  decision: 'APPROVE' | 'REJECT'
  /** approvalDigest(view) */
  viewDigest: string
}

export function approvalStatement(transactionId: string, decision: 'APPROVE' | 'REJECT', viewDigest: string): ApprovalStatement {
  return { v: 1, purpose: 'custos.custody.transaction-approval', transactionId, decision, viewDigest }
}

/**
 * The WebAuthn challenge of a statement: SHA-256 of its canonical JSON. An auditor
 * recomputes it and compares it with the `challenge` in the stored clientDataJSON.
 */
export function approvalChallenge(s: ApprovalStatement): Uint8Array {
  return new Uint8Array(createHash('sha256').update(canonicalJson(s)).digest())
}
