import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Address } from 'viem'
import { startTestBrowser, type TestBrowser } from '../test/browser.ts'
import { startTestChain, type TestChain } from '../test/chain.ts'
import { issueEnrolmentLink } from '../test/console-client.ts'
import { startTestCustody, waitForTransaction, type TestCustody } from '../test/custody.ts'
import { readFileSync } from 'node:fs'
import { startTestReceiver, type TestReceiver } from '../shared/webhooks/test-receiver.ts'
import { submitAndDecide, type Tx } from './governance/test-kit.ts'

type Vault = { id: string; address: Address }
const TO = '0x00000000000000000000000000000000000C0a51' as Address

/**
 * The custody console in Debian's Chromium with a virtual passkey authenticator: an
 * approver enrols from an admin's link, approves a warm-vault transaction by signing
 * what the console shows, sees it complete on-chain, and cannot approve it a second time.
 */
describe('custody console in a browser', () => {
  let chain: TestChain
  let custody: TestCustody
  let browser: TestBrowser
  let warm: Vault
  let receiver: TestReceiver

  beforeAll(async () => {
    chain = await startTestChain()
    custody = await startTestCustody(chain)
    browser = await startTestBrowser()
    receiver = await startTestReceiver(custody.service.ctx.clock)
    const sub = await custody.as.admin.post<{ secret: string }>('/v1/webhooks', { url: receiver.url, events: ['transaction.*'] })
    receiver.secrets.push(sub.body.secret)
    warm = (await custody.as.admin.post<Vault>('/v1/vaults', { name: 'treasury-warm', tier: 'warm' })).body
    await chain.testClient.setBalance({ address: warm.address, value: 10n ** 20n })
  })
  afterAll(async () => {
    await receiver?.close()
    await browser?.close()
    await custody?.close()
    await chain?.stop()
  })

  it('an approver approves a warm-vault transaction with a passkey, it completes on-chain, and a second approval is refused', async () => {
    const link = await issueEnrolmentLink(custody.as.admin, custody.keys['approver-1']!.keyId)
    const { page } = await browser.newPage()
    await page.goto(link)
    await page.getByRole('button', { name: 'Create passkey and sign in' }).click()
    await page.getByRole('heading', { name: 'Approvals waiting' }).waitFor()

    const t = await submitAndDecide(custody.as.platform, { externalTxId: 'console-warm-1', sourceVaultId: warm.id, to: TO, value: '2500000000000000000', note: 'quarterly top-up' })
    expect(t.status).toBe('PENDING_AUTHORIZATION')
    await page.getByRole('button', { name: 'Refresh' }).click()
    await page.getByRole('link', { name: 'console-warm-1' }).click()
    await page.getByRole('heading', { name: 'Review and sign' }).waitFor()
    await page.getByText('2.5').first().waitFor()
    await page.getByText('warm-vaults').first().waitFor()
    await page.getByLabel('Comment (optional)').fill('top-up agreed with treasury')
    await browser.screenshot(page, 'custody-approval-review')
    await page.getByRole('button', { name: 'Approve with passkey' }).click()
    await page.getByTestId('vote-result').waitFor()
    expect(await page.getByTestId('vote-result').textContent()).toContain('APPROVED')

    const done = await waitForTransaction<Tx>(custody.as.platform, t.id)
    expect(done.status).toBe('COMPLETED')
    expect(await chain.publicClient.getBalance({ address: TO })).toBe(2_500_000_000_000_000_000n)
    await page.getByRole('link', { name: 'Follow the transaction' }).click()
    await page.getByText('CONFIRMING → COMPLETED').waitFor()
    await browser.screenshot(page, 'custody-transaction-timeline')

    // The same principal, signing again: refused, and still one approval.
    await page.goto(`${new URL(link).origin}/console/approvals/${t.id}`)
    await page.getByRole('button', { name: 'Approve with passkey' }).click()
    await page.getByRole('alert').filter({ hasText: 'ALREADY_VOTED' }).waitFor()
    await browser.screenshot(page, 'custody-second-approval-refused')
    const approvals = await custody.as.platform.get<{ approvals: number }>(`/v1/transactions/${t.id}/approvals`)
    expect(approvals.body.approvals).toBe(1)
  })

  it('an admin reads vault balances, compares and dry-runs a policy draft, asks for a whitelist entry, and redelivers a webhook', async () => {
    const link = await issueEnrolmentLink(custody.as.admin, custody.keys.admin!.keyId)
    const { page } = await browser.newPage()
    await page.goto(link)
    await page.getByRole('button', { name: 'Create passkey and sign in' }).click()
    await page.getByRole('navigation', { name: 'Pages' }).waitFor()

    await page.getByRole('link', { name: 'Vaults' }).click()
    await page.getByRole('link', { name: 'treasury-warm' }).click()
    await page.getByRole('heading', { name: 'Balances' }).waitFor()
    await page.getByRole('cell', { name: /^97\.4\d* ETH$/ }).waitFor()

    const text = readFileSync(new URL('./governance/default-policy.yaml', import.meta.url), 'utf8').replace('approval: { group: approvers, quorum: 1 }', 'approval: { group: approvers, quorum: 2 }')
    const draft = await custody.as.admin.post('/v1/policy/drafts', { text, format: 'yaml', comment: 'two approvers for warm vaults' })
    expect(draft.status).toBe(201)
    await page.getByRole('link', { name: 'Policy' }).click()
    await page.locator('ins', { hasText: 'quorum: 2' }).waitFor()
    await page.locator('del', { hasText: 'quorum: 1' }).waitFor()
    await page.getByRole('button', { name: /Dry-run version/ }).click()
    await page.getByText(/transactions replayed/).waitFor()
    await browser.screenshot(page, 'custody-policy-draft')

    await page.getByRole('link', { name: 'Whitelist' }).click()
    await page.getByLabel('Address').fill('0x00000000000000000000000000000000000C0a51')
    await page.getByLabel('Label').fill('treasury bank')
    await page.getByRole('button', { name: 'Request' }).click()
    await page.getByRole('cell', { name: 'WHITELIST_ADD' }).waitFor()

    await page.getByRole('link', { name: 'Webhooks' }).click()
    const redeliver = page.getByRole('button', { name: /^Redeliver transaction\./ })
    await redeliver.first().waitFor()
    const before = await redeliver.count()
    await redeliver.first().click()
    await expect.poll(() => redeliver.count(), { timeout: 30_000 }).toBeGreaterThan(before)
    await browser.screenshot(page, 'custody-webhooks')
  })

  it('an admin sets a treasury rule for a hot vault, runs the check and sees the top-up it proposed', async () => {
    const hot = (await custody.as.admin.post<Vault>('/v1/vaults', { name: 'payouts-hot', tier: 'hot' })).body
    const link = await issueEnrolmentLink(custody.as.admin, custody.keys['admin-2']!.keyId)
    const { page } = await browser.newPage()
    await page.goto(link)
    await page.getByRole('button', { name: 'Create passkey and sign in' }).click()
    await page.getByRole('navigation', { name: 'Pages' }).waitFor()

    await page.getByRole('link', { name: 'Treasury', exact: true }).click()
    await page.getByRole('heading', { name: 'Treasury' }).waitFor()
    await page.getByText('No rebalancing rule yet.').waitFor()
    await page.getByLabel('Hot vault').selectOption({ label: 'payouts-hot (hot)' })
    await page.getByLabel('Asset').selectOption('ETH')
    // Bounds out of order: the problem's message and code, and no rule.
    await page.getByLabel('Floor (ETH)').fill('3')
    await page.getByLabel('Target (ETH)').fill('2')
    await page.getByLabel('Ceiling (ETH)').fill('5')
    await page.getByLabel('Top up from').selectOption({ label: 'treasury-warm (warm)' })
    await page.getByLabel('Sweep to').selectOption({ label: 'treasury-warm (warm)' })
    await page.getByRole('button', { name: 'Save rule' }).click()
    await page.getByRole('alert').filter({ hasText: 'TREASURY_BOUNDS_INVALID' }).waitFor()
    expect((await custody.as.auditor.get<{ items: unknown[] }>('/v1/treasury/rules')).body.items).toHaveLength(0)

    await page.getByLabel('Floor (ETH)').fill('1.5')
    await page.getByRole('button', { name: 'Save rule' }).click()
    const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: 'payouts-hot' }) })
    await row.getByText('BELOW_FLOOR').waitFor()
    await row.getByRole('cell', { name: '1.5 ETH', exact: true }).waitFor()
    expect((await custody.as.auditor.get<{ items: { hotVaultId: string; floor: string; target: string }[] }>('/v1/treasury/rules')).body.items).toMatchObject([{ hotVaultId: hot.id, floor: '1500000000000000000', target: '2000000000000000000' }])

    await page.getByRole('button', { name: 'Run the check now' }).click()
    await row.getByText(/proposed now: TOPUP of/).waitFor()
    const status = (await custody.as.auditor.get<{ items: { openProposal: { transactionId: string; direction: string } | null }[] }>('/v1/treasury/status')).body.items[0]!
    expect(status.openProposal?.direction).toBe('TOPUP')
    await row.getByRole('link', { name: status.openProposal!.transactionId }).waitFor()
    await browser.screenshot(page, 'custody-treasury')

    // The hot vault's page lists its deposits (none: the deposit watch is off in this test).
    await row.getByRole('link', { name: 'payouts-hot' }).click()
    await page.getByRole('heading', { name: 'Deposits' }).waitFor()
  })
})
