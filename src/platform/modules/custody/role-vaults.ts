import { CustosError } from '../../../shared/errors.ts'
import type { CustodyProvider, CustodyVault } from './custody-provider.ts'

/**
 * Purposes of the custody vaults that hold the platform's on-chain roles.
 * `custos start` (src/cli/bootstrap.ts) creates them and hands them their
 * roles; the platform finds them by purpose through custody's API.
 */
export const ROLE_VAULT_PURPOSES = {
  /** Signs KYC claims (CLAIM key on the ClaimIssuer) and revokes them (MANAGEMENT key). */
  claimIssuer: 'claim-issuer',
  /** Owns the IdFactory (createIdentity) and is an agent of the platform identity registry. */
  identityAgent: 'identity-agent',
  /** Token agent for issuance (mint, freeze, forced transfer); warm: every transaction needs approval. */
  issuerAgent: 'issuer-agent',
} as const

/** Purpose of every investor's own vault. */
export const INVESTOR_VAULT_PURPOSE = 'investor'

export type RoleVaults = { -readonly [K in keyof typeof ROLE_VAULT_PURPOSES]: CustodyVault }

export class RoleVaultMissingError extends CustosError {
  override readonly name = 'RoleVaultMissingError'
  constructor(purpose: string) {
    super('CUSTODY_ROLE_VAULT_MISSING', `custody has no vault with purpose ${purpose}: run the bootstrap (custos start does it) so the platform's on-chain roles are held in custody`, {
      status: 503,
      retryable: true,
      details: { purpose },
    })
  }
}

/**
 * Finds the role vaults by purpose, once found keeping them for the life of
 * the process (a vault's id and address never change). A missing vault is a
 * retryable error: the bootstrap may simply not have run yet.
 *
 * @example
 * const roles = createRoleVaultResolver(custody)
 * const { identityAgent } = await roles.get()
 */
export function createRoleVaultResolver(custody: CustodyProvider): { get(): Promise<RoleVaults> } {
  let found: RoleVaults | undefined
  return {
    async get() {
      if (found) return found
      const out: Partial<RoleVaults> = {}
      for (const [key, purpose] of Object.entries(ROLE_VAULT_PURPOSES) as [keyof RoleVaults, string][]) {
        const [first] = await custody.findVaultsByPurpose(purpose)
        if (!first) throw new RoleVaultMissingError(purpose)
        out[key] = first
      }
      found = out as RoleVaults
      return found
    },
  }
}
