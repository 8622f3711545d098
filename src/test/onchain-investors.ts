import { encodeFunctionData, type Account, type Address, type Chain, type Hex, type PublicClient, type TestClient, type Transport, type WalletClient } from 'viem'
import { generatePrivateKey, privateKeyToAccount, type PrivateKeyAccount } from 'viem/accounts'
import { CLAIM_TOPICS, KEY_PURPOSE, KEY_TYPE_ECDSA } from '../chain/claim-topics.ts'
import { sendCall, type DeployContext } from '../chain/deployer.ts'
import type { Deployments } from '../chain/deployments.ts'
import { keyHashOf } from '../chain/deploy-infrastructure.ts'
import { claimIssuerAbi, idFactoryAbi, identityAbi, identityRegistryAbi, modularComplianceAbi, tokenAbi } from '../chain/generated/abis.ts'
import { claimPayloadHash, identityFromLogs } from '../chain/identity.ts'
import { walletClientFor } from '../chain/clients.ts'
import { waitForReceipt } from '../chain/wait-for-receipt.ts'

/** An investor onboarded straight on-chain: its own key, an identity with a KYC claim, a country in the registry. */
export interface OnchainInvestor {
  address: Address
  identity: Address
  wallet: WalletClient<Transport, Chain, Account>
}

/** What onboarding needs: the deployer (registry agent, ClaimIssuer manager) and a claim signer. */
export interface OnchainWorld {
  ctx: DeployContext
  d: Deployments
  rpcUrl: string
  testClient: Pick<TestClient<'anvil', Transport, Chain>, 'setBalance'>
  claimSigner: PrivateKeyAccount
}

/** Makes the deployer an agent of the platform registry and adds a fresh claim key to the ClaimIssuer. */
export async function prepareWorld(w: Omit<OnchainWorld, 'claimSigner'>): Promise<OnchainWorld> {
  const claimSigner = privateKeyToAccount(generatePrivateKey())
  const agent = w.ctx.walletClient.account.address
  const isAgent = await w.ctx.publicClient.readContract({ address: w.d.identityRegistry.registry, abi: identityRegistryAbi, functionName: 'isAgent', args: [agent] })
  if (!isAgent) await sendCall(w.ctx, w.d.identityRegistry.registry, identityRegistryAbi, 'addAgent', [agent])
  await sendCall(w.ctx, w.d.claimIssuer, claimIssuerAbi, 'addKey', [keyHashOf(claimSigner.address), KEY_PURPOSE.CLAIM, KEY_TYPE_ECDSA])
  return { ...w, claimSigner }
}

/** Onboards a fresh investor with its own key in `country` (ISO numeric). */
export async function onboardInvestor(w: OnchainWorld, country: number, salt: string): Promise<OnchainInvestor> {
  const account = privateKeyToAccount(generatePrivateKey())
  const chainId = await w.ctx.publicClient.getChainId()
  const wallet = walletClientFor(w.rpcUrl, chainId, account)
  await w.testClient.setBalance({ address: account.address, value: 10n ** 20n })
  const receipt = await sendCall(w.ctx, w.d.idFactory, idFactoryAbi, 'createIdentity', [account.address, salt])
  const identity = identityFromLogs(receipt.logs)!
  const data: Hex = '0x4b5943'
  const signature = await w.claimSigner.signMessage({ message: { raw: claimPayloadHash(identity, CLAIM_TOPICS.KYC, data) } })
  const hash = await wallet.writeContract({ address: identity, abi: identityAbi, functionName: 'addClaim', args: [CLAIM_TOPICS.KYC, 1n, w.d.claimIssuer, signature, data, ''] })
  if ((await waitForReceipt(w.ctx.publicClient, hash)).status !== 'success') throw new Error(`addClaim for ${account.address} reverted`)
  await sendCall(w.ctx, w.d.identityRegistry.registry, identityRegistryAbi, 'registerIdentity', [account.address, identity, country])
  return { address: account.address, identity, wallet }
}

/**
 * Sends a token call from the holder's own key without simulating first (a
 * fixed gas limit), so the chain itself decides; returns whether it was mined
 * successfully.
 */
export async function sendFrom(publicClient: PublicClient<Transport, Chain>, wallet: WalletClient<Transport, Chain, Account>, to: Address, data: Hex): Promise<boolean> {
  const hash = await wallet.sendTransaction({ to, data, gas: 2_000_000n })
  return (await waitForReceipt(publicClient, hash)).status === 'success'
}

/** A token transfer sent by the holder itself (see `sendFrom`). */
export function transferFrom(publicClient: PublicClient<Transport, Chain>, holder: OnchainInvestor, token: Address, to: Address, amount: bigint): Promise<boolean> {
  return sendFrom(publicClient, holder.wallet, token, encodeFunctionData({ abi: tokenAbi, functionName: 'transfer', args: [to, amount] }))
}

/** An agent call on the token, sent without simulation; whether it was mined successfully. */
export function agentCall(ctx: DeployContext, token: Address, data: Hex): Promise<boolean> {
  return sendFrom(ctx.publicClient, ctx.walletClient, token, data)
}

/** The compliance owner configures a bound module (`callModuleFunction`). */
export async function configureModule(ctx: DeployContext, compliance: Address, module: Address, data: Hex): Promise<void> {
  await sendCall(ctx, compliance, modularComplianceAbi, 'callModuleFunction', [data, module])
}
