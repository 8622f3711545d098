import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { appendFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Address } from 'viem'
import { startTestChain, type TestChain } from '../../../test/chain.ts'
import { startTestCustody, type TestCustody } from '../../../test/custody.ts'
import { startTestPlatform, waitForInvestor, waitForValue, type TestPlatform } from '../../../test/platform.ts'
import { idFactoryAbi, identityRegistryAbi } from '../../../chain/generated/abis.ts'
import { ANVIL_DEV_KEYS } from '../../../chain/dev-accounts.ts'
import { startTestReceiver, type TestReceiver } from '../../../shared/webhooks/test-receiver.ts'
import { bootstrapCustodyRoles } from '../../../cli/bootstrap.ts'

type Match = { listEntryId: string; name: string; matchedOn: string; score: number; address?: string }
type Investor = {
  id: string
  status: string
  statusCode: string | null
  statusReason: string | null
  walletAddress: Address | null
  identityAddress: Address | null
  vaultId: string | null
  kyc: { outcome: string; reasons: { code: string; message: string }[]; sanctionsMatches: Match[]; expiresAt: string | null } | null
  kycExpiresAt: string | null
}
type Envelope = { type: string; resourceId: string; sequence: number; data: { from?: string; to?: string } }

const DAY = 86_400_000

describe('investor onboarding through the platform API', () => {
  let chain: TestChain
  let custody: TestCustody
  let platform: TestPlatform
  let receiver: TestReceiver
  let alice: Investor

  const isVerified = (wallet: Address) =>
    chain.publicClient.readContract({ address: chain.deployments.identityRegistry.registry, abi: identityRegistryAbi, functionName: 'isVerified', args: [wallet] })
  const create = (body: Record<string, unknown>) => platform.as['issuer-admin'].post<Investor>('/v1/investors', body)
  const decide = (id: string, decision: 'APPROVE' | 'REJECT', reason: string) => platform.as['compliance-officer'].post<Investor>(`/v1/investors/${id}/kyc-decision`, { decision, reason })
  const accreditation = () => ({ method: 'income', evidenceRef: 'doc-store:acc-1', expiresAt: new Date(platform.clock.now().getTime() + 2 * 365 * DAY).toISOString() })

  beforeAll(async () => {
    chain = await startTestChain()
    custody = await startTestCustody(chain)
    // Custody's webhooks wake the waiting steps; polling is slowed down so that they must.
    platform = await startTestPlatform(chain, custody, { custodyWebhooks: true, env: { PLATFORM_CUSTODY_POLL_MS: '10000' } })
    receiver = await startTestReceiver(platform.clock)
    const sub = await platform.as['issuer-admin'].post<{ secret: string }>('/v1/webhooks', { url: receiver.url, events: ['investor.*'] })
    expect(sub.status).toBe(201)
    receiver.secrets.push(sub.body.secret)
  })
  afterAll(async () => {
    await receiver?.close()
    await platform?.close()
    await custody?.close()
    await chain?.stop()
  })

  it('onboards an approved investor: custody vault, ONCHAINID identity, signed claim, registration, ACTIVE and verified on-chain', async () => {
    const res = await create({ name: 'Alice Example', email: 'alice@example.org', country: 'DE', type: 'individual', accreditation: accreditation(), externalRef: 'crm-alice' })
    expect(res.status).toBe(201)
    expect(res.body.status).toBe('PENDING_KYC')

    const held = await waitForInvestor<Investor>(platform.as.auditor, res.body.id, (i) => i.status !== 'PENDING_KYC')
    expect(held).toMatchObject({ status: 'IN_REVIEW', statusCode: 'MANUAL_APPROVAL_REQUIRED' })
    expect(held.kyc?.outcome).toBe('APPROVE')

    const approved = await decide(res.body.id, 'APPROVE', 'documents checked')
    expect(approved.status).toBe(200)
    expect(approved.body.status).toBe('APPROVED')

    alice = await waitForInvestor<Investor>(platform.as.auditor, res.body.id, (i) => i.status === 'ACTIVE')
    expect(alice.walletAddress).toMatch(/^0x[0-9a-fA-F]{40}$/)
    expect(alice.identityAddress).toMatch(/^0x[0-9a-fA-F]{40}$/)
    expect(await isVerified(alice.walletAddress!)).toBe(true)
    const registry = chain.deployments.identityRegistry.registry
    expect(await chain.publicClient.readContract({ address: registry, abi: identityRegistryAbi, functionName: 'investorCountry', args: [alice.walletAddress!] })).toBe(276)
    expect(await chain.publicClient.readContract({ address: chain.deployments.idFactory, abi: idFactoryAbi, functionName: 'getIdentity', args: [alice.walletAddress!] })).toBe(alice.identityAddress)

    // The wallet is a custody vault of the investor's own.
    const vaults = await custody.as.admin.get<{ items: { id: string; address: string; externalRef: string | null }[] }>('/v1/vaults?purpose=investor')
    expect(vaults.body.items.filter((v) => v.externalRef === alice.id).map((v) => v.address)).toEqual([alice.walletAddress])

    // Custody told the platform about its transactions by webhook.
    const received = await platform.service.ctx.db.selectFrom('inbound_events').select(['type', 'processed_at']).where('source', '=', 'custody').execute()
    expect(received.filter((e) => e.type === 'transaction.status_changed' && e.processed_at !== null).length).toBeGreaterThan(0)

    // Every status change was audited and sent to the platform's webhook subscribers.
    const audit = await platform.as.auditor.get<{ items: { action: string; after: { status: string } }[] }>(`/v1/audit/entries?targetId=${alice.id}&action=investor.status_changed`)
    expect(audit.body.items.map((e) => e.after.status)).toEqual(['IN_REVIEW', 'APPROVED', 'ACTIVE'])
    await receiver.waitFor(4, 10_000)
    const mine = receiver.received.map((r) => r.body as unknown as Envelope).filter((e) => e.resourceId === alice.id)
    expect(receiver.received.every((r) => r.verified.ok)).toBe(true)
    expect(mine.filter((e) => e.type === 'investor.status_changed').sort((a, b) => a.sequence - b.sequence).map((e) => e.data.to)).toEqual(['IN_REVIEW', 'APPROVED', 'ACTIVE'])
  })

  it('runs the bootstrap again without changing anything', async () => {
    const again = await bootstrapCustodyRoles({ rpcUrl: chain.rpcUrl, deployerKey: ANVIL_DEV_KEYS[0]!, deployments: chain.deployments, custody: custody.client.admin })
    expect(again.changes).toEqual([])
    expect(again.vaults).toEqual(platform.roles.vaults)
  })

  it('holds a sanctioned name for review with the match shown, and rejects a listed wallet address', async () => {
    const volkov = await create({ name: 'Dmitri Volkov', email: 'dv@example.org', country: 'CY', type: 'individual' })
    const held = await waitForInvestor<Investor>(platform.as.auditor, volkov.body.id, (i) => i.status !== 'PENDING_KYC')
    expect(held).toMatchObject({ status: 'IN_REVIEW', statusCode: 'SANCTIONS_NAME_MATCH' })
    expect(held.kyc?.sanctionsMatches[0]).toMatchObject({ listEntryId: 'SDN-90101', name: 'VOLKOV, Dmitriy Aleksandrovich' })
    expect(held.statusReason).toContain('SDN-90101')

    const payer = await create({ name: 'Petra Novak', email: 'pn@example.org', country: 'AT', type: 'individual', walletAddresses: ['0x333c327e364a6e7c6ed69039027ec4864bc42f3d'] })
    const refused = await waitForInvestor<Investor>(platform.as.auditor, payer.body.id, (i) => i.status !== 'PENDING_KYC')
    expect(refused).toMatchObject({ status: 'REJECTED', statusCode: 'SANCTIONS_ADDRESS_MATCH' })
    expect(refused.statusReason).toContain('0x333C327E364A6E7c6Ed69039027eC4864Bc42F3d')
    expect(refused.kyc?.sanctionsMatches).toContainEqual(expect.objectContaining({ listEntryId: 'SDN-90101', matchedOn: 'address' }))
    expect(refused.walletAddress).toBeNull()

    const rejected = await decide(held.id, 'REJECT', 'confirmed match: date of birth and nationality agree')
    expect(rejected.body).toMatchObject({ status: 'REJECTED', statusCode: 'KYC_REJECTED', statusReason: 'confirmed match: date of birth and nationality agree' })
  })

  it('rejects a country on the deny list with a clear reason, and refuses a code that is not ISO', async () => {
    const res = await create({ name: 'Sara Tehrani', email: 'st@example.org', country: 'IR', type: 'individual' })
    const refused = await waitForInvestor<Investor>(platform.as.auditor, res.body.id, (i) => i.status !== 'PENDING_KYC')
    expect(refused).toMatchObject({ status: 'REJECTED', statusCode: 'COUNTRY_DENIED', statusReason: 'investors from IR are not accepted' })

    const uk = await create({ name: 'Tom Smith', email: 'ts@example.org', country: 'UK', type: 'individual' })
    expect(uk.status).toBe(400)
    expect(uk.problem?.detail).toContain('GB')
  })

  it('creates an investor once per externalRef and refuses another body under it', async () => {
    const again = await create({ name: 'Alice Example', email: 'alice@example.org', country: 'DE', type: 'individual', accreditation: undefined, externalRef: 'crm-bob' })
    const same = await create({ name: 'Alice Example', email: 'alice@example.org', country: 'DE', type: 'individual', externalRef: 'crm-bob' })
    expect(again.status).toBe(201)
    expect(same.status).toBe(200)
    expect(same.body.id).toBe(again.body.id)
    const other = await create({ name: 'Bob Other', email: 'bob@example.org', country: 'DE', type: 'individual', externalRef: 'crm-bob' })
    expect(other.status).toBe(409)
    expect(other.problem?.code).toBe('INVESTOR_EXTERNAL_REF_TAKEN')
  })

  it('lets each role do only its part', async () => {
    const byAuditor = await platform.as.auditor.post('/v1/investors', { name: 'X Y', email: 'x@example.org', country: 'FR', type: 'individual' })
    expect(byAuditor.status).toBe(403)
    expect(byAuditor.problem?.code).toBe('AUTH_SCOPE_MISSING')
    const byOperator = await platform.as.operator.post<Investor>('/v1/investors', { name: 'Olga Operatorova', email: 'o@example.org', country: 'FR', type: 'entity' })
    expect(byOperator.status).toBe(201)
    const decisionByAdmin = await platform.as['issuer-admin'].post(`/v1/investors/${byOperator.body.id}/kyc-decision`, { decision: 'APPROVE', reason: 'x' })
    expect(decisionByAdmin.status).toBe(403)
    const list = await platform.as.auditor.get<{ items: Investor[] }>('/v1/investors?status=ACTIVE')
    expect(list.body.items.map((i) => i.id)).toEqual([alice.id])
    const spec = await fetch(`${platform.url}/openapi.json`).then((r) => r.json() as Promise<{ paths: Record<string, unknown> }>)
    expect(Object.keys(spec.paths)).toEqual(expect.arrayContaining(['/v1/investors', '/v1/investors/{id}/kyc-decision', '/v1/inbound/custody']))
  })

  it('revokes the claim on-chain when KYC expires, and re-verification restores it', async () => {
    expect(await isVerified(alice.walletAddress!)).toBe(true)
    platform.clock.advance(366 * DAY)
    const expired = await waitForInvestor<Investor>(platform.as.auditor, alice.id, (i) => i.status === 'EXPIRED')
    expect(expired.statusCode).toBe('KYC_EXPIRED')
    await waitForValue(() => isVerified(alice.walletAddress!), false)

    const again = await platform.as['compliance-officer'].post<Investor>(`/v1/investors/${alice.id}/reverify`, {})
    expect(again.body.status).toBe('PENDING_KYC')
    await waitForInvestor<Investor>(platform.as.auditor, alice.id, (i) => i.status === 'IN_REVIEW')
    expect((await decide(alice.id, 'APPROVE', 'refreshed documents')).body.status).toBe('APPROVED')
    const active = await waitForInvestor<Investor>(platform.as.auditor, alice.id, (i) => i.status === 'ACTIVE')
    expect(active.walletAddress).toBe(alice.walletAddress)
    expect(active.identityAddress).toBe(alice.identityAddress)
    expect(new Date(active.kycExpiresAt!).getTime()).toBeGreaterThan(platform.clock.now().getTime() + 360 * DAY)
    expect(await isVerified(alice.walletAddress!)).toBe(true)
  })

  it('suspends an active investor whom a later screening finds on the sanctions list, and revokes its claim', async () => {
    const res = await create({ name: 'Oskar Lindqvist', email: 'ol@example.org', country: 'SE', type: 'individual' })
    await waitForInvestor<Investor>(platform.as.auditor, res.body.id, (i) => i.status === 'IN_REVIEW')
    await decide(res.body.id, 'APPROVE', 'ok')
    const oskar = await waitForInvestor<Investor>(platform.as.auditor, res.body.id, (i) => i.status === 'ACTIVE')
    expect(await isVerified(oskar.walletAddress!)).toBe(true)

    appendFileSync(join(platform.sanctionsDir, 'SDN.CSV'), '90199,"LINDQVIST, Oskar","individual","SDGT","-0- ","-0- ","-0- ","-0- ","-0- ","-0- ","-0- ","DOB 1980."\r\n')
    const reload = await platform.as['compliance-officer'].post<{ changed: boolean; suspended: string[] }>('/v1/kyc/sanctions-list/reload')
    expect(reload.body).toMatchObject({ changed: true, suspended: [oskar.id] })
    const suspended = await waitForInvestor<Investor>(platform.as.auditor, oskar.id, (i) => i.status === 'SUSPENDED')
    expect(suspended.statusCode).toBe('SANCTIONS_NAME_MATCH')
    expect(suspended.statusReason).toContain('SDN-90199')
    await waitForValue(() => isVerified(oskar.walletAddress!), false)
    expect((await decide(oskar.id, 'REJECT', 'confirmed')).body.status).toBe('REJECTED')
  })
})
