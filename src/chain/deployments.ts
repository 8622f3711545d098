import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import type { Address, Chain, PublicClient, Transport } from 'viem'
import { CustosError } from '../shared/errors.ts'
import type { ComplianceModules } from './deploy-compliance-modules.ts'

/** Addresses of the shared infrastructure on one chain. */
export interface Deployments {
  chainId: number
  deployedAt: string
  deployer: Address
  trexVersion: string
  implementations: {
    token: Address
    claimTopicsRegistry: Address
    trustedIssuersRegistry: Address
    identityRegistryStorage: Address
    identityRegistry: Address
    modularCompliance: Address
  }
  trexImplementationAuthority: Address
  trexFactory: Address
  iaFactory: Address
  identityImplementation: Address
  identityImplementationAuthority: Address
  idFactory: Address
  claimIssuer: Address
  /** The platform-wide identity registry: one onboarding serves every token. */
  identityRegistry: {
    storage: Address
    registry: Address
    claimTopicsRegistry: Address
    trustedIssuersRegistry: Address
  }
  /** The Custos compliance modules every new token binds (contracts/compliance). */
  modules: ComplianceModules
  /**
   * Tokeny's modules an installation made before Custos had its own (CC-BY-NC
   * licensed, no longer deployed): kept so that tokens still bound to them can
   * be migrated.
   */
  legacyModules?: { countryAllow: Address; maxBalance: Address; supplyLimit: Address }
  /** The stateless ERC-1404 view (`detectTransferRestriction`) for every token. */
  transferRestrictions: Address
  stablecoin: Address
  auditAnchor: Address | null
  /** Our distribution contracts (absent on a chain deployed before they existed). */
  distributions?: {
    /** Pays a chunk of holders in one transaction (contracts/distributions/PayoutBatch.sol). */
    payoutBatch: Address
    /** Merkle claims with a deadline and reclaim (contracts/distributions/MerkleDistributor.sol). */
    merkleDistributor: Address
  } | null
  /** Our delivery-versus-payment contract (absent on a chain deployed before it existed). */
  settlement?: {
    /** Settles a redemption or buyback atomically (contracts/settlement/DvpSettlement.sol). */
    dvp: Address
  } | null
}

/**
 * Reads a deployments file. One written before Custos had its own compliance
 * modules names Tokeny's under `modules`; they are moved to `legacyModules`
 * and `modules` is left empty until `ensureInfrastructure` deploys ours.
 */
export function readDeployments(path: string): Deployments | null {
  if (!existsSync(path)) return null
  let d: Deployments
  try {
    d = JSON.parse(readFileSync(path, 'utf8')) as Deployments
  } catch (cause) {
    throw new CustosError('DEPLOYMENTS_CORRUPT', `deployments file ${path} is not valid JSON`, { cause })
  }
  const old = d.modules as unknown as Partial<Deployments['legacyModules'] & ComplianceModules> | undefined
  if (old && 'countryAllow' in old && !('lockup' in old)) {
    d.legacyModules = old as NonNullable<Deployments['legacyModules']>
    d.modules = undefined as unknown as ComplianceModules
  }
  return d
}

/** True when the file names the Custos compliance modules and the ERC-1404 view. */
export const hasComplianceModules = (d: Deployments): boolean => Boolean(d.modules?.lockup && d.transferRestrictions)

export function writeDeployments(path: string, d: Deployments): void {
  mkdirSync(dirname(path), { recursive: true })
  const tmp = `${path}.tmp`
  writeFileSync(tmp, `${JSON.stringify(d, null, 2)}\n`)
  renameSync(tmp, path)
}

/**
 * True when the file describes this chain and its contracts are really there
 * (a chain reset or a different RPC means a fresh deployment is needed).
 */
export async function deploymentsLive(client: PublicClient<Transport, Chain>, d: Deployments): Promise<boolean> {
  if (d.chainId !== (await client.getChainId())) return false
  for (const a of [d.trexFactory, d.idFactory, d.claimIssuer, d.stablecoin, d.identityRegistry.registry]) {
    const code = await client.getCode({ address: a })
    if (!code || code === '0x') return false
  }
  return true
}
