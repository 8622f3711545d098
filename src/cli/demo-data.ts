import type { CustodyClient } from '../client/custody-client.ts'
import type { PlatformClient } from '../client/platform-client.ts'
import type { ClientResult, ProblemShape } from '../client/typed-client.ts'
import { CustosError } from '../shared/errors.ts'

/** The typed clients the demo acts through: the same public APIs and roles a user has. */
export interface DemoClients {
  issuer: PlatformClient
  compliance: PlatformClient
  auditor: PlatformClient
  /** A custody approver: the issuer-agent vault is warm, so its transactions wait for one. */
  approver: CustodyClient
}

export interface DemoOptions {
  log: (line: string) => void
  /** Stops waiting when the stack is stopping. */
  signal?: AbortSignal
  /** How long to wait for one step (onboarding, a custody transaction). */
  stepTimeoutMs?: number
}

export const DEMO_TOKEN = { name: 'Demo Real Estate Fund', symbol: 'DREF', decimals: 0, compliance: { allowedCountries: ['DE', 'FR', 'AT', 'NL'], maxBalance: '100000' } }
export const DEMO_INVESTORS = [
  { externalRef: 'demo-alice', name: 'Alice Demo', email: 'alice@demo.custos.dev', country: 'DE', type: 'individual' as const, holding: '1200' },
  { externalRef: 'demo-bruno', name: 'Bruno Demo', email: 'bruno@demo.custos.dev', country: 'FR', type: 'individual' as const, holding: '800' },
]

function expectOk<T>(res: ClientResult<T, ProblemShape>, what: string): T {
  if (!res.ok) {
    // The service's problem as it answered it; for an error without problem+json (code HTTP_<status>), its text.
    const body = res.problem.code === `HTTP_${res.status}` ? res.problem.detail || undefined : res.problem
    throw new CustosError('DEMO_STEP_FAILED', `${what}: HTTP ${res.status} ${JSON.stringify(body)}`)
  }
  return res.data
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
    const tx = await until(async () => expectOk(await c.approver.GET('/v1/transactions/{id}', { path: { id: custodyTxId } }), what), (t) => t.status !== 'SUBMITTED', what)
    if (tx.status === 'PENDING_AUTHORIZATION') expectOk(await c.approver.POST('/v1/transactions/{id}/approve', { path: { id: custodyTxId }, body: { comment: 'demo data' } }), `approve ${what}`)
  }
  /** Waits for an operation (read by `read`) to settle, approving its custody transaction on the way. */
  const settle = async (read: () => Promise<{ status: string; custodyTxId: string | null }>, what: string) => {
    const withTx = await until(read, (o) => o.custodyTxId !== null || o.status === 'COMPLETED' || o.status === 'FAILED', what)
    if (withTx.status !== 'COMPLETED' && withTx.custodyTxId) await approve(withTx.custodyTxId, what)
    const done = await until(read, (o) => o.status === 'COMPLETED' || o.status === 'FAILED', what)
    if (done.status !== 'COMPLETED') throw new CustosError('DEMO_STEP_FAILED', `${what} ended ${done.status}`)
  }

  // Investors: created (idempotent by externalRef), approved by a compliance officer, onboarded on-chain.
  const investors: { id: string; walletAddress: string | null }[] = []
  for (const i of DEMO_INVESTORS) {
    const { holding: _holding, ...body } = i
    const created = expectOk(await c.issuer.POST('/v1/investors', { body }), `create investor ${i.name}`)
    const readInvestor = async () => expectOk(await c.auditor.GET('/v1/investors/{id}', { path: { id: created.id } }), i.name)
    let inv = await until(readInvestor, (v) => v.status !== 'PENDING_KYC', `screening of ${i.name}`)
    if (inv.status === 'IN_REVIEW') expectOk(await c.compliance.POST('/v1/investors/{id}/kyc-decision', { path: { id: inv.id }, body: { decision: 'APPROVE', reason: 'demo data: documents checked' } }), `approve ${i.name}`)
    inv = await until(readInvestor, (v) => v.status === 'ACTIVE', `onboarding of ${i.name}`)
    opts.log(`demo: investor ${i.name} (${i.country}) ACTIVE, wallet ${inv.walletAddress}`)
    investors.push(inv)
  }

  // The token: deployed once (found by symbol after a restart), then unpaused.
  // GET /v1/tokens answers every token (it has no paging).
  const list = expectOk(await c.auditor.GET('/v1/tokens'), 'list tokens')
  let token: { id: string; status: string; paused: boolean | null; deployment: { custodyTxId: string } | null } | undefined = list.items.find((t) => t.symbol === DEMO_TOKEN.symbol)
  if (!token) token = expectOk(await c.issuer.POST('/v1/tokens', { body: DEMO_TOKEN }), 'create token')
  const tokenId = token.id
  const readToken = async () => expectOk(await c.auditor.GET('/v1/tokens/{id}', { path: { id: tokenId } }), 'token')
  if (token.status === 'DEPLOYING') {
    const pending = await until(readToken, (t) => t.deployment !== null, 'token deployment submitted')
    await approve(pending.deployment!.custodyTxId, 'token deployment')
    token = await until(readToken, (t) => t.status !== 'DEPLOYING', 'token deployment')
  }
  if (token.status !== 'ACTIVE') throw new CustosError('DEMO_STEP_FAILED', `token ${DEMO_TOKEN.symbol} is ${token.status}`)
  opts.log(`demo: token ${DEMO_TOKEN.name} (${DEMO_TOKEN.symbol}) deployed`)

  // Issuance to each investor (idempotency keys make a restart a no-op).
  for (const [n, inv] of investors.entries()) {
    const spec = DEMO_INVESTORS[n]!
    const op = expectOk(
      await c.issuer.POST('/v1/assets/mint', { body: { tokenId, investorId: inv.id, quantity: spec.holding, agreementRef: 'demo-subscription-agreement', idempotencyKey: `demo-mint-${spec.externalRef}` } }),
      `mint to ${spec.name}`,
    )
    await settle(async () => expectOk(await c.auditor.GET('/v1/assets/issuances/{id}', { path: { id: op.id } }), `mint to ${spec.name}`), `mint to ${spec.name}`)
    opts.log(`demo: minted ${spec.holding} ${DEMO_TOKEN.symbol} to ${spec.name}`)
  }

  token = await readToken()
  if (token.paused) {
    const op = expectOk(await c.issuer.POST('/v1/tokens/{id}/unpause', { path: { id: tokenId }, body: {} }), 'unpause')
    await settle(async () => expectOk(await c.auditor.GET('/v1/tokens/{id}/operations/{operationId}', { path: { id: tokenId, operationId: op.id } }), 'unpause'), 'unpause')
  }
  opts.log(`demo: ${DEMO_TOKEN.symbol} is live (transfers between the demo investors pass /v1/transfers/check)`)

  // An offering of the token, open for 90 days, for the journey of docs/journeys.md (subscribe, pay, close).
  const offerings = expectOk(await c.auditor.GET('/v1/offerings', { query: { tokenId, limit: 1 } }), 'list offerings')
  let offeringId = offerings.items[0]?.id
  if (!offeringId) {
    const now = Date.now()
    const offering = expectOk(
      await c.issuer.POST('/v1/offerings', {
        body: {
          tokenId,
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
        },
      }),
      'create offering',
    )
    offeringId = offering.id
  }
  opts.log(`demo: offering ${offeringId} of ${DEMO_TOKEN.symbol} open (50 cUSD a token, soft cap 10,000 cUSD, 180-day lock-up)`)
  return { tokenId, investorIds: investors.map((i) => i.id), offeringId }
}
