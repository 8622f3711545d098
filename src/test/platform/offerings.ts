import { erc20Abi, type Address } from 'viem'
import { devStablecoinAbi } from '../../chain/generated/abis.ts'
import type { TestChain } from '../chain.ts'
import type { TestCustody } from '../custody.ts'
import type { TestPlatform } from '../platform.ts'
import { approveCustodyTx, pollUntil } from './tokens.ts'
import { waitForReceipt } from '../../chain/wait-for-receipt.ts'

// Helpers shared by the offering tests (not a test file itself).

export type OfferingView = {
  id: string
  status: string
  statusReason: string | null
  treasury: { vaultId: string; address: Address }
  totals: { subscribed: string; paid: string; refunded: string; allocated: string; issued: string; subscriptions: number }
  lockupEndsAt: string | null
  closedAt: string | null
  close: { kind: string; workflow: { status: string; step: string; lastError: string | null; lastErrorCode: string | null } | null } | null
}
export type SubscriptionView = {
  id: string
  status: string
  statusCode: string | null
  amount: string
  allocation: string
  payment: { method: string | null; attempt: number; externalTxId: string | null; custodyTxId: string | null; fiatReference: string | null; paidAt: string | null }
  refund: { attempt: number; custodyTxId: string | null; refundedAt: string | null; reference: string | null }
  mint: { operationId: string; status: string | null; custodyTxId: string | null; txHash: string | null } | null
  lockup: { operationId: string; seconds: string | null; status: string; custodyTxId: string | null } | null
}

export const DAY = 86_400_000
export const cusd = (dollars: number) => BigInt(Math.round(dollars * 1_000_000))

/** Test setup only: the deployer (owner of the development stablecoin) mints cUSD to an address. */
export async function fundStablecoin(chain: TestChain, to: Address, amount: bigint): Promise<void> {
  const hash = await chain.deployer.writeContract({ address: chain.deployments.stablecoin, abi: devStablecoinAbi, functionName: 'mint', args: [to, amount] })
  const receipt = await waitForReceipt(chain.publicClient, hash)
  if (receipt.status !== 'success') throw new Error('stablecoin mint reverted')
}

export const stablecoinBalance = (chain: TestChain, who: Address) => chain.publicClient.readContract({ address: chain.deployments.stablecoin, abi: erc20Abi, functionName: 'balanceOf', args: [who] })

export async function getOffering(platform: TestPlatform, id: string): Promise<OfferingView> {
  const res = await platform.as.auditor.get<OfferingView>(`/v1/offerings/${id}`)
  if (res.status !== 200) throw new Error(`GET offering ${id}: ${res.status} ${JSON.stringify(res.body)}`)
  return res.body
}

export async function getSubscription(platform: TestPlatform, id: string): Promise<SubscriptionView> {
  const res = await platform.as.auditor.get<SubscriptionView>(`/v1/subscriptions/${id}`)
  if (res.status !== 200) throw new Error(`GET subscription ${id}: ${res.status} ${JSON.stringify(res.body)}`)
  return res.body
}

export const waitForOffering = (platform: TestPlatform, id: string, done: (o: OfferingView) => boolean, what = `offering ${id}`) =>
  pollUntil(() => getOffering(platform, id), done, what, 120_000)

export const waitForSubscription = (platform: TestPlatform, id: string, done: (s: SubscriptionView) => boolean, what = `subscription ${id}`) =>
  pollUntil(() => getSubscription(platform, id), done, what, 90_000)

/** Approves at custody the mint of each subscription's allocation as the close workflow asks for it. */
export async function approveAllocationMints(platform: TestPlatform, custody: TestCustody, subscriptionIds: string[]): Promise<void> {
  for (const id of subscriptionIds) {
    // An offering with a lock-up records it on-chain (one more custody transaction) before the mint.
    let s = await waitForSubscription(platform, id, (x) => x.mint?.custodyTxId != null || x.lockup?.custodyTxId != null, `mint of subscription ${id} submitted`)
    if (!s.mint && s.lockup && s.lockup.status !== 'COMPLETED') {
      await approveCustodyTx(custody, s.lockup.custodyTxId!)
      s = await waitForSubscription(platform, id, (x) => x.mint?.custodyTxId != null, `mint of subscription ${id} submitted`)
    }
    await approveCustodyTx(custody, s.mint!.custodyTxId!)
  }
}
