import { readFileSync } from 'node:fs'
import { verifyApprovalEvidence, type ApprovalEvidence, type ApprovalEvidenceResult } from '../custody/approvals/verify-approval-evidence.ts'

/**
 * `custos audit verify-approval <file>`: checks the passkey signature of a console vote
 * from a JSON file holding a custody audit entry (`transaction.approval.approved` or
 * `.rejected`, as `GET /v1/audit/entries/{seq}` or an export gives it), its `after.passkey`,
 * or one item of `GET /v1/transactions/{id}/approvals/passkeys`.
 */
export function verifyApprovalFile(file: string, opts: { origin?: string } = {}): ApprovalEvidenceResult {
  const json = JSON.parse(readFileSync(file, 'utf8')) as { after?: { passkey?: ApprovalEvidence } } & Partial<ApprovalEvidence>
  const evidence = json.after?.passkey ?? (json.statement ? (json as ApprovalEvidence) : undefined)
  if (!evidence) return { ok: false, reason: `${file} holds no passkey evidence (after.passkey of a console vote's audit entry)` }
  return verifyApprovalEvidence(evidence, opts.origin ? { origin: opts.origin, rpId: new URL(opts.origin).hostname } : undefined)
}
