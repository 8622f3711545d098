import { readFileSync } from 'node:fs'
import { createTestClient, http, type Account, type Chain, type PublicClient, type TestClient, type Transport, type WalletClient, type Hex } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { startAnvil, type AnvilProcess } from '../chain/anvil.ts'
import { chainFor, publicClientFor, walletClientFor } from '../chain/clients.ts'
import { ANVIL_DEV_KEYS } from '../chain/dev-accounts.ts'
import type { Deployments } from '../chain/deployments.ts'
import type { DeployContext } from '../chain/deployer.ts'
import { freePort } from '../shared/net.ts'

export interface TestChain {
  anvil: AnvilProcess
  rpcUrl: string
  chainId: number
  publicClient: PublicClient<Transport, Chain>
  testClient: TestClient<'anvil', Transport, Chain>
  deployer: WalletClient<Transport, Chain, Account>
  /** Funded anvil accounts 1..4 for tests that need independent senders. */
  wallets: WalletClient<Transport, Chain, Account>[]
  /** The shared infrastructure, deployed once for the whole run by the global setup. */
  deployments: Deployments
  deployCtx: DeployContext
  /** Snapshot now; the returned function reverts to it. */
  snapshot(): Promise<() => Promise<void>>
  stop(): Promise<void>
}

/**
 * A real anvil for one test file, started from the state the global setup
 * deployed the infrastructure into (so each file starts from the same chain).
 */
export async function startTestChain(): Promise<TestChain> {
  const statePath = process.env.CUSTOS_TEST_CHAIN_STATE
  const deploymentsPath = process.env.CUSTOS_TEST_DEPLOYMENTS
  if (!statePath || !deploymentsPath) throw new Error('test chain state missing: run tests through vitest (global setup)')
  const port = await freePort()
  const anvil = await startAnvil({ port, loadStatePath: statePath })
  const chainId = 31337
  const publicClient = publicClientFor(anvil.rpcUrl, chainId)
  const testClient = createTestClient({ mode: 'anvil', chain: chainFor(chainId, anvil.rpcUrl), transport: http(anvil.rpcUrl) }) as TestClient<'anvil', Transport, Chain>
  const deployer = walletClientFor(anvil.rpcUrl, chainId, privateKeyToAccount(ANVIL_DEV_KEYS[0]!))
  const wallets = ANVIL_DEV_KEYS.slice(1).map((k) => walletClientFor(anvil.rpcUrl, chainId, privateKeyToAccount(k as Hex)))
  const deployments = JSON.parse(readFileSync(deploymentsPath, 'utf8')) as Deployments
  return {
    anvil,
    rpcUrl: anvil.rpcUrl,
    chainId,
    publicClient,
    testClient,
    deployer,
    wallets,
    deployments,
    deployCtx: { publicClient, walletClient: deployer },
    async snapshot() {
      const id = await testClient.snapshot()
      return async () => {
        await testClient.revert({ id })
      }
    },
    stop: () => anvil.stop(),
  }
}
