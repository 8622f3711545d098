import type { SignedFetch, SignedResponse } from '../shared/auth/sign-request.ts'
import { CustosError } from '../shared/errors.ts'

/** The signed clients the demo acts through: the same public APIs and roles a user has. */
export interface DemoClients {
  issuer: SignedFetch
  compliance: SignedFetch
  auditor: SignedFetch
  /** A custody approver: the issuer-agent vault is warm, so its transactions wait for one. */
  approver: SignedFetch
}

export interface DemoOptions {
  log: (line: string) => void
  /** Stops waiting when the stack is stopping. */
  signal?: AbortSignal
  /** How long to wait for one step (onboarding, a custody transaction). */
  stepTimeoutMs?: number
}

type Investor = { id: string; status: string; walletAddress: string | null }
type Token = { id: string; symbol: string; status: string; paused: boolean | null; totalSupply: string | null; deployment: { custodyTxId: string } | null }
type Operation = { id: string; status: string; custodyTxId: string | null }

export const DEMO_TOKEN = { name: 'Demo Real Estate Fund', symbol: 'DREF', decimals: 0, compliance: { allowedCountries: ['DE', 'FR', 'AT', 'NL'], maxBalance: '100000' } }
export const DEMO_INVESTORS = [
  { externalRef: 'demo-alice', name: 'Alice Demo', email: 'alice@demo.custos.dev', country: 'DE', type: 'individual' as const, holding: '1200' },
  { externalRef: 'demo-bruno', name: 'Bruno Demo', email: 'bruno@demo.custos.dev', country: 'FR', type: 'individual' as const, holding: '800' },
]

function expectOk<T>(res: SignedResponse<T>, what: string): T {
  if (res.status >= 300) throw new CustosError('DEMO_STEP_FAILED', `${what}: HTTP ${res.status} ${JSON.stringify(res.body)}`)
  return res.body
}

/**
 * Fills a fresh stack with something to look at, through the public APIs
 * only: two onboarded investors (a compliance officer approves their KYC),
 * a deployed and unpaused token, an issuance to each, and an open offering
 * of the token. Every request is
 * idempotent (externalRef, symbol, idempotency keys), so a restart finds what
 * is there and finishes what is not.
 */
export async function seedDemoData(c: DemoClients, opts: DemoOptions): Promise<{ tokenId: string; investorIds: string[]; offeringId: string }> {
  const timeout = opts.stepTimeoutMs ?? 120_000
  const until = async <T>(read: () => Promise<T>, done: (v: T) => boolean, what: string): Promise<T> => {
    const deadline = Date.now() + timeout
    for (;;) {
      if (opts.signal?.aborted) throw new CustosError('DEMO_ABORTED', 'stopping')
      const v = await read()
      if (done(v)) return v
      if (Date.now() > deadline) throw new CustosError('DEMO_STEP_TIMEOUT', `${what}: not done after ${timeout} ms (last: ${JSON.stringify(v)})`)
      await new Promise((r) => setTimeout(r, 250))
    }
  }
  const approve = async (custodyTxId: string, what: string) => {
    const tx = await until(async () => expectOk(await c.approver.get<{ status: string }>(`/v1/transactions/${custodyTxId}`), what), (t) => t.status !== 'SUBMITTED', what)
    if (tx.status === 'PENDING_AUTHORIZATION') expectOk(await c.approver.post(`/v1/transactions/${custodyTxId}/approve`, { comment: 'demo data' }), `approve ${what}`)
  }
  const settle = async (path: string, op: Operation, what: string) => {
    const withTx = await until(async () => expectOk(await c.auditor.get<Operation>(path), what), (o) => o.custodyTxId !== null || o.status === 'COMPLETED' || o.status === 'FAILED', what)
    if (withTx.status !== 'COMPLETED' && withTx.custodyTxId) await approve(withTx.custodyTxId, what)
    const done = await until(async () => expectOk(await c.auditor.get<Operation>(path), what), (o) => o.status === 'COMPLETED' || o.status === 'FAILED', what)
    if (done.status !== 'COMPLETED') throw new CustosError('DEMO_STEP_FAILED', `${what} ended ${done.status}`)
  }

  // Investors: created (idempotent by externalRef), approved by a compliance officer, onboarded on-chain.
  const investors: Investor[] = []
  for (const i of DEMO_INVESTORS) {
    const { holding: _holding, ...body } = i
    const created = expectOk(await c.issuer.post<Investor>('/v1/investors', body), `create investor ${i.name}`)
    let inv = await until(async () => expectOk(await c.auditor.get<Investor>(`/v1/investors/${created.id}`), i.name), (v) => v.status !== 'PENDING_KYC', `screening of ${i.name}`)
    if (inv.status === 'IN_REVIEW') expectOk(await c.compliance.post(`/v1/investors/${inv.id}/kyc-decision`, { decision: 'APPROVE', reason: 'demo data: documents checked' }), `approve ${i.name}`)
    inv = await until(async () => expectOk(await c.auditor.get<Investor>(`/v1/investors/${created.id}`), i.name), (v) => v.status === 'ACTIVE', `onboarding of ${i.name}`)
    opts.log(`demo: investor ${i.name} (${i.country}) ACTIVE, wallet ${inv.walletAddress}`)
    investors.push(inv)
  }

  // The token: deployed once (found by symbol after a restart), then unpaused.
  const list = expectOk(await c.auditor.get<{ items: Token[] }>('/v1/tokens?limit=200'), 'list tokens')
  let token = list.items.find((t) => t.symbol === DEMO_TOKEN.symbol)
  if (!token) token = expectOk(await c.issuer.post<Token>('/v1/tokens', DEMO_TOKEN), 'create token')
  const tokenPath = `/v1/tokens/${token.id}`
  if (token.status === 'DEPLOYING') {
    const pending = await until(async () => expectOk(await c.auditor.get<Token>(tokenPath), 'token'), (t) => t.deployment !== null, 'token deployment submitted')
    await approve(pending.deployment!.custodyTxId, 'token deployment')
    token = await until(async () => expectOk(await c.auditor.get<Token>(tokenPath), 'token'), (t) => t.status !== 'DEPLOYING', 'token deployment')
  }
  if (token.status !== 'ACTIVE') throw new CustosError('DEMO_STEP_FAILED', `token ${DEMO_TOKEN.symbol} is ${token.status}`)
  opts.log(`demo: token ${DEMO_TOKEN.name} (${DEMO_TOKEN.symbol}) deployed`)

  // Issuance to each investor (idempotency keys make a restart a no-op).
  for (const [n, inv] of investors.entries()) {
    const spec = DEMO_INVESTORS[n]!
    const op = expectOk(
      await c.issuer.post<Operation>('/v1/assets/mint', { tokenId: token.id, investorId: inv.id, quantity: spec.holding, agreementRef: 'demo-subscription-agreement', idempotencyKey: `demo-mint-${spec.externalRef}` }),
      `mint to ${spec.name}`,
    )
    await settle(`/v1/assets/issuances/${op.id}`, op, `mint to ${spec.name}`)
    opts.log(`demo: minted ${spec.holding} ${DEMO_TOKEN.symbol} to ${spec.name}`)
  }

  token = expectOk(await c.auditor.get<Token>(tokenPath), 'token')
  if (token.paused) {
    const op = expectOk(await c.issuer.post<Operation>(`${tokenPath}/unpause`, {}), 'unpause')
    await settle(`${tokenPath}/operations/${op.id}`, op, 'unpause')
  }
  opts.log(`demo: ${DEMO_TOKEN.symbol} is live (transfers between the demo investors pass /v1/transfers/check)`)

  // An offering of the token, open for 90 days, for the journey of docs/journeys.md (subscribe, pay, close).
  const offerings = expectOk(await c.auditor.get<{ items: { id: string }[] }>(`/v1/offerings?tokenId=${token.id}&limit=1`), 'list offerings')
  let offeringId = offerings.items[0]?.id
  if (!offeringId) {
    const now = Date.now()
    const offering = expectOk(
      await c.issuer.post<{ id: string }>('/v1/offerings', {
        tokenId: token.id,
        pricePerToken: '50000000',
        minInvestment: '100000000',
        maxInvestment: '50000000000',
        hardCap: '500000000000',
        softCap: '10000000000',
        opensAt: new Date(now).toISOString(),
        closesAt: new Date(now + 90 * 86_400_000).toISOString(),
        eligibleCountries: ['DE', 'FR', 'AT', 'NL'],
        accreditationRequired: false,
        lockupDays: 180,
        idempotencyKey: `demo-offering-${DEMO_TOKEN.symbol}`,
      }),
      'create offering',
    )
    offeringId = offering.id
  }
  opts.log(`demo: offering ${offeringId} of ${DEMO_TOKEN.symbol} open (50 cUSD a token, soft cap 10,000 cUSD, 180-day lock-up)`)
  return { tokenId: token.id, investorIds: investors.map((i) => i.id), offeringId }
}
