import type { CustodyContext } from '../context.ts'
import { approvalDigest, buildApprovalView } from './approval-view.ts'

/**
 * Transactions waiting for approval, oldest first (the queue order), each with the view an
 * approver must see and its digest.
 */
export async function listPendingApprovals(ctx: CustodyContext, q: { limit?: number }) {
  const rows = await ctx.db
    .selectFrom('tx_authorizations')
    .innerJoin('transactions', 'transactions.id', 'tx_authorizations.transaction_id')
    .select(['transactions.id', 'transactions.status', 'tx_authorizations.status as authorization'])
    .where('tx_authorizations.status', '=', 'PENDING')
    .where('transactions.status', '=', 'PENDING_AUTHORIZATION')
    .orderBy('tx_authorizations.decided_at')
    .limit(Math.min(Math.max(q.limit ?? 50, 1), 100))
    .execute()
  const out = []
  for (const r of rows) {
    const { view } = await buildApprovalView(ctx, r.id)
    out.push({ id: r.id, status: r.status, authorization: r.authorization, view, viewDigest: approvalDigest(view) })
  }
  return out
}

/** The passkey evidence kept with the console votes on a transaction. */
export async function listApprovalEvidence(ctx: CustodyContext, id: string) {
  const rows = await ctx.db.selectFrom('tx_approval_passkeys').selectAll().where('transaction_id', '=', id).orderBy('created_at').execute()
  const json = (v: unknown) => (typeof v === 'string' ? JSON.parse(v) : v)
  return rows.map((r) => ({
    transactionId: r.transaction_id,
    by: r.key_id,
    decision: r.decision,
    statement: json(r.statement),
    view: json(r.view),
    viewDigest: r.view_digest,
    credentialId: r.credential_id,
    publicKey: r.public_key,
    clientDataJSON: r.client_data_json,
    authenticatorData: r.authenticator_data,
    signature: r.signature,
    sessionId: r.session_id,
    at: r.created_at.toISOString(),
  }))
}
