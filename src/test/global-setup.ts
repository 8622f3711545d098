import { spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { privateKeyToAccount } from 'viem/accounts'
import { startAnvil } from '../chain/anvil.ts'
import { publicClientFor, walletClientFor } from '../chain/clients.ts'
import { ANVIL_DEV_KEYS } from '../chain/dev-accounts.ts'
import { deployInfrastructure } from '../chain/deploy-infrastructure.ts'
import { writeDeployments } from '../chain/deployments.ts'
import { freePort } from '../shared/net.ts'
import { dropTemplateDatabases } from './database.ts'

/**
 * Deploys the shared infrastructure once into an anvil state file; every test
 * file then starts its own anvil from that state (see src/test/chain.ts).
 */
export default async function setup() {
  // Crash and several-node tests run the services as processes from dist/ (as production
  // does): build it from the sources under test first, so it is never stale (about 1 s).
  const build = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/build-services.ts'], { cwd: new URL('../..', import.meta.url), stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' })
  if (build.status !== 0) throw new Error(`building dist/ for the service-process tests failed: ${build.stderr}`)
  const dir = mkdtempSync(join(tmpdir(), 'custos-test-chain-'))
  const statePath = join(dir, 'state.json')
  const anvil = await startAnvil({ port: await freePort(), statePath, stateIntervalSeconds: 3600 })
  try {
    const publicClient = publicClientFor(anvil.rpcUrl, 31337)
    const walletClient = walletClientFor(anvil.rpcUrl, 31337, privateKeyToAccount(ANVIL_DEV_KEYS[0]!))
    const d = await deployInfrastructure({ publicClient, walletClient })
    writeDeployments(join(dir, 'deployments.json'), d)
  } finally {
    await anvil.stop()
  }
  process.env.CUSTOS_TEST_CHAIN_STATE = statePath
  process.env.CUSTOS_TEST_DEPLOYMENTS = join(dir, 'deployments.json')
  // Names the template databases the workers make on PostgreSQL (src/test/database.ts).
  const run = randomBytes(4).toString('hex')
  process.env.CUSTOS_TEST_RUN_ID = run
  return async () => {
    rmSync(dir, { recursive: true, force: true })
    if (process.env.DATABASE_URL) await dropTemplateDatabases(process.env.DATABASE_URL, run)
  }
}
