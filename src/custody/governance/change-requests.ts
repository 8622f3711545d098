import { randomUUID } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { CustodyContext } from '../context.ts'
import type { ChangeRequestKind, ChangeRequestStatus, CustodyDB } from '../db/schema.ts'
import { recordChange } from '../events.ts'
import { ConflictError, ForbiddenError, NotFoundError } from '../../shared/errors.ts'
import { principalOf } from '../../shared/auth/principals.ts'
import { applyChange, closeTarget } from './apply-change.ts'
import { serializeChangeRequest, type ChangeRequestRow, type ChangeRequestView, type VoteRow } from './serialize.ts'
import { actorOfKey } from '../../shared/auth/actor-of-key.ts'

export interface OpenChangeRequestParameters {
  kind: ChangeRequestKind
  /** What it changes: a policy version number or a lower-case address. */
  target: string
  payload: Record<string, unknown>
  /** The requesting admin key; it can never approve its own request. */
  requestedBy: string
  correlationId?: string
}

/**
 * Opens an admin change request inside the caller's database transaction. Its quorum is
 * fixed now (`CUSTODY_ADMIN_QUORUM` approvals from admins other than the requester), and
 * it expires after `CUSTODY_CHANGE_REQUEST_TTL_SECONDS`. One request per target may be
 * pending at a time.
 *
 * @throws ConflictError `CHANGE_REQUEST_PENDING` when one is already pending for the target.
 */
export async function openChangeRequest(ctx: CustodyContext, tx: Kysely<CustodyDB>, p: OpenChangeRequestParameters): Promise<ChangeRequestView> {
  const pending = await tx.selectFrom('change_requests').select('id').where('kind', '=', p.kind).where('target', '=', p.target).where('status', '=', 'PENDING').executeTakeFirst()
  if (pending) throw new ConflictError('CHANGE_REQUEST_PENDING', `a ${p.kind} request for ${p.target} is already pending`, { changeRequestId: pending.id })
  const now = ctx.clock.now()
  const row = await tx
    .insertInto('change_requests')
    .values({
      id: randomUUID(),
      kind: p.kind,
      target: p.target,
      payload: JSON.stringify(p.payload),
      status: 'PENDING',
      quorum: ctx.config.CUSTODY_ADMIN_QUORUM,
      requested_by: p.requestedBy,
      requested_at: now,
      expires_at: new Date(now.getTime() + ctx.config.CUSTODY_CHANGE_REQUEST_TTL_SECONDS * 1000),
      resolved_at: null,
      resolution: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow()
  const view = serializeChangeRequest(row, [])
  await recordChange(tx, ctx.events, {
    at: now,
    actor: await actorOfKey(tx, p.requestedBy),
    action: 'change_request.created',
    targetType: 'change_request',
    targetId: row.id,
    after: view,
    correlationId: p.correlationId ?? null,
    event: { type: 'change_request.created', resourceType: 'change_request', resourceId: row.id, data: view },
  })
  return view
}

export interface ChangeRequestVote {
  keyId: string
  decision: 'APPROVE' | 'REJECT'
  comment?: string
  correlationId?: string
}

/**
 * An admin's vote on a change request. Approvals count once per distinct principal and
 * never from the requester's principal (any of its keys or sessions); the vote that reaches the quorum applies the change in the same
 * database transaction. One rejection closes the request (the requester may reject, i.e.
 * withdraw, its own). Voting again the same way changes nothing.
 *
 * @throws ForbiddenError `SELF_APPROVAL_FORBIDDEN`; ConflictError `ALREADY_VOTED`,
 *   `CHANGE_REQUEST_CLOSED`, `CHANGE_REQUEST_EXPIRED`; NotFoundError.
 */
export async function voteOnChangeRequest(ctx: CustodyContext, id: string, vote: ChangeRequestVote): Promise<ChangeRequestView> {
  const result = await ctx.db.transaction().execute(async (tx) => {
    const r = await tx.selectFrom('change_requests').selectAll().where('id', '=', id).forUpdate().executeTakeFirst()
    if (!r) throw new NotFoundError('change request', id)
    const votes = await votesOf(tx, id)
    // Quorums count principals: every key and session of one person is one vote.
    const voter = await principalOf(tx, vote.keyId)
    const voters = await Promise.all(votes.map((v) => principalOf(tx, v.key_id)))
    const mine = votes.find((v, i) => voters[i] === voter)
    if (mine) {
      if (mine.key_id === vote.keyId && mine.decision === vote.decision) return { view: serializeChangeRequest(r, votes), expired: false }
      throw new ConflictError('ALREADY_VOTED', `principal ${voter} already voted ${mine.decision} on change request ${id} (with ${mine.key_id}); each principal counts once`, { principalId: voter })
    }
    if (r.status === 'EXPIRED') throw new ConflictError('CHANGE_REQUEST_EXPIRED', `change request ${id} expired before it was approved`)
    if (r.status !== 'PENDING') throw new ConflictError('CHANGE_REQUEST_CLOSED', `change request ${id} is ${r.status}`, { status: r.status })
    const now = ctx.clock.now()
    if (now.getTime() >= r.expires_at.getTime()) {
      await closeRequest(ctx, tx, r, 'EXPIRED', now, 'not approved in time')
      return { view: null, expired: true }
    }
    if (vote.decision === 'APPROVE' && voter === (await principalOf(tx, r.requested_by))) {
      throw new ForbiddenError('SELF_APPROVAL_FORBIDDEN', 'the admin who requested a change cannot approve it, with any of its keys or sessions; another admin must')
    }
    const inserted = await tx
      .insertInto('change_request_votes')
      .values({ request_id: id, key_id: vote.keyId, decision: vote.decision, comment: vote.comment ?? null, created_at: now })
      .returningAll()
      .executeTakeFirstOrThrow()
    const all = [...votes, inserted]
    const approvers = all.filter((v) => v.decision === 'APPROVE').map((v) => v.key_id)
    let closed: ChangeRequestRow = r
    if (vote.decision === 'REJECT') {
      closed = await closeRequest(ctx, tx, r, 'REJECTED', now, `rejected by ${vote.keyId}${vote.comment ? `: ${vote.comment}` : ''}`)
    } else if (approvers.length >= r.quorum) {
      await applyChange(ctx, tx, r, approvers, now)
      closed = await tx
        .updateTable('change_requests')
        .set({ status: 'APPLIED', resolved_at: now, resolution: `approved by ${approvers.join(', ')}` })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow()
    }
    const view = serializeChangeRequest(closed, all)
    await recordChange(tx, ctx.events, {
      at: now,
      actor: await actorOfKey(tx, vote.keyId),
      action: vote.decision === 'APPROVE' ? 'change_request.approved' : 'change_request.rejected',
      targetType: 'change_request',
      targetId: id,
      before: { status: r.status, approvals: votes.filter((v) => v.decision === 'APPROVE').length },
      after: { status: closed.status, approvals: approvers.length, quorum: r.quorum, comment: vote.comment ?? null, principalId: voter, keyId: vote.keyId },
      correlationId: vote.correlationId ?? null,
      event: { type: vote.decision === 'APPROVE' ? 'change_request.approved' : 'change_request.rejected', resourceType: 'change_request', resourceId: id, data: view },
    })
    return { view, expired: false }
  })
  ctx.events.committed?.()
  if (result.expired) throw new ConflictError('CHANGE_REQUEST_EXPIRED', `change request ${id} expired before it was approved`)
  return result.view!
}

async function closeRequest(ctx: CustodyContext, tx: Kysely<CustodyDB>, r: ChangeRequestRow, status: 'REJECTED' | 'EXPIRED', now: Date, resolution: string): Promise<ChangeRequestRow> {
  const closed = await tx.updateTable('change_requests').set({ status, resolved_at: now, resolution }).where('id', '=', r.id).returningAll().executeTakeFirstOrThrow()
  await closeTarget(tx, r, status)
  if (status === 'EXPIRED') {
    const view = serializeChangeRequest(closed, await votesOf(tx, r.id))
    await recordChange(tx, ctx.events, {
      at: now,
      actor: 'system:governance',
      action: 'change_request.expired',
      targetType: 'change_request',
      targetId: r.id,
      before: { status: r.status },
      after: { status },
      event: { type: 'change_request.expired', resourceType: 'change_request', resourceId: r.id, data: view },
    })
  }
  return closed
}

/** Expires every pending request past its time; returns how many. */
export async function expireChangeRequests(ctx: CustodyContext): Promise<number> {
  const now = ctx.clock.now()
  const due = await ctx.db.selectFrom('change_requests').select('id').where('status', '=', 'PENDING').where('expires_at', '<=', now).limit(100).execute()
  let n = 0
  for (const { id } of due) {
    const done = await ctx.db.transaction().execute(async (tx) => {
      const r = await tx.selectFrom('change_requests').selectAll().where('id', '=', id).forUpdate().executeTakeFirst()
      if (!r || r.status !== 'PENDING') return false
      await closeRequest(ctx, tx, r, 'EXPIRED', now, 'not approved in time')
      return true
    })
    if (done) n++
  }
  if (n > 0) ctx.events.committed?.()
  return n
}

function votesOf(db: Kysely<CustodyDB>, id: string): Promise<VoteRow[]> {
  return db.selectFrom('change_request_votes').select(['key_id', 'decision', 'comment', 'created_at']).where('request_id', '=', id).orderBy('created_at').orderBy('key_id').execute()
}

export async function getChangeRequest(ctx: CustodyContext, id: string): Promise<ChangeRequestView> {
  const r = await ctx.db.selectFrom('change_requests').selectAll().where('id', '=', id).executeTakeFirst()
  if (!r) throw new NotFoundError('change request', id)
  return serializeChangeRequest(r, await votesOf(ctx.db, id))
}

/** The latest request for a target (e.g. the request that activated a policy version). */
export async function latestChangeRequestFor(ctx: CustodyContext, kind: ChangeRequestKind, target: string): Promise<ChangeRequestView | null> {
  const r = await ctx.db.selectFrom('change_requests').selectAll().where('kind', '=', kind).where('target', '=', target).orderBy('requested_at', 'desc').executeTakeFirst()
  return r ? serializeChangeRequest(r, await votesOf(ctx.db, r.id)) : null
}

export async function listChangeRequests(ctx: CustodyContext, q: { status?: ChangeRequestStatus; kind?: ChangeRequestKind; limit?: number }): Promise<ChangeRequestView[]> {
  let query = ctx.db.selectFrom('change_requests').selectAll().orderBy('requested_at', 'desc').orderBy('id').limit(Math.min(Math.max(q.limit ?? 50, 1), 200))
  if (q.status) query = query.where('status', '=', q.status)
  if (q.kind) query = query.where('kind', '=', q.kind)
  const rows = await query.execute()
  return Promise.all(rows.map(async (r) => serializeChangeRequest(r, await votesOf(ctx.db, r.id))))
}
