import type { Kysely } from 'kysely'
import type { ConsoleContext } from '../../shared/console/console-context.ts'
import type { ConsoleTables } from '../../shared/console/console-migration.ts'
import { verifyPasskeyAssertion } from '../../shared/console/passkeys.ts'
import { ForbiddenError } from '../../shared/errors.ts'
import type { AssertionResponse } from '../../shared/webauthn/verify-assertion.ts'
import { WebAuthnError } from '../../shared/webauthn/webauthn-error.ts'
import type { CustodyContext } from '../context.ts'
import { approvalChallenge, approvalStatement, type ApprovalStatement } from './approval-statement.ts'
import { approvalDigest, buildApprovalView, type ApprovalView } from './approval-view.ts'
import { voteOnTransaction, type ApprovalStateView } from './approve-transaction.ts'

/** What the console shows before a vote and what the passkey must sign for each decision. */
export interface ApprovalRequest {
  view: ApprovalView
  viewDigest: string
  status: string
  authorization: string
  statements: Record<'APPROVE' | 'REJECT', { statement: ApprovalStatement; challenge: string }>
}

/** The approval view of a transaction with, for each decision, the statement and the WebAuthn challenge derived from it. */
export async function getApprovalRequest(ctx: CustodyContext, id: string): Promise<ApprovalRequest> {
  const { view, status, authorization } = await buildApprovalView(ctx, id)
  const viewDigest = approvalDigest(view)
  const one = (decision: 'APPROVE' | 'REJECT') => {
    const statement = approvalStatement(id, decision, viewDigest)
    return { statement, challenge: Buffer.from(approvalChallenge(statement)).toString('base64url') }
  }
  return { view, viewDigest, status, authorization, statements: { APPROVE: one('APPROVE'), REJECT: one('REJECT') } }
}

export interface PasskeyVote {
  /** The principal signed in (its key id stands for it in four-eyes counting). */
  keyId: string
  groups: readonly string[]
  principalId: string
  sessionId: string | null
  actor: string
  decision: 'APPROVE' | 'REJECT'
  comment?: string
  assertion: AssertionResponse
  correlationId?: string
}

/**
 * A console vote: rebuilds the view of the transaction as it is now, derives the
 * challenge of the statement (transaction, decision, view digest), verifies that the
 * signed-in principal's own passkey signed exactly that, then casts the vote with the
 * assertion kept beside it and in the audit entry. Four-eyes rules are those of every vote.
 *
 * @throws ForbiddenError `APPROVAL_ASSERTION_MISMATCH` when the passkey signed something
 *   else (another transaction, the other decision, or a view that has changed since);
 *   WebAuthnError for a passkey that is not the principal's or a signature that fails.
 */
export async function voteWithPasskey(ctx: CustodyContext, consoleCtx: ConsoleContext, id: string, v: PasskeyVote): Promise<ApprovalStateView> {
  const { view } = await buildApprovalView(ctx, id)
  const viewDigest = approvalDigest(view)
  const statement = approvalStatement(id, v.decision, viewDigest)
  const challenge = approvalChallenge(statement)
  let verified
  try {
    verified = await (ctx.db as unknown as Kysely<ConsoleTables>).transaction().execute((tx) => verifyPasskeyAssertion(tx, consoleCtx, { assertion: v.assertion, challenge, principalId: v.principalId }))
  } catch (err) {
    if (err instanceof WebAuthnError && err.code === 'WEBAUTHN_CHALLENGE') {
      throw new ForbiddenError(
        'APPROVAL_ASSERTION_MISMATCH',
        `the passkey signature is not for ${v.decision === 'APPROVE' ? 'approving' : 'rejecting'} transaction ${id} as it stands now (it was made for another transaction or decision, or the transaction's view changed since): review it and sign again`,
        { transactionId: id, decision: v.decision, viewDigest },
      )
    }
    throw err
  }
  return voteOnTransaction(ctx, id, {
    keyId: v.keyId,
    groups: v.groups,
    decision: v.decision,
    comment: v.comment,
    correlationId: v.correlationId,
    actor: v.actor,
    passkey: {
      statement,
      view: { ...view },
      viewDigest,
      ...verified.verified.evidence,
      publicKey: verified.passkey.publicKey,
      sessionId: v.sessionId,
    },
  })
}
