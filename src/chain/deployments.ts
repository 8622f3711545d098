import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import type { Address, Chain, PublicClient, Transport } from 'viem'
import { CustosError } from '../shared/errors.ts'

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
  modules: {
    countryAllow: Address
    maxBalance: Address
    supplyLimit: Address
  }
  stablecoin: Address
  auditAnchor: Address | null
  /** Our distribution contracts (absent on a chain deployed before they existed). */
  distributions?: {
    /** Pays a chunk of holders in one transaction (contracts/distributions/PayoutBatch.sol). */
    payoutBatch: Address
    /** Merkle claims with a deadline and reclaim (contracts/distributions/MerkleDistributor.sol). */
    merkleDistributor: Address
  } | null
}

export function readDeployments(path: string): Deployments | null {
  if (!existsSync(path)) return null
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Deployments
  } catch (cause) {
    throw new CustosError('DEPLOYMENTS_CORRUPT', `deployments file ${path} is not valid JSON`, { cause })
  }
}

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
