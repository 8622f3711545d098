import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { custosCountryModuleAbi, custosLockupModuleAbi, custosMaxBalanceModuleAbi, custosMaxHoldersModuleAbi, tokenAbi, trexFactoryAbi } from '../../../chain/generated/abis.ts'
import { ANVIL_DEV_KEYS } from '../../../chain/dev-accounts.ts'
import { bootstrapCustodyRoles } from '../../../cli/bootstrap.ts'
import { startTestChain, type TestChain } from '../../../test/chain.ts'
import { startTestCustody, type TestCustody } from '../../../test/custody.ts'
import { startTestPlatform, type TestPlatform } from '../../../test/platform.ts'
import { getAddress, type Address } from 'viem'
import { custosTransferRestrictionsAbi, identityRegistryAbi, modularComplianceAbi } from '../../../chain/generated/abis.ts'
import {
  approveCustodyTx,
  deployToken,
  deployTokenyToken,
  getToken,
  onboardInvestor,
  pollUntil,
  settleOperation,
  type InvestorView,
  type OperationView,
  type TokenView,
} from '../../../test/platform/tokens.ts'

describe('tokens through the platform API', () => {
  let chain: TestChain
  let custody: TestCustody
  let platform: TestPlatform
  let token: TokenView

  beforeAll(async () => {
    chain = await startTestChain()
    custody = await startTestCustody(chain)
    platform = await startTestPlatform(chain, custody, { custodyWebhooks: true, env: { PLATFORM_KYC_AUTO_APPROVE: 'true' } })
  })
  afterAll(async () => {
    await platform?.close()
    await custody?.close()
    await chain?.stop()
  })

  it('hands the TREXFactory to the issuer-agent vault, and a second bootstrap changes nothing', async () => {
    const owner = await chain.publicClient.readContract({ address: chain.deployments.trexFactory, abi: trexFactoryAbi, functionName: 'owner' })
    expect(owner).toBe(platform.roles.vaults.issuerAgent.address)
    const again = await bootstrapCustodyRoles({ rpcUrl: chain.rpcUrl, deployerKey: ANVIL_DEV_KEYS[0]!, deployments: chain.deployments, custody: custody.client.admin })
    expect(again.changes).toEqual([])
  })

  it('deploys a T-REX suite through custody once an approver approves, on the shared identity storage, paused', async () => {
    token = await deployToken(platform, custody, { name: 'Acme Equity', symbol: 'acme', decimals: 0, compliance: { allowedCountries: ['DE', 'AT'], deniedCountries: ['RU'], maxBalance: '1000', maxHolders: '2000', lockupDays: 40 } })
    expect(token).toMatchObject({ status: 'ACTIVE', symbol: 'ACME', paused: true, totalSupply: '0' })
    expect(token.addresses.identityRegistryStorage?.toLowerCase()).toBe(chain.deployments.identityRegistry.storage.toLowerCase())
    expect(token.modules.map((m) => m.toLowerCase()).sort()).toEqual(Object.values(chain.deployments.modules).map((m) => m.toLowerCase()).sort())
    expect(token.addresses.transferRestrictions).toBe(chain.deployments.transferRestrictions)
    // The rules are configured on-chain, in the Custos modules.
    const m = chain.deployments.modules
    const compliance = token.addresses.compliance!
    expect(await chain.publicClient.readContract({ address: m.country, abi: custosCountryModuleAbi, functionName: 'isCountryDenied', args: [compliance, 643] })).toBe(true)
    expect(await chain.publicClient.readContract({ address: m.country, abi: custosCountryModuleAbi, functionName: 'isCountryAllowed', args: [compliance, 276] })).toBe(true)
    expect(await chain.publicClient.readContract({ address: m.maxBalance, abi: custosMaxBalanceModuleAbi, functionName: 'maxBalanceOf', args: [compliance] })).toBe(1000n)
    expect(await chain.publicClient.readContract({ address: m.maxHolders, abi: custosMaxHoldersModuleAbi, functionName: 'maxHoldersOf', args: [compliance] })).toBe(2000n)
    expect(await chain.publicClient.readContract({ address: m.lockup, abi: custosLockupModuleAbi, functionName: 'lockupDurationOf', args: [compliance] })).toBe(40n * 86_400n)
    const address = token.addresses.token!
    const read = <F extends 'owner' | 'paused'>(functionName: F) => chain.publicClient.readContract({ address, abi: tokenAbi, functionName })
    expect(await read('owner')).toBe(platform.roles.vaults.issuerAgent.address)
    expect(await chain.publicClient.readContract({ address, abi: tokenAbi, functionName: 'isAgent', args: [platform.roles.vaults.issuerAgent.address] })).toBe(true)
    expect(await chain.publicClient.readContract({ address: chain.deployments.trexFactory, abi: trexFactoryAbi, functionName: 'getToken', args: [`custos:${token.id}`] })).toBe(address)

    const list = await platform.as.auditor.get<{ items: TokenView[] }>('/v1/tokens')
    expect(list.body.items.map((t) => t.id)).toEqual([token.id])
  })

  it('refuses a second token with the same symbol, a bad country, and a caller without the issuer scope', async () => {
    const dup = await platform.as['issuer-admin'].post('/v1/tokens', { name: 'Other', symbol: 'ACME', decimals: 0 })
    expect(dup.status).toBe(409)
    expect(dup.problem?.code).toBe('TOKEN_SYMBOL_TAKEN')
    const bad = await platform.as['issuer-admin'].post('/v1/tokens', { name: 'Other', symbol: 'OTH', decimals: 0, compliance: { allowedCountries: ['XX'] } })
    expect(bad.status).toBe(400)
    const byOperator = await platform.as.operator.post('/v1/tokens', { name: 'Other', symbol: 'OTH', decimals: 0 })
    expect(byOperator.status).toBe(403)
  })

  it('unpauses and pauses through custody: pending authorization with the custody id, then the outcome', async () => {
    const res = await platform.as['issuer-admin'].post<OperationView>(`/v1/tokens/${token.id}/unpause`)
    expect(res.status).toBe(202)
    // Custody accepted it (its id is in the answer); its policy then holds it for an approver.
    expect(res.body.kind).toBe('UNPAUSE')
    expect(['SUBMITTED', 'PENDING_AUTHORIZATION']).toContain(res.body.status)
    expect(res.body.custodyTxId).toBeTruthy()
    const waiting = await pollUntil(async () => (await platform.as.auditor.get<OperationView>(`/v1/tokens/${token.id}/operations/${res.body.id}`)).body, (o) => o.status !== 'SUBMITTED', 'unpause held')
    expect(waiting).toMatchObject({ status: 'PENDING_AUTHORIZATION', custodyStatus: 'PENDING_AUTHORIZATION', custodyTxId: res.body.custodyTxId })
    expect((await getToken(platform.as.auditor, token.id)).paused).toBe(true)
    const done = await settleOperation(platform, custody, `/v1/tokens/${token.id}/operations/${res.body.id}`, res.body)
    expect(done.status).toBe('COMPLETED')
    expect((await getToken(platform.as.auditor, token.id)).paused).toBe(false)

    const pause = await platform.as['issuer-admin'].post<OperationView>(`/v1/tokens/${token.id}/pause`)
    const paused = await settleOperation(platform, custody, `/v1/tokens/${token.id}/operations/${pause.body.id}`, pause.body)
    expect(paused.status).toBe('COMPLETED')
    expect((await getToken(platform.as.auditor, token.id)).paused).toBe(true)
  })

  it('records a rejected pause as FAILED with the custody status', async () => {
    const res = await platform.as['issuer-admin'].post<OperationView>(`/v1/tokens/${token.id}/unpause`)
    await pollUntil(async () => (await platform.as.auditor.get<OperationView>(`/v1/tokens/${token.id}/operations/${res.body.id}`)).body, (o) => o.status === 'PENDING_AUTHORIZATION', 'unpause held')
    const rej = await custody.as['approver-1'].post(`/v1/transactions/${res.body.custodyTxId}/reject`, { comment: 'not now' })
    expect(rej.status).toBe(200)
    const done = await settleOperation(platform, custody, `/v1/tokens/${token.id}/operations/${res.body.id}`, res.body, false)
    expect(done).toMatchObject({ status: 'FAILED', statusCode: 'CUSTODY_TX_REJECTED' })
    expect((await getToken(platform.as.auditor, token.id)).paused).toBe(true)
  })

  describe('a token bound to Tokeny’s modules, migrated onto ours by an approved token operation', () => {
    let legacy: TokenView
    let alice: InvestorView, bob: InvestorView, carol: InvestorView, erin: InvestorView
    const holdersPath = () => `/v1/tokens/${legacy.id}/holders`
    type Holders = { indexedHead: string; totals: { holders: number; supply: string }; items: { address: string; balance: string }[] }
    const capTable = async () => {
      const head = await chain.publicClient.getBlockNumber()
      const h = await pollUntil(async () => (await platform.as.auditor.get<Holders>(holdersPath())).body, (b) => b.indexedHead !== undefined && BigInt(b.indexedHead) >= head, 'cap table indexed')
      return { totals: h.totals, items: h.items.map((i) => ({ address: i.address.toLowerCase(), balance: i.balance })).sort((a, b) => a.address.localeCompare(b.address)) }
    }
    const compliance = () => legacy.addresses.compliance!
    const bound = async () => (await chain.publicClient.readContract({ address: compliance(), abi: modularComplianceAbi, functionName: 'getModules' })).map((a) => getAddress(a)).sort()
    const ours = () => Object.values(chain.deployments.modules).map((a) => getAddress(a)).sort()
    /** Approves each step's custody transaction as it comes, until the migration ends. */
    const settleMigration = async (op: OperationView) => {
      const approved = new Set<string>()
      const path = `/v1/tokens/${legacy.id}/operations/${op.id}`
      return pollUntil(
        async () => {
          const now = (await platform.as.auditor.get<OperationView>(path)).body
          if (now.status === 'PENDING_AUTHORIZATION' && now.custodyTxId && !approved.has(now.custodyTxId)) {
            approved.add(now.custodyTxId)
            await approveCustodyTx(custody, now.custodyTxId)
          }
          return now
        },
        (o) => o.status === 'COMPLETED' || o.status === 'FAILED',
        'compliance migration',
        240_000,
      )
    }
    const transfer = (from: InvestorView, to: Address, amount: bigint) =>
      chain.publicClient.simulateContract({ account: from.walletAddress!, address: legacy.addresses.token!, abi: tokenAbi, functionName: 'transfer', args: [to, amount] })

    beforeAll(async () => {
      ;[alice, bob, carol, erin] = await Promise.all([
        onboardInvestor(platform, 'Migrate Alice', 'US'),
        onboardInvestor(platform, 'Migrate Bob', 'DE'),
        onboardInvestor(platform, 'Migrate Carol', 'US'),
        onboardInvestor(platform, 'Migrate Erin', 'FR'),
      ])
      legacy = await deployTokenyToken(chain, platform, custody, { name: 'Legacy Fund', symbol: 'LEGF', compliance: { allowedCountries: ['US', 'DE'], maxBalance: '1000', supplyLimit: '5000', maxHolders: '2' } })
      for (const [who, quantity] of [[alice, '600'], [bob, '500']] as const) {
        const res = await platform.as['issuer-admin'].post<OperationView>('/v1/assets/mint', { tokenId: legacy.id, investorId: who.id, quantity, agreementRef: 'legacy-sa', idempotencyKey: `legacy-mint-${who.id}` })
        expect(res.status).toBe(202)
        expect((await settleOperation(platform, custody, `/v1/assets/issuances/${res.body.id}`, res.body)).status).toBe('COMPLETED')
      }
    }, 300_000)

    it('binds ours with the holders seeded, unbinds theirs, keeps the cap table, and a repeat does not redo it', async () => {
      expect(await bound()).toEqual(legacy.modules.map((a) => getAddress(a)).sort())
      expect(legacy.paused).toBe(true)
      const before = await capTable()
      expect(before.totals).toMatchObject({ holders: 2, supply: '1100' })

      const res = await platform.as['issuer-admin'].post<OperationView>(`/v1/tokens/${legacy.id}/compliance/migrate`, { idempotencyKey: 'legf-migrate-1' })
      expect(res.status).toBe(202)
      expect(res.body.kind).toBe('MIGRATE_COMPLIANCE')
      // While it is under way (its first step waits for approval at custody), nothing but a pause may
      // touch the token: a mint, an unpause or a second migration could change the holders being seeded.
      const mintMeanwhile = await platform.as['issuer-admin'].post('/v1/assets/mint', { tokenId: legacy.id, investorId: alice.id, quantity: '1', agreementRef: 'legacy-sa', idempotencyKey: 'legacy-mint-during-migration' })
      expect([mintMeanwhile.status, mintMeanwhile.problem?.code]).toEqual([409, 'COMPLIANCE_MIGRATION_IN_FLIGHT'])
      const unpauseMeanwhile = await platform.as['issuer-admin'].post(`/v1/tokens/${legacy.id}/unpause`)
      expect([unpauseMeanwhile.status, unpauseMeanwhile.problem?.code]).toEqual([409, 'COMPLIANCE_MIGRATION_IN_FLIGHT'])
      const secondMigration = await platform.as['issuer-admin'].post(`/v1/tokens/${legacy.id}/compliance/migrate`, { idempotencyKey: 'legf-migrate-meanwhile' })
      expect([secondMigration.status, secondMigration.problem?.code]).toEqual([409, 'COMPLIANCE_MIGRATION_IN_FLIGHT'])
      const done = await settleMigration(res.body)
      expect(done).toMatchObject({ status: 'COMPLETED', statusCode: null })

      // Ours only, with the token's rules and its holders seeded.
      expect(await bound()).toEqual(ours())
      expect((await getToken(platform.as.auditor, legacy.id)).modules.map((a) => getAddress(a)).sort()).toEqual(ours())
      const m = chain.deployments.modules
      const read = chain.publicClient.readContract
      expect(await read({ address: m.maxHolders, abi: custosMaxHoldersModuleAbi, functionName: 'holderCount', args: [compliance()] })).toBe(2n)
      expect(await read({ address: m.maxHolders, abi: custosMaxHoldersModuleAbi, functionName: 'maxHoldersOf', args: [compliance()] })).toBe(2n)
      expect(await read({ address: m.maxBalance, abi: custosMaxBalanceModuleAbi, functionName: 'maxBalanceOf', args: [compliance()] })).toBe(1000n)
      const bobId = await read({ address: legacy.addresses.identityRegistry!, abi: identityRegistryAbi, functionName: 'identity', args: [bob.walletAddress!] })
      expect(await read({ address: m.maxBalance, abi: custosMaxBalanceModuleAbi, functionName: 'identityBalance', args: [compliance(), bobId] })).toBe(500n)
      expect(await read({ address: m.lockup, abi: custosLockupModuleAbi, functionName: 'lockedBalanceOf', args: [compliance(), alice.walletAddress!] })).toBe(0n)
      expect(await capTable()).toEqual(before)

      // The same key answers the same operation and sends nothing more; another key is refused.
      const again = await platform.as['issuer-admin'].post<OperationView>(`/v1/tokens/${legacy.id}/compliance/migrate`, { idempotencyKey: 'legf-migrate-1' })
      expect(again.status).toBe(200)
      expect(again.body).toMatchObject({ id: res.body.id, status: 'COMPLETED', custodyTxId: done.custodyTxId })
      const other = await platform.as['issuer-admin'].post(`/v1/tokens/${legacy.id}/compliance/migrate`, { idempotencyKey: 'legf-migrate-2' })
      expect(other.status).toBe(409)
      expect(other.problem?.code).toBe('COMPLIANCE_ALREADY_MIGRATED')
      const ops = (await platform.as.auditor.get<{ items: OperationView[] }>(`/v1/tokens/${legacy.id}/operations`)).body.items.filter((o) => o.kind === 'MIGRATE_COMPLIANCE')
      expect(ops.map((o) => o.id)).toEqual([res.body.id])
      const audit = (await platform.as.auditor.get<{ items: { action: string }[] }>(`/v1/audit/entries?targetType=token&targetId=${legacy.id}&limit=100`)).body.items.map((e) => e.action)
      expect(audit).toEqual(expect.arrayContaining(['token.migrate_compliance_requested', 'token.compliance_migration_step_submitted', 'token.compliance_migrated']))
      expect(await bound()).toEqual(ours())
    }, 300_000)

    it('enforces the rules on-chain through our modules once unpaused', async () => {
      const unpause = await platform.as['issuer-admin'].post<OperationView>(`/v1/tokens/${legacy.id}/unpause`)
      expect((await settleOperation(platform, custody, `/v1/tokens/${legacy.id}/operations/${unpause.body.id}`, unpause.body)).status).toBe('COMPLETED')
      // Allowed: within bob's max balance, between existing holders.
      await expect(transfer(alice, bob.walletAddress!, 500n)).resolves.toBeTruthy()
      // Over the max balance by one unit (bob holds 500 seeded from before the migration).
      await expect(transfer(alice, bob.walletAddress!, 501n)).rejects.toThrow()
      // A country not allowed.
      await expect(transfer(alice, erin.walletAddress!, 1n)).rejects.toThrow()
      // A third holder: the two existing holders were counted.
      await expect(transfer(alice, carol.walletAddress!, 1n)).rejects.toThrow()
      // The on-chain ERC-1404 view names each rule, as for a token born on our modules.
      const code = (to: Address, amount: bigint) =>
        chain.publicClient.readContract({ address: chain.deployments.transferRestrictions, abi: custosTransferRestrictionsAbi, functionName: 'detectTransferRestriction', args: [legacy.addresses.token!, alice.walletAddress!, to, amount] })
      // (Erin would be a third holder too, and the view checks the holders cap first.)
      expect(await Promise.all([code(bob.walletAddress!, 500n), code(bob.walletAddress!, 501n), code(erin.walletAddress!, 1n), code(carol.walletAddress!, 1n)])).toEqual([0, 10, 14, 14])
      const m = chain.deployments.modules
      const allowed = (country: number) => chain.publicClient.readContract({ address: m.country, abi: custosCountryModuleAbi, functionName: 'isCountryAllowed', args: [compliance(), country] })
      expect(await Promise.all([allowed(840), allowed(276), allowed(250)])).toEqual([true, true, false])
    })

    it('refuses a token that is not paused: its holders could move while the new modules are seeded', async () => {
      const live = await deployTokenyToken(chain, platform, custody, { name: 'Live Legacy Fund', symbol: 'LIVF', compliance: { allowedCountries: ['US', 'DE'], maxBalance: '1000', supplyLimit: '5000', maxHolders: '2' } })
      const unpause = await platform.as['issuer-admin'].post<OperationView>(`/v1/tokens/${live.id}/unpause`)
      expect((await settleOperation(platform, custody, `/v1/tokens/${live.id}/operations/${unpause.body.id}`, unpause.body)).status).toBe('COMPLETED')
      const modulesBefore = (await chain.publicClient.readContract({ address: live.addresses.compliance!, abi: modularComplianceAbi, functionName: 'getModules' })).map((a) => getAddress(a)).sort()
      const res = await platform.as['issuer-admin'].post(`/v1/tokens/${live.id}/compliance/migrate`, { idempotencyKey: 'livf-migrate' })
      expect([res.status, res.problem?.code]).toEqual([409, 'TOKEN_NOT_PAUSED'])
      expect(res.problem?.detail).toContain(`/v1/tokens/${live.id}/pause`)
      // Nothing recorded, nothing sent.
      const ops = (await platform.as.auditor.get<{ items: OperationView[] }>(`/v1/tokens/${live.id}/operations`)).body.items
      expect(ops.filter((o) => o.kind === 'MIGRATE_COMPLIANCE')).toEqual([])
      expect((await chain.publicClient.readContract({ address: live.addresses.compliance!, abi: modularComplianceAbi, functionName: 'getModules' })).map((a) => getAddress(a)).sort()).toEqual(modulesBefore)
    })

    it('refuses an unknown token, and a token already on our modules', async () => {
      const missing = await platform.as['issuer-admin'].post('/v1/tokens/no-such-token/compliance/migrate', { idempotencyKey: 'k-1' })
      expect(missing.status).toBe(404)
      const acme = await platform.as['issuer-admin'].post(`/v1/tokens/${token.id}/compliance/migrate`, { idempotencyKey: 'k-2' })
      expect(acme.status).toBe(409)
      expect(acme.problem?.code).toBe('COMPLIANCE_ALREADY_MIGRATED')
      const byOperator = await platform.as.operator.post(`/v1/tokens/${legacy.id}/compliance/migrate`, { idempotencyKey: 'k-3' })
      expect(byOperator.status).toBe(403)
    })
  })
})
