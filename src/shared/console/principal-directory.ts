import type { Kysely } from 'kysely'
import { findPrincipal } from '../auth/principals.ts'

/** Who a console user is, as authorisation sees them. */
export interface ConsolePrincipal {
  /** Stable id: sessions, passkeys and approvals are bound to it. */
  id: string
  /** Shown in the console. */
  name: string
  kind?: 'person' | 'service'
  role: string
  scopes: string[]
  groups: string[]
}

/**
 * The one place that says "this principal exists now, with these roles": sessions and
 * passkeys hold a principal id and ask here on every request, so a principal who loses a
 * role or is disabled loses it in the console at once.
 */
export interface PrincipalDirectory {
  /** `conn`: the caller's open database transaction, if it holds one (PGlite has a single connection). */
  find(principalId: string, conn?: Kysely<any>): Promise<ConsolePrincipal | undefined>
}

/**
 * The service's principals (`principals` table): a session acts for the principal whose
 * passkey opened it, with the principal's scopes and groups, and counts in four eyes as
 * that principal — the same person as its API keys. A disabled principal cannot sign in.
 */
export function principalsDirectory(db: Kysely<any>): PrincipalDirectory {
  return {
    async find(principalId, conn) {
      const p = await findPrincipal(conn ?? db, principalId)
      if (!p || p.status !== 'active') return undefined
      return { id: p.id, name: p.name, kind: p.kind, role: p.roles.join('+'), scopes: [...p.scopes], groups: [...p.groups] }
    },
  }
}
