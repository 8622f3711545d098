import { getAddress } from 'viem'
import { sql, type Kysely } from 'kysely'
import type { CustodyContext } from '../context.ts'
import type { CustodyDB } from '../db/schema.ts'
import { recordChange } from '../events.ts'
import { CustosError } from '../../shared/errors.ts'
import type { ChangeRequestRow } from './serialize.ts'
import { applySigningResume } from '../pipeline/signing-resume.ts'
import { createPrincipal, grantToPrincipal, type PrincipalKind } from '../../shared/auth/principals.ts'
import { activeRoleConflicts } from './role-separation.ts'

/** Payload of a whitelist change request. */
export interface WhitelistPayload {
  address: string
  label?: string
}

/**
 * Carries out an approved change request inside the caller's database transaction:
 * activates a policy version (superseding the active one) or changes the whitelist,
 * bumps the governance revision so every process reloads, and records the change.
 */
export async function applyChange(ctx: CustodyContext, tx: Kysely<CustodyDB>, r: ChangeRequestRow, approvers: string[], now: Date): Promise<void> {
  const payload = (typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload) as Record<string, unknown>
  const actor = `change_request:${r.id}`
  if (r.kind === 'SIGNING_RESUME') {
    await applySigningResume(ctx, tx, r, approvers, now)
  } else if (r.kind === 'POLICY_ACTIVATE') {
    const version = Number(r.target)
    const previous = await tx
      .updateTable('policy_versions')
      .set({ status: 'SUPERSEDED', superseded_at: now })
      .where('status', '=', 'ACTIVE')
      .returning('version')
      .executeTakeFirst()
    const activated = await tx
      .updateTable('policy_versions')
      .set({ status: 'ACTIVE', activated_at: now })
      .where('version', '=', version)
      .where('status', '=', 'DRAFT')
      .returning(['version', 'label'])
      .executeTakeFirst()
    if (!activated) throw new CustosError('POLICY_VERSION_NOT_DRAFT', `policy version ${version} is no longer a draft`, { status: 409 })
    const data = { version, label: activated.label, previousVersion: previous?.version ?? null, changeRequestId: r.id, requestedBy: r.requested_by, approvedBy: approvers }
    await recordChange(tx, ctx.events, {
      at: now,
      actor,
      action: 'policy.activated',
      targetType: 'policy_version',
      targetId: String(version),
      before: { activeVersion: previous?.version ?? null },
      after: data,
      event: { type: 'policy.activated', resourceType: 'policy', resourceId: 'active', data },
    })
  } else if (r.kind === 'PRINCIPAL_CREATE' || r.kind === 'PRINCIPAL_GRANT') {
    await applyPrincipalChange(ctx, tx, r, payload, approvers, now)
  } else {
    const p = payload as unknown as WhitelistPayload
    const address = r.target
    if (r.kind === 'WHITELIST_ADD') {
      await tx
        .insertInto('whitelist_entries')
        .values({ address, label: p.label ?? '', status: 'ACTIVE', added_at: now, added_by_request: r.id, removed_at: null, removed_by_request: null })
        .onConflict((oc) => oc.column('address').doUpdateSet({ label: p.label ?? '', status: 'ACTIVE', added_at: now, added_by_request: r.id, removed_at: null, removed_by_request: null }))
        .execute()
    } else {
      await tx.updateTable('whitelist_entries').set({ status: 'REMOVED', removed_at: now, removed_by_request: r.id }).where('address', '=', address).execute()
    }
    const added = r.kind === 'WHITELIST_ADD'
    const data = { address: getAddress(address), label: p.label ?? null, changeRequestId: r.id, requestedBy: r.requested_by, approvedBy: approvers }
    await recordChange(tx, ctx.events, {
      at: now,
      actor,
      action: added ? 'whitelist.entry_added' : 'whitelist.entry_removed',
      targetType: 'whitelist_entry',
      targetId: address,
      after: { ...data, status: added ? 'ACTIVE' : 'REMOVED' },
      event: { type: added ? 'whitelist.entry_added' : 'whitelist.entry_removed', resourceType: 'whitelist_entry', resourceId: address, data },
    })
  }
  await sql`update governance_state set revision = revision + 1 where id = 1`.execute(tx)
}

/** Payload of a principal change request: a new principal, or a grant to one. */
export interface PrincipalChangePayload {
  principal?: { kind: PrincipalKind; name: string; roles: string[]; scopes: string[]; groups: string[] }
  grant?: { roles: string[]; scopes: string[]; groups: string[] }
}

async function applyPrincipalChange(ctx: CustodyContext, tx: Kysely<CustodyDB>, r: ChangeRequestRow, payload: Record<string, unknown>, approvers: string[], now: Date): Promise<void> {
  const p = payload as PrincipalChangePayload
  const actor = `change_request:${r.id}`
  const meta = { changeRequestId: r.id, requestedBy: r.requested_by, approvedBy: approvers }
  // Checked again against the policy in force now: it may have changed since the proposal.
  const roleConflicts = await activeRoleConflicts(tx)
  if (r.kind === 'PRINCIPAL_CREATE') {
    const made = await createPrincipal(tx, { id: r.target, ...p.principal!, createdBy: actor, at: now, roleConflicts })
    const after = { id: made.id, kind: made.kind, name: made.name, roles: made.roles, scopes: made.scopes, groups: made.groups, ...meta }
    await recordChange(tx, ctx.events, { at: now, actor, action: 'principal.created', targetType: 'principal', targetId: made.id, after })
    return
  }
  const { before, after } = await grantToPrincipal(tx, r.target, { ...p.grant!, roleConflicts })
  await recordChange(tx, ctx.events, {
    at: now,
    actor,
    action: 'principal.granted',
    targetType: 'principal',
    targetId: r.target,
    before: { roles: before.roles, scopes: before.scopes, groups: before.groups },
    after: { roles: after.roles, scopes: after.scopes, groups: after.groups, ...meta },
  })
}

/** Marks what a closed (rejected or expired) request proposed, so a draft does not linger as DRAFT. */
export async function closeTarget(tx: Kysely<CustodyDB>, r: ChangeRequestRow, status: 'REJECTED' | 'EXPIRED'): Promise<void> {
  if (r.kind === 'POLICY_ACTIVATE') {
    await tx.updateTable('policy_versions').set({ status }).where('version', '=', Number(r.target)).where('status', '=', 'DRAFT').execute()
  }
}
