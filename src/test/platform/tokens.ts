import { suiteColumns } from '../../platform/modules/tokens/public.ts'
import { randomUUID } from 'node:crypto'
import type { Address, Hex } from 'viem'
import { encodeDeployTokenSuite, suiteFromLogs } from '../../chain/deploy-token-suite.ts'
import { CLAIM_TOPICS } from '../../chain/claim-topics.ts'
import { countryNumeric } from '../../platform/modules/kyc/public.ts'
import { TOKEN_SELECTORS } from '../../platform/modules/tokens/public.ts'
import type { TestChain } from '../chain.ts'
import { deployTokenyModules, tokenyComplianceConfig } from '../tokeny-modules.ts'
import type { SignedFetch } from '../../shared/auth/sign-request.ts'
import type { TestCustody } from '../custody.ts'
import { waitForInvestor, type TestPlatform } from '../platform.ts'

// Helpers shared by the token, issuance and transfer tests (not a test file itself).

export type TokenView = {
  id: string
  symbol: string
  status: string
  addresses: { token: Address | null; identityRegistry: Address | null; identityRegistryStorage: Address | null; compliance: Address | null; transferRestrictions: Address | null }
  modules: Address[]
  paused: boolean | null
  totalSupply: string | null
  deployment: { custodyTxId: string; status: string; txHash: string | null } | null
}
export type OperationView = { id: string; kind: string; status: string; statusCode: string | null; custodyTxId: string | null; custodyStatus: string | null; externalTxId: string; txHash: string | null; quantity: string | null }
export type InvestorView = { id: string; status: string; walletAddress: Address | null; vaultId: string | null }

/** Polls `read` until `done` holds, with a deadline. */
export async function pollUntil<T>(read: () => Promise<T>, done: (v: T) => boolean, what: string, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const v = await read()
    if (done(v)) return v
    if (Date.now() > deadline) throw new Error(`${what}: still ${JSON.stringify(v)} after ${timeoutMs} ms`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

/** Creates an investor and waits until it is onboarded (the platform runs with auto-approval). */
export async function onboardInvestor(platform: TestPlatform, name: string, country: string): Promise<InvestorView> {
  const res = await platform.as['issuer-admin'].post<InvestorView>('/v1/investors', { name, email: `${name.replace(/\W/g, '').toLowerCase()}@example.org`, country, type: 'individual' })
  if (res.status !== 201) throw new Error(`create investor: ${res.status} ${JSON.stringify(res.body)}`)
  return waitForInvestor<InvestorView>(platform.as.auditor, res.body.id, (i) => i.status === 'ACTIVE', 180_000)
}

/** A custody approver approves a transaction once it waits for authorization. */
export async function approveCustodyTx(custody: TestCustody, custodyTxId: string): Promise<void> {
  await pollUntil(
    async () => (await custody.as.auditor.get<{ status: string }>(`/v1/transactions/${custodyTxId}`)).body.status,
    (s) => s === 'PENDING_AUTHORIZATION',
    `custody transaction ${custodyTxId}`,
  )
  const res = await custody.as['approver-1'].post(`/v1/transactions/${custodyTxId}/approve`, { comment: 'checked' })
  if (res.status !== 200) throw new Error(`approve ${custodyTxId}: ${res.status} ${JSON.stringify(res.body)}`)
}

export async function getToken(client: SignedFetch, id: string): Promise<TokenView> {
  const res = await client.get<TokenView>(`/v1/tokens/${id}`)
  if (res.status !== 200) throw new Error(`GET token ${id}: ${res.status} ${JSON.stringify(res.body)}`)
  return res.body
}

/** Deploys a token through the API, approves it at custody, and waits until it is ACTIVE. */
export async function deployToken(platform: TestPlatform, custody: TestCustody, body: Record<string, unknown>): Promise<TokenView> {
  const res = await platform.as['issuer-admin'].post<TokenView>('/v1/tokens', body)
  if (res.status !== 201) throw new Error(`create token: ${res.status} ${JSON.stringify(res.body)}`)
  const pending = await pollUntil(() => getToken(platform.as.auditor, res.body.id), (t) => t.deployment !== null, 'token deployment submitted')
  await approveCustodyTx(custody, pending.deployment!.custodyTxId)
  return pollUntil(() => getToken(platform.as.auditor, res.body.id), (t) => t.status !== 'DEPLOYING', 'token deployed', 90_000)
}

/** Waits until an operation is final (approving it at custody when it waits for that). */
export async function settleOperation(platform: TestPlatform, custody: TestCustody, path: string, op: OperationView, approve = true): Promise<OperationView> {
  if (approve && op.status !== 'COMPLETED' && op.status !== 'FAILED') {
    const withTx = await pollUntil(async () => (await platform.as.auditor.get<OperationView>(path)).body, (o) => o.custodyTxId !== null, `operation ${op.id} submitted`)
    await approveCustodyTx(custody, withTx.custodyTxId!)
  }
  return pollUntil(async () => (await platform.as.auditor.get<OperationView>(path)).body, (o) => o.status === 'COMPLETED' || o.status === 'FAILED', `operation ${op.id}`)
}

/**
 * Mints `quantity` of a token to an investor through the API (agreement `sa-1`) and waits until
 * custody has it on-chain (approving it there); fails unless it is accepted (202) and COMPLETED.
 */
export async function mintSettled(platform: TestPlatform, custody: TestCustody, tokenId: string, investor: InvestorView, quantity: string, idempotencyKey: string): Promise<OperationView> {
  const res = await platform.as['issuer-admin'].post<OperationView>('/v1/assets/mint', { tokenId, investorId: investor.id, quantity, agreementRef: 'sa-1', idempotencyKey })
  if (res.status !== 202) throw new Error(`mint ${idempotencyKey}: ${res.status} ${JSON.stringify(res.body)}`)
  const done = await settleOperation(platform, custody, `/v1/assets/issuances/${res.body.id}`, res.body)
  if (done.status !== 'COMPLETED') throw new Error(`mint ${idempotencyKey} ended ${done.status} (${done.statusCode})`)
  return done
}

/**
 * A token as an installation made before Custos had its own compliance modules:
 * the issuer-agent vault deploys the suite through custody (approved there) bound
 * to Tokeny's CountryAllow, MaxBalance and SupplyLimit modules with the rules they
 * have, and the platform records it ACTIVE with `compliance` as `POST /v1/tokens`
 * would have. For the compliance migration's tests only (Tokeny's modules are not
 * deployed for tokens, decision 0024).
 */
export async function deployTokenyToken(
  chain: TestChain,
  platform: TestPlatform,
  custody: TestCustody,
  p: { name: string; symbol: string; compliance: { allowedCountries?: string[]; maxBalance?: string; supplyLimit?: string; maxHolders?: string } },
): Promise<TokenView> {
  const d = chain.deployments
  const theirs = await deployTokenyModules(chain.deployCtx)
  const id = randomUUID()
  const { issuerAgent, identityAgent } = platform.roles.vaults
  const moduleConfig = tokenyComplianceConfig(theirs, {
    allowedCountries: p.compliance.allowedCountries?.map(countryNumeric),
    maxBalance: p.compliance.maxBalance !== undefined ? BigInt(p.compliance.maxBalance) : undefined,
    supplyLimit: p.compliance.supplyLimit !== undefined ? BigInt(p.compliance.supplyLimit) : undefined,
  })
  const data = encodeDeployTokenSuite(d, {
    salt: `custos:${id}`,
    name: p.name,
    symbol: p.symbol,
    decimals: 0,
    owner: issuerAgent.address,
    tokenAgents: [issuerAgent.address],
    irAgents: [identityAgent.address],
    claimTopics: [CLAIM_TOPICS.KYC],
    moduleConfig,
  })
  const submitted = await custody.as.platform.post<{ id: string }>('/v1/transactions', {
    externalTxId: `legacy-token:${id}`,
    sourceVaultId: issuerAgent.id,
    to: d.trexFactory,
    data,
    intent: { type: 'contract.call', contract: d.trexFactory, method: TOKEN_SELECTORS.deployTREXSuite },
  })
  if (submitted.status !== 201 && submitted.status !== 202 && submitted.status !== 200) throw new Error(`submit legacy deployment: ${submitted.status} ${JSON.stringify(submitted.body)}`)
  await approveCustodyTx(custody, submitted.body.id)
  const done = await pollUntil(
    async () => (await custody.as.auditor.get<{ status: string; txHash: Hex | null }>(`/v1/transactions/${submitted.body.id}`)).body,
    (t) => t.status === 'COMPLETED' || t.status === 'FAILED' || t.status === 'REJECTED',
    'legacy token deployment',
  )
  if (done.status !== 'COMPLETED' || !done.txHash) throw new Error(`legacy token deployment ended ${done.status}`)
  const receipt = await chain.publicClient.getTransactionReceipt({ hash: done.txHash })
  const suite = suiteFromLogs(receipt.logs, receipt.blockNumber, done.txHash, moduleConfig.modules)
  const compliance = Object.fromEntries(Object.entries(p.compliance).filter(([, v]) => v !== undefined))
  const now = new Date()
  await platform.database.db
    .insertInto('tokens')
    .values({
      id,
      name: p.name,
      symbol: p.symbol.toUpperCase(),
      decimals: 0,
      claim_topics: JSON.stringify([String(CLAIM_TOPICS.KYC)]),
      compliance: JSON.stringify(compliance),
      salt: `custos:${id}`,
      status: 'ACTIVE',
      status_reason: null,
      ...suiteColumns(suite),
      created_by: 'test:legacy',
      created_at: now,
      updated_at: now,
    })
    .execute()
  return getToken(platform.as.auditor, id)
}
