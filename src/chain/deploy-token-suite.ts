import { encodeFunctionData, parseEventLogs, zeroAddress, type Address, type Hex } from 'viem'
import { sendCall, type DeployContext } from './deployer.ts'
import {
  custosCountryModuleAbi,
  custosLockupModuleAbi,
  custosMaxBalanceModuleAbi,
  custosMaxHoldersModuleAbi,
  custosSupplyLimitModuleAbi,
  trexFactoryAbi,
} from './generated/abis.ts'
import type { Deployments } from './deployments.ts'
import { ChainError } from '../shared/errors.ts'
import { waitForReceipt } from './wait-for-receipt.ts'

export interface ComplianceSettings {
  /** ISO 3166-1 numeric country codes allowed to hold the token (empty: every country not denied). */
  allowedCountries?: number[]
  /** ISO 3166-1 numeric country codes that may never hold the token. */
  deniedCountries?: number[]
  /** Largest balance one investor identity may hold, in base units (0 or absent: no cap). */
  maxBalance?: bigint
  /** Largest total supply, in base units (0 or absent: no limit). */
  supplyLimit?: bigint
  /** Default lock-up of every mint, in seconds (0 or absent: none; an offering sets its own per mint). */
  lockupSeconds?: bigint
  /** Most wallets that may hold the token (0 or absent: no cap). */
  maxHolders?: bigint
  /** Most holders per country (ISO numeric); set at deployment, while the token has no holders. */
  countryMaxHolders?: { country: number; maxHolders: bigint }[]
}

export interface TokenSuiteSpec {
  salt: string
  name: string
  symbol: string
  decimals: number
  owner: Address
  tokenAgents: Address[]
  irAgents: Address[]
  claimTopics: bigint[]
  /** Trusted issuers and the topics each may attest; defaults to the platform ClaimIssuer for every topic. */
  issuers?: { issuer: Address; topics: bigint[] }[]
  compliance?: ComplianceSettings
  /** Bind these modules with these settings instead of the Custos modules (comparisons with other modules). */
  moduleConfig?: { modules: Address[]; settings: Hex[] }
  /** Share the platform's identity storage (default true): one onboarding serves every token. */
  shareIdentityStorage?: boolean
}

export interface TokenSuite {
  token: Address
  identityRegistry: Address
  identityRegistryStorage: Address
  trustedIssuersRegistry: Address
  claimTopicsRegistry: Address
  compliance: Address
  modules: Address[]
  deployBlock: bigint
  txHash: Hex
}

/**
 * The module list and settings calls `deployTREXSuite` expects: every new
 * token binds the five Custos modules, each with its one setting call (the
 * factory pairs settings[i] with modules[i]); a rule not given is off.
 */
export function complianceConfig(d: Deployments, c: ComplianceSettings = {}): { modules: Address[]; settings: Hex[] } {
  const m = d.modules
  const caps = c.countryMaxHolders ?? []
  return {
    modules: [m.country, m.maxBalance, m.supplyLimit, m.lockup, m.maxHolders],
    settings: [
      encodeFunctionData({ abi: custosCountryModuleAbi, functionName: 'setCountries', args: [c.allowedCountries ?? [], c.deniedCountries ?? []] }),
      encodeFunctionData({ abi: custosMaxBalanceModuleAbi, functionName: 'setMaxBalance', args: [c.maxBalance ?? 0n] }),
      encodeFunctionData({ abi: custosSupplyLimitModuleAbi, functionName: 'setSupplyLimit', args: [c.supplyLimit ?? 0n] }),
      encodeFunctionData({ abi: custosLockupModuleAbi, functionName: 'setLockupDuration', args: [c.lockupSeconds ?? 0n] }),
      encodeFunctionData({ abi: custosMaxHoldersModuleAbi, functionName: 'setHolderLimits', args: [c.maxHolders ?? 0n, caps.map((x) => x.country), caps.map((x) => x.maxHolders)] }),
    ],
  }
}

/** Calldata for TREXFactory.deployTREXSuite, so custody can sign it like any other call. */
export function encodeDeployTokenSuite(d: Deployments, spec: TokenSuiteSpec): Hex {
  const { modules, settings } = spec.moduleConfig ?? complianceConfig(d, spec.compliance)
  const issuers = spec.issuers ?? [{ issuer: d.claimIssuer, topics: spec.claimTopics }]
  return encodeFunctionData({
    abi: trexFactoryAbi,
    functionName: 'deployTREXSuite',
    args: [
      spec.salt,
      {
        owner: spec.owner,
        name: spec.name,
        symbol: spec.symbol,
        decimals: spec.decimals,
        irs: spec.shareIdentityStorage === false ? zeroAddress : d.identityRegistry.storage,
        ONCHAINID: zeroAddress,
        irAgents: spec.irAgents,
        tokenAgents: spec.tokenAgents,
        complianceModules: modules,
        complianceSettings: settings,
      },
      {
        claimTopics: spec.claimTopics,
        issuers: issuers.map((i) => i.issuer),
        issuerClaims: issuers.map((i) => i.topics),
      },
    ],
  })
}

/** Reads the suite's addresses from a deployTREXSuite receipt's TREXSuiteDeployed event. */
export function suiteFromLogs(logs: readonly { address: Address; data: Hex; topics: readonly Hex[] }[], blockNumber: bigint, txHash: Hex, moduleList: Address[]): TokenSuite {
  const [ev] = parseEventLogs({ abi: trexFactoryAbi, eventName: 'TREXSuiteDeployed', logs: logs as never })
  if (!ev) throw new ChainError('SUITE_EVENT_MISSING', `no TREXSuiteDeployed event in ${txHash}`, { retryable: false })
  return {
    token: ev.args._token,
    identityRegistry: ev.args._ir,
    identityRegistryStorage: ev.args._irs,
    trustedIssuersRegistry: ev.args._tir,
    claimTopicsRegistry: ev.args._ctr,
    compliance: ev.args._mc,
    modules: moduleList,
    deployBlock: blockNumber,
    txHash,
  }
}

/**
 * Deploys a token suite from the factory owner's account (operator tooling and
 * tests; the platform sends the same calldata through custody).
 */
export async function deployTokenSuite(ctx: DeployContext, d: Deployments, spec: TokenSuiteSpec): Promise<TokenSuite> {
  const data = encodeDeployTokenSuite(d, spec)
  ctx.onProgress?.(`deploy token suite ${spec.symbol}`)
  const hash = await ctx.walletClient.sendTransaction({ to: d.trexFactory, data })
  const receipt = await waitForReceipt(ctx.publicClient, hash)
  if (receipt.status !== 'success') throw new ChainError('DEPLOY_TX_REVERTED', `deployTREXSuite ${spec.symbol} reverted (tx ${hash})`, { retryable: false })
  return suiteFromLogs(receipt.logs, receipt.blockNumber, hash, (spec.moduleConfig ?? complianceConfig(d, spec.compliance)).modules)
}

export { sendCall }
