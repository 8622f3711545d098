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

/**
 * Deploys the shared infrastructure once into an anvil state file; every test
 * file then starts its own anvil from that state (see src/test/chain.ts).
 */
export default async function setup() {
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
  return () => rmSync(dir, { recursive: true, force: true })
}
