import type { Kysely, Selectable } from 'kysely'
import type { CustodyContext } from '../context.ts'
import type { CustodyDB, TxAuthorizationsTable } from '../db/schema.ts'
import { recordChange } from '../events.ts'
import { policySubject } from '../governance/policy-request-of.ts'
import { loadedPolicyRuntime } from '../governance/policy-runtime.ts'
import { serializeVote, type VoteRow } from '../governance/serialize.ts'
import { ConflictError, ForbiddenError, NotFoundError } from '../../shared/errors.ts'
import { StaleTransitionError, transition } from '../transactions/transition.ts'
import type { TransactionRow } from '../transactions/serialize.ts'
import { principalOf } from '../../shared/auth/principals.ts'
import type { ApprovalEvidence } from './verify-approval-evidence.ts'
import { actorOfKey } from '../../shared/auth/actor-of-key.ts'

type AuthorizationRow = Selectable<TxAuthorizationsTable>

export interface TransactionVote {
  keyId: string
  /** The voter key's approval groups. */
  groups: readonly string[]
  decision: 'APPROVE' | 'REJECT'
  comment?: string
  correlationId?: string
  /** Audit actor; default the key's principal and the key (`person:pr_…/apikey:<keyId>`). */
  actor?: string
  /** A verified passkey assertion over this vote (console votes), kept with it and in its audit entry. */
  passkey?: PasskeyVoteEvidence
}

/** What a console vote's passkey signed, and the signature, as verified before the vote. */
export type PasskeyVoteEvidence = ApprovalEvidence & { sessionId: string | null }

function votesOf(db: Kysely<CustodyDB>, id: string): Promise<VoteRow[]> {
  return db.selectFrom('tx_approvals').select(['key_id', 'decision', 'comment', 'created_at']).where('transaction_id', '=', id).orderBy('created_at').orderBy('key_id').execute()
}

/** The approval state of a transaction as the API shows it. */
export function serializeApprovalState(a: AuthorizationRow, votes: readonly VoteRow[]) {
  return {
    transactionId: a.transaction_id,
    status: a.status,
    action: a.action,
    ruleId: a.rule_id,
    policyVersion: a.policy_version,
    reason: a.reason,
    group: a.approval_group,
    quorum: a.quorum,
    approvals: votes.filter((v) => v.decision === 'APPROVE').length,
    expiresAt: a.expires_at?.toISOString() ?? null,
    authorizedAt: a.authorized_at?.toISOString() ?? null,
    votes: votes.map(serializeVote),
  }
}

export type ApprovalStateView = ReturnType<typeof serializeApprovalState>

export async function getApprovalState(ctx: CustodyContext, id: string): Promise<ApprovalStateView> {
  const a = await ctx.db.selectFrom('tx_authorizations').selectAll().where('transaction_id', '=', id).executeTakeFirst()
  if (!a) {
    const exists = await ctx.db.selectFrom('transactions').select('id').where('id', '=', id).executeTakeFirst()
    if (!exists) throw new NotFoundError('transaction', id)
    throw new ConflictError('NOT_AUTHORIZED_YET', `transaction ${id} has not been through the policy yet`)
  }
  return serializeApprovalState(a, await votesOf(ctx.db, id))
}

/**
 * One approver's vote on a transaction waiting for approval. Four eyes: the voter's key
 * must be in the rule's approval group; the initiator's principal can never approve its own
 * transaction, with any of its keys or sessions; a principal's approval counts once (the
 * same key voting the same again changes nothing; another key of the principal is refused). One rejection ends the transaction REJECTED; the approval that reaches
 * the quorum sends it on (QUEUED) and counts it toward velocity. A vote after the approval
 * window expires the transaction instead. Every vote is audited and sent as a webhook.
 *
 * @throws ForbiddenError `NOT_IN_APPROVAL_GROUP`, `SELF_APPROVAL_FORBIDDEN`;
 *   ConflictError `APPROVAL_NOT_REQUIRED`, `NOT_PENDING_APPROVAL`, `ALREADY_VOTED`, `APPROVAL_EXPIRED`.
 */
export async function voteOnTransaction(ctx: CustodyContext, id: string, vote: TransactionVote): Promise<ApprovalStateView> {
  const t = await ctx.db.selectFrom('transactions').selectAll().where('id', '=', id).executeTakeFirst()
  if (!t) throw new NotFoundError('transaction', id)
  const first = await ctx.db.selectFrom('tx_authorizations').selectAll().where('transaction_id', '=', id).executeTakeFirst()
  if (!first || first.action !== 'REQUIRE_APPROVAL') throw new ConflictError('APPROVAL_NOT_REQUIRED', `transaction ${id} does not wait for approval (it is ${t.status})`, { status: t.status })
  if (!vote.groups.includes(first.approval_group!)) {
    throw new ForbiddenError('NOT_IN_APPROVAL_GROUP', `approving transaction ${id} needs a key in group "${first.approval_group}"`, { group: first.approval_group })
  }
  // Four eyes counts people and services, not keys: every key and session of one principal is one voter.
  const voter = await principalOf(ctx.db, vote.keyId)
  if (vote.decision === 'APPROVE' && voter === (await principalOf(ctx.db, t.created_by))) {
    throw new ForbiddenError('SELF_APPROVAL_FORBIDDEN', 'the initiator of a transaction can never approve it, with any of its keys or sessions; another approver must')
  }

  const actor = vote.actor ?? (await actorOfKey(ctx.db, vote.keyId))
  const outcome = await ctx.db.transaction().execute(async (tx) => {
    // The row lock serialises votes on one transaction, so a quorum is counted exactly once.
    const a = await tx.selectFrom('tx_authorizations').selectAll().where('transaction_id', '=', id).forUpdate().executeTakeFirstOrThrow()
    const votes = await votesOf(tx, id)
    const voters = await Promise.all(votes.map((v) => principalOf(tx, v.key_id)))
    const mine = votes.find((v, i) => voters[i] === voter)
    if (mine) {
      // A signed request repeated is a retry and changes nothing; a console vote signed again, or a vote by another key of the same principal, is a second vote, refused.
      if (mine.key_id === vote.keyId && mine.decision === vote.decision && !vote.passkey) return { settle: false, expired: false }
      throw new ConflictError('ALREADY_VOTED', `principal ${voter} already voted ${mine.decision} on transaction ${id} (with ${mine.key_id}); each principal counts once`, { decision: mine.decision, principalId: voter })
    }
    if (vote.passkey) {
      // The approver signed a view naming the votes cast so far; one cast since makes it stale.
      const shown = (vote.passkey.view as { approvals?: { by: string; decision: string }[] }).approvals ?? []
      const seen = shown.map((v) => `${v.by}:${v.decision}`).join(',')
      if (seen !== votes.map((v) => `${v.key_id}:${v.decision}`).join(',')) {
        throw new ConflictError('APPROVAL_VIEW_CHANGED', `another vote was cast on transaction ${id} after you opened it: review it again`)
      }
    }
    const current = await tx.selectFrom('transactions').select('status').where('id', '=', id).executeTakeFirstOrThrow()
    if (a.status === 'EXPIRED') throw new ConflictError('APPROVAL_EXPIRED', `transaction ${id} was not approved in time and is REJECTED`)
    if (a.status !== 'PENDING' || current.status !== 'PENDING_AUTHORIZATION') {
      throw new ConflictError('NOT_PENDING_APPROVAL', `transaction ${id} is no longer waiting for approval (${current.status})`, { status: current.status, authorization: a.status })
    }
    const now = ctx.clock.now()
    if (a.expires_at && now.getTime() >= a.expires_at.getTime()) {
      await expireInTx(ctx, tx, a, now)
      return { settle: true, expired: true }
    }
    const inserted = await tx
      .insertInto('tx_approvals')
      .values({ transaction_id: id, key_id: vote.keyId, decision: vote.decision, comment: vote.comment ?? null, created_at: now })
      .returningAll()
      .executeTakeFirstOrThrow()
    if (vote.passkey) {
      const e = vote.passkey
      await tx
        .insertInto('tx_approval_passkeys')
        .values({
          transaction_id: id,
          key_id: vote.keyId,
          decision: vote.decision,
          statement: JSON.stringify(e.statement),
          view: JSON.stringify(e.view),
          view_digest: e.viewDigest,
          credential_id: e.credentialId,
          public_key: e.publicKey,
          client_data_json: e.clientDataJSON,
          authenticator_data: e.authenticatorData,
          signature: e.signature,
          session_id: e.sessionId,
          created_at: now,
        })
        .execute()
    }
    const all = [...votes, inserted]
    const approvals = all.filter((v) => v.decision === 'APPROVE').length
    let after = a
    if (vote.decision === 'REJECT') {
      after = await tx.updateTable('tx_authorizations').set({ status: 'REJECTED', resolved_at: now }).where('transaction_id', '=', id).returningAll().executeTakeFirstOrThrow()
    } else if (approvals >= a.quorum!) {
      after = await tx.updateTable('tx_authorizations').set({ status: 'APPROVED', authorized_at: now, resolved_at: now }).where('transaction_id', '=', id).returningAll().executeTakeFirstOrThrow()
    }
    const view = serializeApprovalState(after, all)
    const type = vote.decision === 'APPROVE' ? 'transaction.approval.approved' : 'transaction.approval.rejected'
    await recordChange(tx, ctx.events, {
      at: now,
      actor,
      action: type,
      targetType: 'transaction',
      targetId: id,
      before: { status: a.status, approvals: approvals - (vote.decision === 'APPROVE' ? 1 : 0) },
      after: { status: after.status, approvals, quorum: a.quorum, group: a.approval_group, comment: vote.comment ?? null, principalId: voter, keyId: vote.keyId, ...(vote.passkey ? { passkey: { ...vote.passkey } } : {}) },
      correlationId: vote.correlationId ?? t.correlation_id,
      event: { type, resourceType: 'transaction', resourceId: id, data: { ...view, externalTxId: t.external_tx_id, decision: vote.decision, by: vote.keyId } },
    })
    return { settle: after.status !== 'PENDING', expired: false }
  })
  ctx.events.committed?.()
  if (outcome.settle) await settleAuthorization(ctx, id, actor)
  if (outcome.expired) throw new ConflictError('APPROVAL_EXPIRED', `transaction ${id} was not approved in time and is now REJECTED`)
  return getApprovalState(ctx, id)
}

async function expireInTx(ctx: CustodyContext, tx: Kysely<CustodyDB>, a: AuthorizationRow, now: Date): Promise<void> {
  const after = await tx.updateTable('tx_authorizations').set({ status: 'EXPIRED', resolved_at: now }).where('transaction_id', '=', a.transaction_id).returningAll().executeTakeFirstOrThrow()
  const view = serializeApprovalState(after, await votesOf(tx, a.transaction_id))
  await recordChange(tx, ctx.events, {
    at: now,
    actor: 'system:approvals',
    action: 'transaction.approval.expired',
    targetType: 'transaction',
    targetId: a.transaction_id,
    before: { status: 'PENDING' },
    after: { status: 'EXPIRED', expiresAt: a.expires_at?.toISOString() ?? null },
    event: { type: 'transaction.approval.expired', resourceType: 'transaction', resourceId: a.transaction_id, data: view },
  })
}

/** Expires one pending authorisation if its time is up; true if it did. */
export async function expireIfDue(ctx: CustodyContext, id: string): Promise<boolean> {
  const done = await ctx.db.transaction().execute(async (tx) => {
    const a = await tx.selectFrom('tx_authorizations').selectAll().where('transaction_id', '=', id).forUpdate().executeTakeFirst()
    const now = ctx.clock.now()
    if (!a || a.status !== 'PENDING' || !a.expires_at || a.expires_at.getTime() > now.getTime()) return false
    await expireInTx(ctx, tx, a, now)
    return true
  })
  if (done) ctx.events.committed?.()
  return done
}

/**
 * Carries a settled authorisation (APPROVED, REJECTED, EXPIRED) over to its transaction,
 * which is still PENDING_AUTHORIZATION: QUEUED (and counted toward velocity) or REJECTED.
 * Safe to call more than once and from several processes (the sweeper calls it to finish
 * what a crash interrupted).
 */
export async function settleAuthorization(ctx: CustodyContext, id: string, actor = 'system:approvals'): Promise<TransactionRow | null> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const t = await ctx.db.selectFrom('transactions').selectAll().where('id', '=', id).executeTakeFirst()
    const a = await ctx.db.selectFrom('tx_authorizations').selectAll().where('transaction_id', '=', id).executeTakeFirst()
    if (!t || !a || t.status !== 'PENDING_AUTHORIZATION') return t ?? null
    const now = ctx.clock.now()
    try {
      if (a.status === 'APPROVED') {
        const votes = await votesOf(ctx.db, id)
        const by = votes.filter((v) => v.decision === 'APPROVE').map((v) => v.key_id)
        const row = await transition(ctx, t, 'QUEUED', {
          actor,
          reason: `approved by ${by.join(', ')} (quorum ${a.quorum} of group "${a.approval_group}")`,
          patch: { next_action_at: now },
        })
        if (t.kind === 'USER') {
          const s = policySubject(t)
          loadedPolicyRuntime(ctx)?.record({ txId: t.id, at: a.authorized_at ?? now, sourceVaultId: t.source_vault_id, initiator: t.acting_principal ?? t.created_by, asset: s.asset, amount: s.amount })
        }
        ctx.wake()
        return row
      }
      if (a.status === 'REJECTED' || a.status === 'EXPIRED') {
        const rejector = a.status === 'REJECTED' ? (await votesOf(ctx.db, id)).find((v) => v.decision === 'REJECT') : undefined
        return await transition(ctx, t, 'REJECTED', {
          actor,
          subStatus: a.status === 'REJECTED' ? 'REJECTED_BY_APPROVER' : 'APPROVAL_EXPIRED',
          reason:
            a.status === 'REJECTED'
              ? `rejected by ${rejector?.key_id ?? 'an approver'}${rejector?.comment ? `: ${rejector.comment}` : ''}`
              : `not approved by ${a.quorum} of group "${a.approval_group}" before ${a.expires_at?.toISOString()}`,
          patch: { completed_at: now },
        })
      }
      return t
    } catch (err) {
      if (!(err instanceof StaleTransitionError)) throw err
    }
  }
  return null
}
