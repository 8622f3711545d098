import type { Selectable } from 'kysely'
import { getAddress } from 'viem'
import type { ChangeRequestsTable, PolicyVersionsTable, VotesColumns, WhitelistEntriesTable } from '../db/schema.ts'

export type ChangeRequestRow = Selectable<ChangeRequestsTable>
export type PolicyVersionRow = Selectable<PolicyVersionsTable>
export type WhitelistRow = Selectable<WhitelistEntriesTable>
export type VoteRow = Selectable<VotesColumns>

const iso = (d: Date | null) => (d ? d.toISOString() : null)
const json = (v: unknown) => (typeof v === 'string' ? (JSON.parse(v) as unknown) : v)

export function serializeVote(v: VoteRow) {
  return { keyId: v.key_id, decision: v.decision, comment: v.comment, at: v.created_at.toISOString() }
}

/** The API shape of an admin change request, with its votes. */
export function serializeChangeRequest(r: ChangeRequestRow, votes: readonly VoteRow[]) {
  return {
    id: r.id,
    kind: r.kind,
    target: r.target,
    payload: json(r.payload),
    status: r.status,
    quorum: r.quorum,
    approvals: votes.filter((v) => v.decision === 'APPROVE').length,
    requestedBy: r.requested_by,
    requestedAt: r.requested_at.toISOString(),
    expiresAt: r.expires_at.toISOString(),
    resolvedAt: iso(r.resolved_at),
    resolution: r.resolution,
    votes: votes.map(serializeVote),
  }
}

export type ChangeRequestView = ReturnType<typeof serializeChangeRequest>

export function serializePolicyVersion(v: PolicyVersionRow) {
  return {
    version: v.version,
    label: v.label,
    status: v.status,
    document: json(v.document),
    text: v.source_text,
    format: v.source_format,
    comment: v.comment,
    createdBy: v.created_by,
    createdAt: v.created_at.toISOString(),
    activatedAt: iso(v.activated_at),
    supersededAt: iso(v.superseded_at),
  }
}

export function serializeWhitelistEntry(w: WhitelistRow) {
  return { address: getAddress(w.address), label: w.label, status: w.status, addedAt: w.added_at.toISOString(), addedByRequest: w.added_by_request }
}
