import { createHash } from 'node:crypto'
import { canonicalJson } from '../../audit/hashing.ts'
import { verifyAssertion } from '../../shared/webauthn/verify-assertion.ts'
import { approvalChallenge, type ApprovalStatement } from './approval-statement.ts'

/** The passkey evidence of a console vote, as the audit entry `transaction.approval.*` holds it in `after.passkey`. */
export interface ApprovalEvidence {
  statement: ApprovalStatement
  view: Record<string, unknown>
  viewDigest: string
  credentialId: string
  /** COSE public key, base64url (also in the `console.passkey_enrolled` audit entry of the credential). */
  publicKey: string
  clientDataJSON: string
  authenticatorData: string
  signature: string
}

export type ApprovalEvidenceResult = { ok: true; transactionId: string; decision: string; viewDigest: string } | { ok: false; reason: string }

/**
 * What an auditor checks of a passkey-signed approval, offline: the view hashes to the
 * digest the statement names; the statement is about the transaction the view shows;
 * SHA-256 of the statement's canonical JSON is the challenge in clientDataJSON; and the
 * passkey's public key verifies the signature over authenticatorData ‖ SHA-256(clientDataJSON)
 * for the console's origin and relying party. With `rp` omitted, the origin is taken from
 * clientDataJSON and the relying party from its host name.
 */
export function verifyApprovalEvidence(e: ApprovalEvidence, rp?: { origin: string; rpId: string }): ApprovalEvidenceResult {
  try {
    const digest = createHash('sha256').update(canonicalJson(e.view)).digest('hex')
    if (digest !== e.viewDigest || e.statement.viewDigest !== digest) return { ok: false, reason: 'the view does not hash to the digest the statement names' }
    const shown = (e.view.transaction as { id?: string } | undefined)?.id
    if (e.statement.purpose !== 'custos.custody.transaction-approval' || e.statement.transactionId !== shown) return { ok: false, reason: 'the statement is not about the transaction the view shows' }
    const origin = rp?.origin ?? (JSON.parse(Buffer.from(e.clientDataJSON, 'base64url').toString('utf8')) as { origin: string }).origin
    verifyAssertion({
      assertion: { rawId: e.credentialId, response: { clientDataJSON: e.clientDataJSON, authenticatorData: e.authenticatorData, signature: e.signature } },
      credential: { credentialId: e.credentialId, publicKey: new Uint8Array(Buffer.from(e.publicKey, 'base64url')), signCount: 0 },
      challenge: approvalChallenge(e.statement),
      origins: [origin],
      rpId: rp?.rpId ?? new URL(origin).hostname,
    })
    return { ok: true, transactionId: e.statement.transactionId, decision: e.statement.decision, viewDigest: digest }
  } catch (err) {
    return { ok: false, reason: err instanceof Error ? err.message : String(err) }
  }
}
