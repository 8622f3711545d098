import { Type } from 'typebox'
import { privateKeyToAccount } from 'viem/accounts'
import type { Hex } from 'viem'
import { CommonEnv, HttpUrl, homeDir } from '../shared/config/common.ts'
import { parseEnv } from '../shared/config/parse-env.ts'
import { ConfigError } from '../shared/errors.ts'
import { statePaths } from '../shared/state-paths.ts'
import { publicClientFor, readChainId, walletClientFor } from '../chain/clients.ts'
import { deployInfrastructure } from '../chain/deploy-infrastructure.ts'
import { deploymentsLive, hasComplianceModules, readDeployments, writeDeployments, type Deployments } from '../chain/deployments.ts'
import { deployComplianceModules } from '../chain/deploy-compliance-modules.ts'
import { deployContract } from '../chain/deployer.ts'
import { createProgress } from './progress.ts'

const DeployEnv = Type.Object({
  ...CommonEnv,
  RPC_URL: Type.Optional(HttpUrl('JSON-RPC endpoint to deploy to')),
  DEPLOYER_PRIVATE_KEY: Type.Optional(Type.String({ pattern: '^0x[0-9a-fA-F]{64}$', description: '0x-prefixed 32-byte hex key of a funded deployer account' })),
})

/**
 * Deploys the infrastructure to `rpcUrl` unless `file` already describes live
 * contracts there. Returns the deployments and whether it deployed.
 */
export async function ensureInfrastructure(opts: { rpcUrl: string; deployerKey: Hex; file: string; force?: boolean; log?: (line: string) => void }): Promise<{ deployments: Deployments; deployed: boolean }> {
  const chainId = await readChainId(opts.rpcUrl)
  const publicClient = publicClientFor(opts.rpcUrl, chainId)
  const existing = readDeployments(opts.file)
  const walletClient = walletClientFor(opts.rpcUrl, chainId, privateKeyToAccount(opts.deployerKey))
  if (existing && !opts.force && (await deploymentsLive(publicClient, existing))) {
    if (hasComplianceModules(existing)) {
      if (existing.settlement?.dvp) return { deployments: existing, deployed: false }
      // An installation from before the DvP settlement contract: add it beside the rest, bound to its lock-up module.
      const upgraded = { ...existing, settlement: { dvp: await deployContract({ publicClient, walletClient }, 'DvpSettlement', [existing.modules.lockup]) } }
      writeDeployments(opts.file, upgraded)
      return { deployments: upgraded, deployed: true }
    }
    // An installation from before the Custos compliance modules: add them (and the ERC-1404 view) beside it.
    const upgraded = { ...existing, ...(await deployComplianceModules({ publicClient, walletClient })) }
    writeDeployments(opts.file, upgraded)
    return { deployments: upgraded, deployed: true }
  }
  const progress = createProgress('deploy')
  const t0 = Date.now()
  const deployments = await deployInfrastructure({ publicClient, walletClient, onProgress: (s) => progress.step(s) })
  writeDeployments(opts.file, deployments)
  progress.done(`infrastructure deployed on chain ${chainId} in ${((Date.now() - t0) / 1000).toFixed(1)} s → ${opts.file}`)
  return { deployments, deployed: true }
}

export async function deployCommand(env: Record<string, string | undefined>, opts: { rpcUrl?: string; out?: string; force?: boolean }) {
  const config = parseEnv(DeployEnv, env)
  const rpcUrl = opts.rpcUrl ?? config.RPC_URL
  if (!rpcUrl) throw new ConfigError('no chain given: pass --rpc-url or set RPC_URL')
  if (!config.DEPLOYER_PRIVATE_KEY) throw new ConfigError('DEPLOYER_PRIVATE_KEY is not set: the deployer account pays for and initially owns the infrastructure')
  const file = opts.out ?? statePaths(homeDir(config.CUSTOS_HOME)).deployments
  const { deployments, deployed } = await ensureInfrastructure({ rpcUrl, deployerKey: config.DEPLOYER_PRIVATE_KEY as Hex, file, force: opts.force })
  if (!deployed) process.stdout.write(`deploy: infrastructure already live on chain ${deployments.chainId} (${file}); use --force to deploy again\n`)
  process.stdout.write(`TREXFactory ${deployments.trexFactory}\nIdFactory ${deployments.idFactory}\nClaimIssuer ${deployments.claimIssuer}\nIdentityRegistry ${deployments.identityRegistry.registry}\nStablecoin ${deployments.stablecoin}\nTransferRestrictions ${deployments.transferRestrictions}\n`)
}
