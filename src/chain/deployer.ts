import type { Abi, Account, Address, Chain, Hash, PublicClient, Transport, WalletClient } from 'viem'
import { artifact, type ContractName } from './artifacts.ts'
import { ChainError } from '../shared/errors.ts'
import { waitForReceipt } from './wait-for-receipt.ts'

/**
 * What deployment scripts need: a reader, a funded deployer account, and a
 * progress callback (the CLI shows it on a TTY, logs plain lines otherwise).
 * Deployment is an operator's bootstrap step with an operator key; everything
 * after it is signed by custody.
 */
export interface DeployContext {
  publicClient: PublicClient<Transport, Chain>
  walletClient: WalletClient<Transport, Chain, Account>
  onProgress?: (step: string) => void
}

async function confirmed(ctx: DeployContext, hash: Hash, what: string) {
  const receipt = await waitForReceipt(ctx.publicClient, hash)
  if (receipt.status !== 'success') throw new ChainError('DEPLOY_TX_REVERTED', `${what} reverted (tx ${hash})`, { retryable: false })
  return receipt
}

/** Deploys a contract from its artifact and waits for the receipt. */
export async function deployContract(ctx: DeployContext, name: ContractName, args: readonly unknown[] = []): Promise<Address> {
  const { abi, bytecode } = artifact(name)
  ctx.onProgress?.(`deploy ${name}`)
  const hash = await ctx.walletClient.deployContract({ abi: abi as Abi, bytecode, args: args as unknown[] })
  const receipt = await confirmed(ctx, hash, `deploying ${name}`)
  if (!receipt.contractAddress) throw new ChainError('DEPLOY_NO_ADDRESS', `deploying ${name} gave no address`)
  return receipt.contractAddress
}

/** Sends one contract call from the deployer and waits for a successful receipt. */
export async function sendCall(
  ctx: DeployContext,
  address: Address,
  abi: Abi | readonly unknown[],
  functionName: string,
  args: readonly unknown[],
  label?: string,
) {
  ctx.onProgress?.(label ?? functionName)
  const hash = await ctx.walletClient.writeContract({ address, abi: abi as Abi, functionName, args: args as unknown[] })
  return confirmed(ctx, hash, label ?? functionName)
}
