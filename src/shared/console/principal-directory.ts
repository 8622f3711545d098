import type { ApiKeyStore } from '../auth/api-key-store.ts'

/** Who a console user is, as authorisation sees them. */
export interface ConsolePrincipal {
  /** Stable id: sessions, passkeys and approvals are bound to it. */
  id: string
  /** Shown in the console. */
  name: string
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
  find(principalId: string): Promise<ConsolePrincipal | undefined>
}

/**
 * The principals of a service whose API keys are its principals: each key's holder is one
 * principal, with the key's role, scopes and approval groups. A revoked or expired key is
 * a principal that can no longer sign in. Four-eyes counting stays with the key and its
 * rotation lineage, as for signed requests.
 */
export function apiKeyPrincipals(store: Pick<ApiKeyStore, 'lookupKey'>, clock: { now(): Date }): PrincipalDirectory {
  return {
    async find(principalId) {
      const k = await store.lookupKey(principalId)
      if (!k || k.status !== 'active') return undefined
      const now = clock.now().getTime()
      if ((k.expiresAt && now >= k.expiresAt.getTime()) || (k.notBefore && now < k.notBefore.getTime())) return undefined
      return { id: k.keyId, name: k.role, role: k.role, scopes: [...k.scopes], groups: [...k.groups] }
    },
  }
}
