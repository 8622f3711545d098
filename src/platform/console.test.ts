import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { startTestBrowser, type TestBrowser } from '../test/browser.ts'
import { startTestChain, type TestChain } from '../test/chain.ts'
import { issueEnrolmentLink } from '../test/console-client.ts'
import { startTestCustody, type TestCustody } from '../test/custody.ts'
import { startTestPlatform, waitForInvestor, type PlatformRole, type TestPlatform } from '../test/platform.ts'
import { formatUnits } from '../../web/shared/format.ts'
import { approveCustodyTx, deployToken, pollUntil, settleOperation, type InvestorView, type OperationView, type TokenView } from '../test/platform/tokens.ts'
import { DAY, fundStablecoin } from '../test/platform/offerings.ts'

type Holders = { indexedHead: string; items: { investorId: string | null; balance: string }[] }
type AgentAction = OperationView & { reason: string; after: { holder: { addressFrozen: boolean } } | null }
type Offer = { id: string; status: string; payer: { address: `0x${string}` }; custody: { addAgentExternalTxId: string; approveExternalTxId: string }; requests: { investorId: string; allocated: string | null; status: string; externalTxId: string; txHash: string | null }[] }

/**
 * The platform console in Debian's Chromium with a virtual passkey authenticator, on one
 * stack: a compliance officer approves an investor held for review, an issuer watches the
 * cap table change after a transfer, an auditor verifies an entry's inclusion proof, a
 * compliance officer freezes a holder's wallet, an issuer opens a tender offer that settles.
 */
describe('platform console in a browser', () => {
  let chain: TestChain
  let custody: TestCustody
  let platform: TestPlatform
  let browser: TestBrowser
  let token: TokenView
  let alice: InvestorView, bruno: InvestorView

  /** An investor through screening and a compliance decision over the API (setup, not under test). */
  async function activeInvestor(name: string, country: string): Promise<InvestorView> {
    const res = await platform.as['issuer-admin'].post<InvestorView>('/v1/investors', { name, email: `${name.split(' ')[0]!.toLowerCase()}@example.org`, country, type: 'individual' })
    await waitForInvestor(platform.as.auditor, res.body.id, (i) => i.status === 'IN_REVIEW')
    await platform.as['compliance-officer'].post(`/v1/investors/${res.body.id}/kyc-decision`, { decision: 'APPROVE', reason: 'documents checked' })
    return waitForInvestor<InvestorView>(platform.as.auditor, res.body.id, (i) => i.status === 'ACTIVE', 90_000)
  }

  /** A browser session signed in as a platform role, through an enrolment link and a new passkey. */
  async function signedIn(role: PlatformRole): Promise<Page> {
    const link = await issueEnrolmentLink(platform.as['issuer-admin'], platform.keyIds[role])
    const { page } = await browser.newPage()
    await page.goto(link)
    await page.getByRole('button', { name: 'Create passkey and sign in' }).click()
    await page.getByRole('navigation', { name: 'Pages' }).waitFor()
    return page
  }

  beforeAll(async () => {
    chain = await startTestChain()
    custody = await startTestCustody(chain)
    platform = await startTestPlatform(chain, custody, { custodyWebhooks: true, env: { PLATFORM_INDEXER_POLL_MS: '100', PLATFORM_RECONCILE_INTERVAL_MS: '0', PLATFORM_AUDIT_CHECKPOINT_SECONDS: '5' } })
    browser = await startTestBrowser()
    ;[alice, bruno, token] = await Promise.all([
      activeInvestor('Alice Example', 'DE'),
      activeInvestor('Bruno Exemple', 'FR'),
      deployToken(platform, custody, { name: 'Demo Real Estate Fund', symbol: 'DREF', decimals: 2, compliance: { allowedCountries: ['DE', 'FR', 'IT'] } }),
    ])
    const mint = await platform.as['issuer-admin'].post<OperationView>('/v1/assets/mint', { tokenId: token.id, investorId: alice.id, quantity: '100000', agreementRef: 'sub-1', idempotencyKey: 'console-mint-alice' })
    expect((await settleOperation(platform, custody, `/v1/assets/issuances/${mint.body.id}`, mint.body)).status).toBe('COMPLETED')
    const unpause = await platform.as['issuer-admin'].post<OperationView>(`/v1/tokens/${token.id}/unpause`, {})
    expect((await settleOperation(platform, custody, `/v1/tokens/${token.id}/operations/${unpause.body.id}`, unpause.body)).status).toBe('COMPLETED')
  }, 300_000)
  afterAll(async () => {
    await browser?.close()
    await platform?.close()
    await custody?.close()
    await chain?.stop()
  })

  it('a compliance officer signs in and approves an investor held for review, who becomes ACTIVE', async () => {
    const created = await platform.as['issuer-admin'].post<InvestorView>('/v1/investors', { name: 'Chiara Esempio', email: 'chiara@example.org', country: 'IT', type: 'individual' })
    await waitForInvestor(platform.as.auditor, created.body.id, (i) => i.status === 'IN_REVIEW')
    const page = await signedIn('compliance-officer')
    await page.getByRole('heading', { name: 'KYC review' }).waitFor()
    await page.getByRole('link', { name: 'Chiara Esempio' }).click()
    await page.getByText('MANUAL_APPROVAL_REQUIRED').first().waitFor()
    await page.getByLabel('Reason (required, recorded in the audit log)').fill('passport and proof of address checked')
    await browser.screenshot(page, 'platform-kyc-review')
    await page.getByRole('button', { name: 'Approve investor' }).click()
    const active = await waitForInvestor<InvestorView>(platform.as.auditor, created.body.id, (i) => i.status === 'ACTIVE', 90_000)
    expect(active.walletAddress).toMatch(/^0x/)
    await page.getByRole('button', { name: 'Refresh' }).click()
    await page.locator('.badge-active').first().waitFor()
    await browser.screenshot(page, 'platform-investor-active')
  })

  it('an issuer sees the cap table change after a transfer, and as it stood before', async () => {
    const page = await signedIn('issuer-admin')
    await page.getByRole('heading', { name: 'Cap table' }).waitFor()
    await page.getByRole('cell', { name: '1,000 DREF' }).waitFor()
    // "Before" is the time of the last block before the transfer, and the transfer's first
    // block is stamped two seconds later, so the two never share a second of chain time.
    const last = await chain.publicClient.getBlock({ blockTag: 'latest' })
    const before = new Date(Number(last.timestamp) * 1000)
    await chain.testClient.setNextBlockTimestamp({ timestamp: last.timestamp + 2n })
    const transfer = await platform.as.operator.post<OperationView>('/v1/transfers', { tokenId: token.id, fromInvestorId: alice.id, toInvestorId: bruno.id, quantity: '25050', idempotencyKey: 'console-xfer-1' })
    expect(transfer.status).toBe(202)
    expect((await settleOperation(platform, custody, `/v1/transfers/${transfer.body.id}`, transfer.body, false)).status).toBe('COMPLETED')
    const head = await chain.publicClient.getBlockNumber({ cacheTime: 0 })
    await pollUntil(async () => (await platform.as.auditor.get<Holders>(`/v1/tokens/${token.id}/holders`)).body, (h) => BigInt(h.indexedHead) >= head, 'indexer at the transfer')
    await page.getByRole('button', { name: 'Refresh' }).click()
    await page.getByRole('cell', { name: '749.5 DREF' }).waitFor()
    await page.getByRole('cell', { name: '250.5 DREF' }).waitFor()
    await page.getByRole('img', { name: 'Holdings of DREF by holder' }).waitFor()
    await browser.screenshot(page, 'platform-cap-table')
    // As of a moment before the transfer: Alice alone.
    const local = new Date(before.getTime() - before.getTimezoneOffset() * 60_000).toISOString().slice(0, 19)
    await page.getByLabel('As of (your local time; empty = now)').fill(local)
    await page.getByRole('cell', { name: '1,000 DREF' }).waitFor()
    expect(await page.getByRole('cell', { name: '250.5 DREF' }).count()).toBe(0)

    // The token page: supply in units, modules, trading state; the offerings page.
    await page.getByRole('link', { name: 'Tokens' }).click()
    await page.getByRole('link', { name: 'Demo Real Estate Fund (DREF)' }).click()
    await page.getByText('unpaused').waitFor()
    await page.getByRole('heading', { name: 'Compliance modules' }).waitFor()
    await page.getByRole('button', { name: 'Pause trading' }).waitFor()
    await browser.screenshot(page, 'platform-token')
    await page.getByRole('link', { name: 'Offerings' }).click()
    await page.getByRole('heading', { name: 'Offerings' }).waitFor()
  })


  it('an issuer finds a declared dividend and its entitlements per holder, and approves it', async () => {
    // Setup over the API: a dividend of 1.5 cUSD per token at the last indexed block.
    const holders = (await platform.as.auditor.get<Holders>(`/v1/tokens/${token.id}/holders`)).body
    const perToken = 1_500_000n
    const declared = await platform.as['issuer-admin'].post<{ id: string }>(`/v1/tokens/${token.id}/distributions`, {
      kind: 'DIVIDEND',
      amountPerToken: perToken.toString(),
      recordBlock: holders.indexedHead,
      paymentDate: new Date(platform.clock.now().getTime() + 86_400_000).toISOString(),
      idempotencyKey: 'console-dividend-1',
    })
    expect(declared.status, JSON.stringify(declared.body)).toBe(201)
    const aliceBalance = holders.items.find((h) => h.investorId === alice.id)!.balance

    const page = await signedIn('issuer-admin')
    await page.getByRole('link', { name: 'Distributions' }).click()
    await page.getByRole('heading', { name: 'Distributions' }).waitFor()
    await page.getByRole('link', { name: declared.body.id }).click()
    await page.getByRole('heading', { name: /^Entitlements/ }).waitFor()
    // Alice's row: her balance at the record block in token units (2 decimals) and her gross (4th column) in cUSD (6 decimals).
    const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: alice.id }) })
    await row.getByRole('cell', { name: formatUnits(aliceBalance, 2), exact: true }).waitFor()
    expect(await row.getByRole('cell').nth(3).textContent()).toBe(formatUnits(((BigInt(aliceBalance) * perToken) / 100n).toString(), 6))
    await browser.screenshot(page, 'platform-distribution-entitlements')

    // Once snapshotted the issuer-admin's approval is one of the two needed.
    await pollUntil(async () => (await platform.as.auditor.get<{ status: string }>(`/v1/distributions/${declared.body.id}`)).body.status, (s) => s === 'SNAPSHOTTED', 'distribution snapshotted')
    await page.getByRole('button', { name: 'Refresh' }).click()
    await page.getByRole('button', { name: 'Approve distribution' }).click()
    await page.getByText(/issuer-admin by/).waitFor()
    const after = await platform.as.auditor.get<{ status: string; approvals: { role: string }[] }>(`/v1/distributions/${declared.body.id}`)
    expect(after.body).toMatchObject({ status: 'SNAPSHOTTED', approvals: [{ role: 'issuer-admin' }] })

    // Alice's statement for the payment year lists the dividend, with a CSV download.
    await row.getByRole('link', { name: alice.id }).click()
    await page.getByRole('heading', { name: 'Distribution statement' }).waitFor()
    await page.getByLabel('Year').fill(String(new Date(platform.clock.now().getTime() + 86_400_000).getUTCFullYear()))
    await page.getByRole('link', { name: declared.body.id }).waitFor()
    expect(await page.getByRole('link', { name: 'Download CSV' }).getAttribute('href')).toContain('format=csv')
    await browser.screenshot(page, 'platform-investor-statement')

    // Refused declarations show the problem's message and code, and nothing is declared.
    await page.getByRole('link', { name: 'Distributions' }).click()
    await page.getByLabel('Amount (in asset units)').fill('0')
    await page.getByLabel('Record block').fill(holders.indexedHead)
    await page.getByLabel('Payment date (your local time)').fill('2030-01-01T12:00')
    await page.getByRole('button', { name: 'Declare distribution' }).click()
    await page.getByRole('alert').getByText('DISTRIBUTION_AMOUNT_NOT_POSITIVE').waitFor()
    expect((await platform.as.auditor.get<{ items: unknown[] }>(`/v1/tokens/${token.id}/distributions`)).body.items).toHaveLength(1)
  })
  it('an auditor opens an entry’s inclusion proof and sees it verified', async () => {
    const page = await signedIn('auditor')
    await page.getByRole('heading', { name: 'Audit log' }).waitFor()
    await page.getByRole('link', { name: 'Reconciliation' }).click()
    await page.getByText('No open alerts.').waitFor()
    await page.getByRole('link', { name: 'Audit log' }).click()
    await page.getByRole('heading', { name: 'Audit log' }).waitFor()
    // An early entry, once a signed checkpoint covers it.
    const oldest = page.getByRole('row').last()
    const seq = (await oldest.getByRole('link').textContent())!
    const covered = async () => Math.max(0, ...(await platform.as.auditor.get<{ items: { treeSize: string }[] }>('/v1/audit/checkpoints?limit=1000')).body.items.map((c) => Number(c.treeSize)))
    await pollUntil(covered, (size) => size > Number(seq), `a signed checkpoint covering entry ${seq}`)
    await oldest.getByRole('link').click()
    await page.getByRole('heading', { name: `Audit entry ${seq}` }).waitFor()
    await page.getByRole('button', { name: 'Open the inclusion proof and verify it' }).click()
    const result = page.getByTestId('inclusion-result')
    await result.waitFor()
    expect(await result.textContent()).toContain('Verified in this browser')
    expect(await result.textContent()).toContain('valid for the log key')
    await browser.screenshot(page, 'platform-audit-inclusion-proof')
  })

  it('a compliance officer freezes a holder’s wallet with a reason, follows it through custody and sees it frozen', async () => {
    const page = await signedIn('compliance-officer')
    await page.getByRole('link', { name: 'Investors', exact: true }).click()
    await page.getByRole('link', { name: 'Bruno Exemple' }).click()
    await page.getByRole('heading', { name: 'Agent powers' }).waitFor()
    await page.getByText('No agent action on this investor.').waitFor()
    // A refusal shows the problem's message and code, and records nothing.
    await page.getByLabel(/^Action/).selectOption({ label: 'Burn tokens' })
    await page.getByLabel('Amount (DREF units)').fill('100000')
    await page.getByLabel('Reason for the agent action').fill('cancelled allotment')
    await page.getByRole('button', { name: 'Burn tokens' }).click()
    await page.getByRole('alert').filter({ hasText: 'AGENT_BURN_EXCEEDS_BALANCE' }).waitFor()
    expect((await platform.as.auditor.get<{ items: unknown[] }>(`/v1/tokens/${token.id}/agent-actions`)).body.items).toHaveLength(0)

    await page.getByLabel(/^Action/).selectOption({ label: 'Freeze the wallet' })
    await page.getByLabel('Reason for the agent action').fill('court order 2026/41')
    await page.getByRole('button', { name: 'Freeze the wallet' }).click()
    const result = page.getByTestId('agent-action-result')
    await result.getByText('waiting for a custody approver').waitFor()
    await browser.screenshot(page, 'platform-agent-freeze-pending')
    // A custody approver signs it off (custody's console does that; here over its API).
    const [action] = (await platform.as.auditor.get<{ items: AgentAction[] }>(`/v1/tokens/${token.id}/freezes`)).body.items
    expect(action).toMatchObject({ reason: 'court order 2026/41', status: 'SUBMITTED' })
    await approveCustodyTx(custody, action!.custodyTxId!)
    await result.getByText('done on-chain').waitFor({ timeout: 60_000 })
    const done = (await platform.as.auditor.get<AgentAction>(`/v1/tokens/${token.id}/freezes/${action!.id}`)).body
    expect([done.status, done.after?.holder.addressFrozen]).toEqual(['COMPLETED', true])
    await page.getByRole('button', { name: 'Refresh' }).click()
    await page.getByRole('cell', { name: 'frozen', exact: true }).waitFor()
    const history = page.getByRole('table', { name: 'Agent actions on this investor' })
    await history.getByRole('row').filter({ hasText: 'court order 2026/41' }).getByText('COMPLETED', { exact: true }).waitFor()
    await browser.screenshot(page, 'platform-agent-freeze')
    // The same page lists the investor's deposits and withdrawals (none here).
    await page.getByRole('heading', { name: 'Deposits' }).waitFor()
    await page.getByText('No deposit credited yet.').waitFor()
    await page.getByRole('heading', { name: 'Withdrawals', exact: true }).waitFor()
    await page.getByText('No withdrawals.').waitFor()
  })

  it('an issuer opens a tender offer and tenders for a holder in the console; once settled, the offer shows the settlement’s transaction', async () => {
    const page = await signedIn('issuer-admin')
    await page.getByRole('link', { name: 'Redemptions' }).click()
    await page.getByRole('heading', { name: 'Redemptions and tender offers' }).waitFor()
    await page.getByText('No tender offer or redemption window of DREF yet.').waitFor()
    await page.getByLabel('Price per token (cUSD)').fill('2')
    await page.getByLabel('Most bought back (DREF)').fill('100')
    await page.getByRole('button', { name: 'Open the tender offer' }).click()
    await page.getByRole('status').getByText('OPEN', { exact: true }).waitFor()
    const [offer] = (await platform.as.auditor.get<{ items: Offer[] }>(`/v1/tokens/${token.id}/tender-offers`)).body.items
    expect(offer).toMatchObject({ status: 'OPEN', maxQuantity: '10000', pricePerToken: '2000000' })
    await page.getByRole('status').getByRole('link', { name: offer!.id }).click()
    await page.getByRole('heading', { name: 'Tender offer' }).waitFor()
    await page.getByLabel(/^Investor/).selectOption({ label: 'Alice Example' })
    await page.getByLabel('Quantity (DREF)').fill('20.5')
    await page.getByRole('button', { name: 'Tender', exact: true }).click()
    const requests = page.getByRole('table', { name: 'Requests and settlements' })
    await requests.getByRole('cell', { name: '20.5 DREF', exact: true }).waitFor()
    await requests.getByText('PENDING', { exact: true }).waitFor()
    await requests.getByRole('link', { name: 'Alice Example' }).waitFor()
    await browser.screenshot(page, 'platform-tender-offer-open')

    // Setup, not under test: the paying vault holds the stablecoin, the window closes, a custody approver signs each transaction.
    await fundStablecoin(chain, offer!.payer.address, 41_000_000n)
    platform.clock.advance(8 * DAY)
    const approved = new Set<string>()
    const settled = await pollUntil(
      async () => {
        const o = (await platform.as.auditor.get<Offer>(`/v1/tender-offers/${offer!.id}`)).body
        for (const ext of [o.custody.addAgentExternalTxId, o.custody.approveExternalTxId, ...o.requests.map((r) => r.externalTxId)]) {
          const found = (await custody.as.platform.get<{ items: { id: string; status: string }[] }>(`/v1/transactions?externalTxId=${encodeURIComponent(ext)}&limit=1`)).body.items[0]
          if (found?.status === 'PENDING_AUTHORIZATION' && !approved.has(found.id)) {
            await approveCustodyTx(custody, found.id)
            approved.add(found.id)
          }
        }
        return o
      },
      (o) => o.status === 'SETTLED' || o.status === 'FAILED',
      'tender offer settled',
      150_000,
    )
    expect(settled.requests[0]).toMatchObject({ investorId: alice.id, allocated: '2050', status: 'SETTLED' })

    // Eight days on the session has expired: an auditor signs in and finds the settled offer.
    const auditor = await signedIn('auditor')
    await auditor.getByRole('link', { name: 'Redemptions' }).click()
    const row = auditor.getByRole('row').filter({ has: auditor.getByRole('link', { name: offer!.id }) })
    await row.getByText('SETTLED', { exact: true }).waitFor()
    await row.getByText('1 of 1 allocations settled').waitFor()
    await row.getByRole('link', { name: offer!.id }).click()
    await auditor.getByRole('cell', { name: settled.requests[0]!.txHash!, exact: true }).waitFor()
    await auditor.getByRole('cell', { name: '41 cUSD', exact: true }).waitFor()
    await browser.screenshot(auditor, 'platform-tender-offer-settled')
  }, 240_000)
})
