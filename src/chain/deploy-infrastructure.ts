import { encodeAbiParameters, keccak256, type Address } from 'viem'
import { deployContract, sendCall, type DeployContext } from './deployer.ts'
import type { Deployments } from './deployments.ts'
import {
  auditAnchorAbi,
  claimIssuerAbi,
  claimTopicsRegistryAbi,
  idFactoryAbi,
  identityRegistryStorageAbi,
  trexImplementationAuthorityAbi,
  trustedIssuersRegistryAbi,
} from './generated/abis.ts'
import { CLAIM_TOPICS, KEY_PURPOSE, KEY_TYPE_ECDSA } from './claim-topics.ts'
import { deployComplianceModules } from './deploy-compliance-modules.ts'

export const TREX_VERSION = { major: 4, minor: 1, patch: 3 } as const

export interface InfrastructureOptions {
  /** Owner of the ClaimIssuer's management key (later moved to custody). Defaults to the deployer. */
  claimIssuerManager?: Address
  /** Addresses whose signatures the ClaimIssuer accepts (claim keys, purpose 3). */
  claimSigners?: Address[]
  /** Owner of the development stablecoin (who may mint test funds). Defaults to the deployer. */
  stablecoinOwner?: Address
  /** An account allowed to anchor audit checkpoints at once (the deployer is the AuditAnchor admin and can allow more). */
  auditAnchorer?: Address
}

/** keccak256(abi.encode(address)): how ONCHAINID names an ECDSA key. */
export function keyHashOf(address: Address): `0x${string}` {
  return keccak256(encodeAbiParameters([{ type: 'address' }], [address]))
}

/**
 * Deploys what every Custos installation shares on one chain, in the order
 * T-REX needs: implementations, the implementation authority (before the
 * factory, which rejects an empty one), ONCHAINID's IdFactory, TREXFactory and
 * IAFactory, a ClaimIssuer, the Custos compliance modules and ERC-1404 view, a platform-wide
 * identity registry whose storage the factory owns (so every token shares the
 * same verified investors), the development stablecoin, the audit anchor and the distribution
 * contracts (push payouts, Merkle claims).
 */
export async function deployInfrastructure(ctx: DeployContext, opts: InfrastructureOptions = {}): Promise<Deployments> {
  const deployer = ctx.walletClient.account.address
  const chainId = await ctx.publicClient.getChainId()

  const implementations = {
    claimTopicsRegistry: await deployContract(ctx, 'ClaimTopicsRegistry'),
    trustedIssuersRegistry: await deployContract(ctx, 'TrustedIssuersRegistry'),
    identityRegistryStorage: await deployContract(ctx, 'IdentityRegistryStorage'),
    identityRegistry: await deployContract(ctx, 'IdentityRegistry'),
    modularCompliance: await deployContract(ctx, 'ModularCompliance'),
    token: await deployContract(ctx, 'Token'),
  }
  const trexIA = await deployContract(ctx, 'TREXImplementationAuthority', [true, '0x0000000000000000000000000000000000000000', '0x0000000000000000000000000000000000000000'])
  await sendCall(ctx, trexIA, trexImplementationAuthorityAbi, 'addAndUseTREXVersion', [
    TREX_VERSION,
    {
      tokenImplementation: implementations.token,
      ctrImplementation: implementations.claimTopicsRegistry,
      irImplementation: implementations.identityRegistry,
      irsImplementation: implementations.identityRegistryStorage,
      tirImplementation: implementations.trustedIssuersRegistry,
      mcImplementation: implementations.modularCompliance,
    },
  ], 'register T-REX 4.1.3 implementations')

  const identityImplementation = await deployContract(ctx, 'Identity', [deployer, true])
  const identityIA = await deployContract(ctx, 'ImplementationAuthority', [identityImplementation])
  const idFactory = await deployContract(ctx, 'IdFactory', [identityIA])
  const trexFactory = await deployContract(ctx, 'TREXFactory', [trexIA, idFactory])
  await sendCall(ctx, idFactory, idFactoryAbi, 'addTokenFactory', [trexFactory], 'allow TREXFactory to create token identities')
  const iaFactory = await deployContract(ctx, 'IAFactory', [trexFactory])
  await sendCall(ctx, trexIA, trexImplementationAuthorityAbi, 'setTREXFactory', [trexFactory])
  await sendCall(ctx, trexIA, trexImplementationAuthorityAbi, 'setIAFactory', [iaFactory])

  const claimIssuer = await deployContract(ctx, 'ClaimIssuer', [opts.claimIssuerManager ?? deployer])
  for (const signer of opts.claimSigners ?? []) {
    await sendCall(ctx, claimIssuer, claimIssuerAbi, 'addKey', [keyHashOf(signer), KEY_PURPOSE.CLAIM, KEY_TYPE_ECDSA], `add claim key ${signer}`)
  }

  const { modules, transferRestrictions } = await deployComplianceModules(ctx)

  // The platform-wide registry: its own topics and issuers, a storage that the
  // factory will own so that it can bind every new token's registry to it.
  const ctr = await deployContract(ctx, 'ClaimTopicsRegistryProxy', [trexIA])
  const tir = await deployContract(ctx, 'TrustedIssuersRegistryProxy', [trexIA])
  const irs = await deployContract(ctx, 'IdentityRegistryStorageProxy', [trexIA])
  const ir = await deployContract(ctx, 'IdentityRegistryProxy', [trexIA, tir, ctr, irs])
  await sendCall(ctx, ctr, claimTopicsRegistryAbi, 'addClaimTopic', [CLAIM_TOPICS.KYC], 'require the KYC claim topic')
  await sendCall(ctx, tir, trustedIssuersRegistryAbi, 'addTrustedIssuer', [claimIssuer, [CLAIM_TOPICS.KYC, CLAIM_TOPICS.AML, CLAIM_TOPICS.ACCREDITED_INVESTOR]], 'trust the ClaimIssuer')
  await sendCall(ctx, irs, identityRegistryStorageAbi, 'bindIdentityRegistry', [ir], 'bind the platform identity registry')
  await sendCall(ctx, irs, identityRegistryStorageAbi, 'transferOwnership', [trexFactory], 'hand the identity storage to the factory')

  const stablecoin = await deployContract(ctx, 'DevStablecoin', ['Custos Dev USD', 'cUSD', opts.stablecoinOwner ?? deployer])
  const auditAnchor = await deployContract(ctx, 'AuditAnchor', [deployer])
  const distributions = {
    payoutBatch: await deployContract(ctx, 'PayoutBatch'),
    merkleDistributor: await deployContract(ctx, 'MerkleDistributor'),
  }
  const settlement = { dvp: await deployContract(ctx, 'DvpSettlement', [modules.lockup]) }
  if (opts.auditAnchorer) await sendCall(ctx, auditAnchor, auditAnchorAbi, 'setAnchorer', [opts.auditAnchorer, true], `allow ${opts.auditAnchorer} to anchor audit checkpoints`)

  return {
    chainId,
    deployedAt: new Date().toISOString(),
    deployer,
    trexVersion: `${TREX_VERSION.major}.${TREX_VERSION.minor}.${TREX_VERSION.patch}`,
    implementations,
    trexImplementationAuthority: trexIA,
    trexFactory,
    iaFactory,
    identityImplementation,
    identityImplementationAuthority: identityIA,
    idFactory,
    claimIssuer,
    identityRegistry: { storage: irs, registry: ir, claimTopicsRegistry: ctr, trustedIssuersRegistry: tir },
    modules,
    transferRestrictions,
    stablecoin,
    auditAnchor,
    distributions,
    settlement,
  }
}
