import type { Address } from 'viem'
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
  return waitForInvestor<InvestorView>(platform.as.auditor, res.body.id, (i) => i.status === 'ACTIVE', 90_000)
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
