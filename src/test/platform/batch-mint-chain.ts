import { encodeFunctionData, keccak256, parseEventLogs, stringToHex, type Account, type Address, type Chain, type Hex, type PublicClient, type TestClient, type Transport, type WalletClient } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { CLAIM_TOPICS, KEY_PURPOSE, KEY_TYPE_ECDSA } from '../../chain/claim-topics.ts'
import { keyHashOf } from '../../chain/deploy-infrastructure.ts'
import { deployTokenSuite, type ComplianceSettings, type TokenSuite } from '../../chain/deploy-token-suite.ts'
import type { Deployments } from '../../chain/deployments.ts'
import { claimIssuerAbi, idFactoryAbi, identityAbi, identityRegistryAbi } from '../../chain/generated/abis.ts'
import { claimPayloadHash } from '../../chain/identity.ts'
import { waitForReceipt } from '../../chain/wait-for-receipt.ts'

// Helpers of the batch-mint tests and bench (not used by the service): they act
// on a development chain directly with the deployer's key, to put many verified
// holders on-chain quickly. The platform itself never signs.

export interface ChainSetup {
  publicClient: PublicClient<Transport, Chain>
  testClient: TestClient<'anvil', Transport, Chain>
  /** The infrastructure deployer: IdFactory owner and ClaimIssuer manager on a fresh chain. */
  deployer: WalletClient<Transport, Chain, Account>
  deployments: Deployments
  onProgress?: (done: number, total: number, what: string) => void
}

/** Germany (ISO 3166-1 numeric), where every generated holder lives. */
export const HOLDER_COUNTRY = 276

/**
 * A token suite the deployer operates (owner, token agent, identity-registry
 * agent) with the platform's usual shape: the KYC topic and the country,
 * max-balance and supply-limit modules.
 */
export async function deployAgentToken(s: ChainSetup, symbol: string, compliance: ComplianceSettings = { allowedCountries: [HOLDER_COUNTRY], maxBalance: 10n ** 30n, supplyLimit: 10n ** 36n }): Promise<TokenSuite> {
  const agent = s.deployer.account.address
  return deployTokenSuite({ publicClient: s.publicClient, walletClient: s.deployer }, s.deployments, {
    salt: `custos:bench:${symbol}`,
    name: `${symbol} batch-mint token`,
    symbol,
    decimals: 0,
    owner: agent,
    tokenAgents: [agent],
    irAgents: [agent],
    claimTopics: [CLAIM_TOPICS.KYC],
    compliance,
  })
}

/** Deterministic holder accounts (keys derived from a label): the same label gives the same holders. */
export function holderAccounts(label: string, count: number, from = 0): Account[] {
  return Array.from({ length: count }, (_, i) => privateKeyToAccount(keccak256(stringToHex(`custos:batch-mint-holder:${label}:${from + i}`))))
}

/** Sends pre-signed transactions back to back, then waits for the last; throws if any reverted. */
async function sendAll(s: ChainSetup, signed: Hex[], what: string): Promise<void> {
  const hashes: Hex[] = []
  for (let i = 0; i < signed.length; i++) {
    hashes.push(await s.publicClient.sendRawTransaction({ serializedTransaction: signed[i]! }))
    if ((i + 1) % 50 === 0 || i + 1 === signed.length) s.onProgress?.(i + 1, signed.length, what)
  }
  if (hashes.length === 0) return
  try {
    await waitForReceipt(s.publicClient, hashes.at(-1)!, { pollMs: 20 })
  } catch (err) {
    // Say which transactions the chain has not mined, rather than only that the last one is missing.
    const missing: string[] = []
    for (const hash of hashes) {
      const r = await s.publicClient.getTransactionReceipt({ hash }).catch(() => null)
      if (!r) missing.push(hash)
    }
    const pending = await s.publicClient.request({ method: 'txpool_status' as never }).catch(() => null)
    throw new Error(`${what}: ${missing.length} of ${hashes.length} transactions not mined (first ${missing[0]}); txpool ${JSON.stringify(pending)}: ${(err as Error).message}`)
  }
  for (let i = 0; i < hashes.length; i += 25) {
    const receipts = await Promise.all(hashes.slice(i, i + 25).map((hash) => waitForReceipt(s.publicClient, hash, { pollMs: 20, timeoutMs: 300_000 })))
    const bad = receipts.find((r) => r.status !== 'success')
    if (bad) throw new Error(`${what}: transaction ${bad.transactionHash} reverted`)
  }
}

async function inGroups<T, R>(items: readonly T[], size: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out: R[] = []
  for (let i = 0; i < items.length; i += size) out.push(...(await Promise.all(items.slice(i, i + size).map((item, j) => fn(item, i + j)))))
  return out
}

/**
 * Gives every account an ONCHAINID identity carrying a KYC claim from the
 * platform's ClaimIssuer, and registers them (country {@link HOLDER_COUNTRY})
 * in `identityRegistry` with `batchRegisterIdentity`, 100 at a time. The
 * deployer creates the identities and signs the claims (it becomes a claim key
 * of the ClaimIssuer if it is not one); each holder adds its own claim.
 */
export async function registerHolders(s: ChainSetup, identityRegistry: Address, holders: readonly Account[]): Promise<Address[]> {
  const { publicClient: client, deployer, deployments: d } = s
  const me = deployer.account.address
  const chain = deployer.chain
  if (!(await client.readContract({ address: d.claimIssuer, abi: claimIssuerAbi, functionName: 'keyHasPurpose', args: [keyHashOf(me), KEY_PURPOSE.CLAIM] }))) {
    const hash = await deployer.writeContract({ address: d.claimIssuer, abi: claimIssuerAbi, functionName: 'addKey', args: [keyHashOf(me), KEY_PURPOSE.CLAIM, KEY_TYPE_ECDSA] })
    await waitForReceipt(client, hash)
  }
  if (!(await client.readContract({ address: identityRegistry, abi: identityRegistryAbi, functionName: 'isAgent', args: [me] }))) throw new Error(`${me} is not an agent of ${identityRegistry}`)
  await inGroups(holders, 50, (h) => s.testClient.setBalance({ address: h.address, value: 10n ** 18n }))

  const fees = await client.estimateFeesPerGas()
  const fee = { maxFeePerGas: fees.maxFeePerGas * 2n, maxPriorityFeePerGas: fees.maxPriorityFeePerGas }
  let nonce = await client.getTransactionCount({ address: me, blockTag: 'pending' })
  const from = await client.getBlockNumber()
  const creates: Hex[] = []
  for (const h of holders) {
    const data = encodeFunctionData({ abi: idFactoryAbi, functionName: 'createIdentity', args: [h.address, `custos:holder:${h.address}`] })
    creates.push(await deployer.signTransaction({ to: d.idFactory, data, gas: 1_000_000n, nonce: nonce++, chain, ...fee }))
  }
  await sendAll(s, creates, 'create identities')
  const logs = parseEventLogs({ abi: idFactoryAbi, eventName: 'WalletLinked', logs: await client.getLogs({ address: d.idFactory, fromBlock: from + 1n, toBlock: 'latest' }) })
  const identityOf = new Map(logs.map((l) => [l.args.wallet.toLowerCase(), l.args.identity]))
  const identities = holders.map((h) => {
    const id = identityOf.get(h.address.toLowerCase())
    if (!id) throw new Error(`no identity created for ${h.address}`)
    return id
  })

  const data: Hex = '0x4b5943'
  const nonces = await inGroups(holders, 50, (h) => client.getTransactionCount({ address: h.address, blockTag: 'pending' }))
  const claims: Hex[] = []
  for (let i = 0; i < holders.length; i++) {
    const h = holders[i]!
    const signature = await deployer.account.signMessage!({ message: { raw: claimPayloadHash(identities[i]!, CLAIM_TOPICS.KYC, data) } })
    const call = encodeFunctionData({ abi: identityAbi, functionName: 'addClaim', args: [CLAIM_TOPICS.KYC, 1n, d.claimIssuer, signature, data, ''] })
    claims.push(await h.signTransaction!({ to: identities[i]!, data: call, gas: 600_000n, nonce: nonces[i]!, chainId: chain.id, type: 'eip1559', ...fee }))
  }
  await sendAll(s, claims, 'add KYC claims')

  const registers: Hex[] = []
  for (let i = 0; i < holders.length; i += 100) {
    const part = holders.slice(i, i + 100)
    const call = encodeFunctionData({ abi: identityRegistryAbi, functionName: 'batchRegisterIdentity', args: [part.map((h) => h.address), identities.slice(i, i + 100), part.map(() => HOLDER_COUNTRY)] })
    registers.push(await deployer.signTransaction({ to: identityRegistry, data: call, gas: 14_000_000n, nonce: nonce++, chain, ...fee }))
  }
  await sendAll(s, registers, 'register identities')
  return identities
}
