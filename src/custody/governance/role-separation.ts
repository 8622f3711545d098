import type { Kysely } from 'kysely'
import { roleConflictsAllowing, type RoleConflicts } from '../../shared/auth/principals.ts'
import type { CustodyDB } from '../db/schema.ts'
import { loadActivePolicy } from './policy-runtime.ts'

/**
 * The roles one custody principal may not hold together under the active policy: admin and
 * approver, unless the policy's `roleCombinations.allow` lists them. Read in the caller's
 * transaction, so a grant applied at the quorum is checked against the policy in force then.
 */
export async function activeRoleConflicts(db: Kysely<CustodyDB>): Promise<RoleConflicts> {
  const active = await loadActivePolicy(db)
  return roleConflictsAllowing(active.compiled.document.roleCombinations?.allow ?? [])
}
