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
})
