import { createHash, createPublicKey, createSign, createVerify, generateKeyPairSync, randomUUID, verify as verifySignature } from 'node:crypto'
import { createServer, type IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { encodeFunctionData, erc20Abi, keccak256, recoverMessageAddress, toHex, type Address, type Hex } from 'viem'
import { Fireblocks, type TransactionResponse } from '@fireblocks/ts-sdk'
import { startTestChain, type TestChain } from '../../test/chain.ts'
import { startTestCustody, type TestCustody } from '../../test/custody.ts'
import { sendCall } from '../../chain/deployer.ts'
import { devStablecoinAbi } from '../../chain/generated/abis.ts'

type Received = { headers: IncomingHttpHeaders; rawBody: string }

/** Polls until `done` holds for the transaction, through the SDK. */
async function waitForStatus(fireblocks: Fireblocks, txId: string, done: (t: TransactionResponse) => boolean, timeoutMs = 30_000): Promise<TransactionResponse> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const t = (await fireblocks.transactions.getTransaction({ txId })).data
    if (done(t)) return t
    if (Date.now() > deadline) throw new Error(`transaction ${txId} still ${t.status}/${t.subStatus}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

const final = (t: TransactionResponse) => ['COMPLETED', 'FAILED', 'BLOCKED', 'REJECTED', 'CANCELLED'].includes(t.status ?? '')

describe('the official Fireblocks SDK against custody', () => {
  let chain: TestChain
  let custody: TestCustody
  let fireblocks: Fireblocks
  let apiKey: string
  let privateKeyPem: string
  let basePath: string
  const received: Received[] = []
  const receiver = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      received.push({ headers: req.headers, rawBody: Buffer.concat(chunks).toString('utf8') })
      res.writeHead(200).end()
    })
  })

  beforeAll(async () => {
    chain = await startTestChain()
    custody = await startTestCustody(chain, { env: { CUSTODY_DEPLOYMENTS_FILE: process.env.CUSTOS_TEST_DEPLOYMENTS! } })
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r))
    const keys = generateKeyPairSync('rsa', { modulusLength: 2048 })
    privateKeyPem = keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()
    const user = await custody.as.admin.post<{ apiKey: string }>('/v1/fireblocks/api-users', {
      name: 'treasury-bot',
      publicKeyPem: keys.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      principalKeyId: custody.keys.platform!.keyId,
    })
    expect(user.status).toBe(201)
    apiKey = user.body.apiKey
    basePath = `${custody.url}/fireblocks/v1`
    fireblocks = new Fireblocks({ apiKey, secretKey: privateKeyPem, basePath })
  })
  afterAll(async () => {
    await new Promise((r) => receiver.close(r))
    await custody?.close()
    await chain?.stop()
  })

  let treasury: { id: string; address: Address }
  let investor: { id: string; address: Address }

  it('creates vault accounts, opens a stablecoin wallet and gives its deposit address', async () => {
    const assets = (await fireblocks.blockchainsAssets.getSupportedAssets()).data
    expect(assets).toEqual(expect.arrayContaining([expect.objectContaining({ id: 'CUSD', type: 'ERC20', decimals: 6, nativeAsset: 'ETH' }), expect.objectContaining({ id: 'ETH', type: 'BASE_ASSET' })]))

    const t = (await fireblocks.vaults.createVaultAccount({ createVaultAccountRequest: { name: 'fb-treasury', autoFuel: true, customerRefId: 'issuer-1' } })).data
    const i = (await fireblocks.vaults.createVaultAccount({ createVaultAccountRequest: { name: 'fb-investor' } })).data
    expect(t).toMatchObject({ name: 'fb-treasury', autoFuel: true, customerRefId: 'issuer-1', hiddenOnUI: false, assets: [] })
    expect(Number(i.id)).toBeGreaterThan(Number(t.id))

    const wallet = (await fireblocks.vaults.createVaultAccountAsset({ vaultAccountId: t.id!, assetId: 'CUSD' })).data
    await fireblocks.vaults.createVaultAccountAsset({ vaultAccountId: i.id!, assetId: 'CUSD' })
    const addresses = (await fireblocks.vaults.getVaultAccountAssetAddressesPaginated({ vaultAccountId: t.id!, assetId: 'CUSD' })).data
    expect(addresses.addresses).toHaveLength(1)
    expect(addresses.addresses![0]).toMatchObject({ assetId: 'CUSD', address: wallet.address })
    treasury = { id: t.id!, address: wallet.address as Address }
    investor = { id: i.id!, address: (await fireblocks.vaults.getVaultAccountAssetAddressesPaginated({ vaultAccountId: i.id!, assetId: 'CUSD' })).data.addresses![0]!.address as Address }

    await sendCall(chain.deployCtx, chain.deployments.stablecoin, devStablecoinAbi, 'mint', [treasury.address, 1_000_000_000n])
    const balance = (await fireblocks.vaults.getVaultAccountAsset({ vaultAccountId: treasury.id, assetId: 'CUSD' })).data
    expect(balance).toMatchObject({ id: 'CUSD', total: '1000', available: '1000' })

    const page = (await fireblocks.vaults.getPagedVaultAccounts({ namePrefix: 'fb-', orderBy: 'ASC', limit: 1 })).data
    expect(page.accounts!.map((a) => a.name)).toEqual(['fb-treasury'])
    const next = (await fireblocks.vaults.getPagedVaultAccounts({ namePrefix: 'fb-', orderBy: 'ASC', limit: 1, after: page.paging!.after! })).data
    expect(next.accounts!.map((a) => a.name)).toEqual(['fb-investor'])
    expect((await fireblocks.vaults.getVaultAccount({ vaultAccountId: treasury.id })).data.assets).toEqual([expect.objectContaining({ id: 'CUSD', total: '1000' })])
  })

  it('moves the stablecoin by TRANSFER to COMPLETED, once per external id, and tells a webhook signed as Fireblocks signs', async () => {
    const hook = (await fireblocks.webhooksV2.createWebhook({ createWebhookRequest: { url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/fb`, events: ['transaction.status.updated'] } })).data
    expect(hook).toMatchObject({ status: 'ENABLED', events: ['transaction.status.updated'] })

    const request = { operation: 'TRANSFER' as const, assetId: 'CUSD', source: { type: 'VAULT_ACCOUNT' as const, id: treasury.id }, destination: { type: 'VAULT_ACCOUNT' as const, id: investor.id }, amount: '12.5', externalTxId: `pay-${randomUUID()}`, note: 'coupon' }
    const created = (await fireblocks.transactions.createTransaction({ transactionRequest: request, idempotencyKey: randomUUID() })).data
    const again = (await fireblocks.transactions.createTransaction({ transactionRequest: request })).data
    expect(again.id).toBe(created.id)
    const done = await waitForStatus(fireblocks, created.id!, final)
    expect(done).toMatchObject({ status: 'COMPLETED', subStatus: 'CONFIRMED', operation: 'TRANSFER', assetId: 'CUSD', externalTxId: request.externalTxId, note: 'coupon', source: { type: 'VAULT_ACCOUNT', id: treasury.id }, destination: { type: 'VAULT_ACCOUNT', id: investor.id }, amountInfo: { amount: '12.5' } })
    expect(done.txHash).toMatch(/^0x[0-9a-f]{64}$/)
    const onChain = await chain.publicClient.readContract({ address: chain.deployments.stablecoin, abi: erc20Abi, functionName: 'balanceOf', args: [investor.address] })
    expect(onChain).toBe(12_500_000n)
    expect((await fireblocks.transactions.getTransactionByExternalId({ externalTxId: request.externalTxId })).data.id).toBe(created.id)

    // The webhook: verified as Fireblocks documents, with the key custody publishes.
    const pem = await (await fetch(`${custody.url}/fireblocks/webhook_public_key.pem`)).text()
    const jwks = (await (await fetch(`${custody.url}/fireblocks/.well-known/jwks.json`)).json()) as { keys: { kid: string; n: string; e: string; kty: string }[] }
    const deadline = Date.now() + 20_000
    let completed: Received | undefined
    while (!completed && Date.now() < deadline) {
      completed = received.find((r) => (JSON.parse(r.rawBody) as { data: { id: string; status: string } }).data.id === created.id && r.rawBody.includes('"status":"COMPLETED"'))
      if (!completed) await new Promise((r) => setTimeout(r, 50))
    }
    expect(completed).toBeDefined()
    const legacy = createVerify('RSA-SHA512')
    legacy.update(completed!.rawBody)
    expect(legacy.verify(pem, completed!.headers['fireblocks-signature'] as string, 'base64')).toBe(true)
    const [protectedHeader, empty, sig] = (completed!.headers['fireblocks-webhook-signature'] as string).split('.')
    expect(empty).toBe('')
    const { kid, alg } = JSON.parse(Buffer.from(protectedHeader!, 'base64url').toString()) as { kid: string; alg: string }
    expect(alg).toBe('RS512')
    const jwk = jwks.keys.find((k) => k.kid === kid)!
    const signingInput = `${protectedHeader}.${Buffer.from(completed!.rawBody).toString('base64url')}`
    expect(verifySignature('sha512', Buffer.from(signingInput), createPublicKey({ key: jwk, format: 'jwk' }), Buffer.from(sig!, 'base64url'))).toBe(true)
    const tampered = createVerify('RSA-SHA512')
    tampered.update(completed!.rawBody.replace('COMPLETED', 'FAILED'))
    expect(tampered.verify(pem, completed!.headers['fireblocks-signature'] as string, 'base64')).toBe(false)
    const body = JSON.parse(completed!.rawBody) as { eventType: string; resourceId: string; data: TransactionResponse }
    expect(body).toMatchObject({ eventType: 'transaction.status.updated', resourceId: created.id, data: { status: 'COMPLETED', assetId: 'CUSD' } })
  })

  it('runs a CONTRACT_CALL to COMPLETED', async () => {
    const spender = '0x000000000000000000000000000000000000dEaD'
    const data = encodeFunctionData({ abi: erc20Abi, functionName: 'approve', args: [spender, 5_000_000n] })
    const transactionRequest = { operation: 'CONTRACT_CALL' as const, assetId: 'ETH', source: { type: 'VAULT_ACCOUNT' as const, id: treasury.id }, destination: { type: 'ONE_TIME_ADDRESS' as const, oneTimeAddress: { address: chain.deployments.stablecoin } }, amount: '0', extraParameters: { contractCallData: data } }
    // No externalTxId: the Idempotency-Key makes a retry the same transaction.
    const idempotencyKey = randomUUID()
    const created = (await fireblocks.transactions.createTransaction({ transactionRequest, idempotencyKey })).data
    expect((await fireblocks.transactions.createTransaction({ transactionRequest, idempotencyKey })).data.id).toBe(created.id)
    const done = await waitForStatus(fireblocks, created.id!, final)
    expect(done).toMatchObject({ status: 'COMPLETED', operation: 'CONTRACT_CALL', destination: { type: 'ONE_TIME_ADDRESS' }, extraParameters: { contractCallData: data } })
    expect(await chain.publicClient.readContract({ address: chain.deployments.stablecoin, abi: erc20Abi, functionName: 'allowance', args: [treasury.address, spender] })).toBe(5_000_000n)
    expect(done.externalTxId).toBe('')
    const nonce = await chain.publicClient.getTransactionCount({ address: treasury.address })
    expect(nonce).toBe(2)
  })

  it('signs an ETH_MESSAGE (TYPED_MESSAGE) with a vault key, once per external id', async () => {
    const digest = keccak256(toHex('a claim about an identity'))
    const request = {
      operation: 'TYPED_MESSAGE' as const,
      assetId: 'ETH',
      source: { type: 'VAULT_ACCOUNT' as const, id: treasury.id },
      externalTxId: `msg-${randomUUID()}`,
      extraParameters: { rawMessageData: { messages: [{ content: digest.slice(2), type: 'ETH_MESSAGE' }] } },
    }
    const created = (await fireblocks.transactions.createTransaction({ transactionRequest: request })).data
    expect((await fireblocks.transactions.createTransaction({ transactionRequest: request })).data.id).toBe(created.id)
    const done = (await fireblocks.transactions.getTransactionByExternalId({ externalTxId: request.externalTxId })).data
    expect(done).toMatchObject({ id: created.id, status: 'COMPLETED', operation: 'TYPED_MESSAGE' })
    const sig = done.signedMessages![0]!.signature!
    const signature = `0x${sig.fullSig}${(27 + Number(sig.v)).toString(16)}` as Hex
    expect(await recoverMessageAddress({ message: { raw: digest }, signature })).toBe(treasury.address)
  })

  it('cancels a transaction still waiting for approval', async () => {
    await custody.as.admin.post('/v1/vaults', { name: 'fb-warm', tier: 'warm' })
    const warm = (await fireblocks.vaults.getPagedVaultAccounts({ namePrefix: 'fb-warm' })).data.accounts![0]!
    const created = (await fireblocks.transactions.createTransaction({ transactionRequest: { assetId: 'ETH', source: { type: 'VAULT_ACCOUNT', id: warm.id! }, destination: { type: 'VAULT_ACCOUNT', id: investor.id }, amount: '0.01' } })).data
    await waitForStatus(fireblocks, created.id!, (t) => t.status === 'PENDING_AUTHORIZATION')
    expect((await fireblocks.transactions.cancelTransaction({ txId: created.id! })).data).toEqual({ success: true })
    expect((await fireblocks.transactions.getTransaction({ txId: created.id! })).data).toMatchObject({ status: 'CANCELLED', subStatus: 'CANCELLED_BY_USER' })
  })

  it('whitelists an external wallet’s address through custody’s four-eyes change request, then pays it by TRANSFER', async () => {
    const hook = (await fireblocks.webhooksV2.createWebhook({ createWebhookRequest: { url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/fb-wallets`, events: ['external_wallet.asset.added'] } })).data
    expect(hook.events).toEqual(['external_wallet.asset.added'])
    const idempotencyKey = randomUUID()
    const wallet = (await fireblocks.externalWallets.createExternalWallet({ createWalletRequest: { name: 'Bank of Alice', customerRefId: 'investor-alice' }, idempotencyKey })).data
    expect(wallet).toMatchObject({ name: 'Bank of Alice', customerRefId: 'investor-alice', assets: [] })
    expect((await fireblocks.externalWallets.createExternalWallet({ createWalletRequest: { name: 'Bank of Alice', customerRefId: 'investor-alice' }, idempotencyKey })).data.id).toBe(wallet.id)

    const outside = '0x00000000000000000000000000000000000A11cE' as Address
    const added = (await fireblocks.externalWallets.addAssetToExternalWallet({ walletId: wallet.id, assetId: 'CUSD', addAssetToExternalWalletRequest: { address: outside } })).data
    expect(added).toMatchObject({ id: 'CUSD', status: 'WAITING_FOR_APPROVAL', address: outside })
    // The same address again answers the asset; another one for the same asset is refused.
    expect((await fireblocks.externalWallets.addAssetToExternalWallet({ walletId: wallet.id, assetId: 'CUSD', addAssetToExternalWalletRequest: { address: outside } })).data.status).toBe('WAITING_FOR_APPROVAL')
    const other = await fireblocks.externalWallets.addAssetToExternalWallet({ walletId: wallet.id, assetId: 'CUSD', addAssetToExternalWalletRequest: { address: '0x0000000000000000000000000000000000000B0b' } }).catch((e: { response?: { statusCode: number } }) => e.response)
    expect(other).toMatchObject({ statusCode: 409 })

    // Not approved yet: nothing can be sent to it.
    const transfer = (externalTxId: string) => ({ operation: 'TRANSFER' as const, assetId: 'CUSD', source: { type: 'VAULT_ACCOUNT' as const, id: treasury.id }, destination: { type: 'EXTERNAL_WALLET' as const, id: wallet.id }, amount: '7', externalTxId })
    const early = await fireblocks.transactions.createTransaction({ transactionRequest: transfer(`early-${randomUUID()}`) }).catch((e: { response?: { statusCode: number; data: { code: string } } }) => e.response)
    expect(early).toMatchObject({ statusCode: 400, data: { code: 'EXTERNAL_WALLET_ASSET_NOT_APPROVED' } })

    // Custody's change request for the address, decided by two admins (the API user cannot approve it).
    const requests = (await custody.as.admin.get<{ items: { id: string; kind: string; target: string; status: string }[] }>('/v1/change-requests?status=PENDING&kind=WHITELIST_ADD')).body.items
    const cr = requests.find((r) => r.target === outside.toLowerCase())!
    expect(cr).toBeDefined()
    for (const admin of ['admin', 'admin-2'] as const) expect((await custody.as[admin].post(`/v1/change-requests/${cr.id}/approve`, { comment: 'beneficiary checked' })).status).toBe(200)
    const approved = (await fireblocks.externalWallets.getExternalWallet({ walletId: wallet.id })).data
    expect(approved.assets).toEqual([expect.objectContaining({ id: 'CUSD', status: 'APPROVED', address: outside, activationTime: expect.any(String) })])
    expect((await fireblocks.externalWallets.getExternalWallets()).data.map((w) => w.id)).toContain(wallet.id)

    const before = await chain.publicClient.readContract({ address: chain.deployments.stablecoin, abi: erc20Abi, functionName: 'balanceOf', args: [outside] })
    const request = transfer(`to-wallet-${randomUUID()}`)
    const created = (await fireblocks.transactions.createTransaction({ transactionRequest: request })).data
    const done = await waitForStatus(fireblocks, created.id!, final)
    expect(done).toMatchObject({ status: 'COMPLETED', operation: 'TRANSFER', assetId: 'CUSD', destination: { type: 'EXTERNAL_WALLET', id: wallet.id }, destinationAddress: outside, amountInfo: { amount: '7' } })
    expect(await chain.publicClient.readContract({ address: chain.deployments.stablecoin, abi: erc20Abi, functionName: 'balanceOf', args: [outside] })).toBe(before + 7_000_000n)

    // Fireblocks' external_wallet.asset.added, signed as Fireblocks signs.
    const pem = await (await fetch(`${custody.url}/fireblocks/webhook_public_key.pem`)).text()
    const deadline = Date.now() + 20_000
    let event: Received | undefined
    while (!event && Date.now() < deadline) {
      event = received.find((r) => r.rawBody.includes('"eventType":"external_wallet.asset.added"'))
      if (!event) await new Promise((r) => setTimeout(r, 50))
    }
    expect(event).toBeDefined()
    expect(createVerify('RSA-SHA512').update(event!.rawBody).verify(pem, event!.headers['fireblocks-signature'] as string, 'base64')).toBe(true)
    expect(JSON.parse(event!.rawBody)).toMatchObject({ eventType: 'external_wallet.asset.added', data: { walletId: wallet.id, walletName: 'Bank of Alice', walletCustomerRefId: 'investor-alice', assetId: 'CUSD', address: outside } })
    const audit = (await custody.as.admin.get<{ items: { action: string }[] }>(`/v1/audit/entries?targetType=fireblocks_external_wallet&targetId=${wallet.id}`)).body.items.map((e) => e.action)
    expect(audit).toEqual(expect.arrayContaining(['fireblocks.external_wallet.created', 'fireblocks.external_wallet.asset_added']))
  })

  it('is documented in custody’s OpenAPI under its own tag, and its verification key is public', async () => {
    const doc = (await (await fetch(`${custody.url}/openapi.json`)).json()) as { paths: Record<string, Record<string, { tags?: string[] }>> }
    expect(doc.paths['/fireblocks/v1/transactions']?.post?.tags).toEqual(['fireblocks'])
    expect(doc.paths['/fireblocks/v1/vault/accounts_paged']?.get?.tags).toEqual(['fireblocks'])
    expect((await fetch(`${custody.url}/fireblocks/.well-known/jwks.json`)).status).toBe(200)
  })

  it('reads the active policy in TAP shape', async () => {
    const tap = (await fireblocks.policyEditorBeta.getActivePolicyLegacy()).data
    expect(tap.policy.rules.length).toBeGreaterThan(0)
    expect(tap.policy.rules[0]).toMatchObject({ type: 'TRANSFER', action: 'ALLOW', asset: '*', operators: { wildcard: '*' } })
    expect(tap.policy.rules.find((r) => r.authorizationGroups)).toMatchObject({ authorizersCount: 1, authorizationGroups: { groups: [{ usersGroups: ['approvers'], th: 1 }] } })
  })

  it('answers errors in Fireblocks’ shape: unknown vault account 1004, a float amount refused', async () => {
    const missing = await fireblocks.vaults.getVaultAccount({ vaultAccountId: '9999' }).catch((e: { response?: { statusCode: number; data: unknown } }) => e.response)
    expect(missing).toMatchObject({ statusCode: 404, data: { code: 1004 } })
    const float = await fireblocks.transactions
      .createTransaction({ transactionRequest: { assetId: 'CUSD', source: { type: 'VAULT_ACCOUNT', id: treasury.id }, destination: { type: 'VAULT_ACCOUNT', id: investor.id }, amount: 1.5 } })
      .catch((e: { response?: { statusCode: number; data: { message: string } } }) => e.response)
    expect(float).toMatchObject({ statusCode: 400, data: { message: expect.stringMatching(/decimal string/) } })
  })

  it('refuses an amount of 2^256 base units or more (native and ERC-20) with 400, storing nothing', async () => {
    const huge = '1' + '0'.repeat(72) // 10^72 whole units: 10^90 wei, 10^78 cUSD base units — more than a uint256 holds (about 1.16 × 10^77)
    for (const assetId of ['ETH', 'CUSD']) {
      const externalTxId = `huge-${assetId}-${randomUUID()}`
      const res = await fireblocks.transactions
        .createTransaction({ transactionRequest: { assetId, source: { type: 'VAULT_ACCOUNT', id: treasury.id }, destination: { type: 'VAULT_ACCOUNT', id: investor.id }, amount: huge, externalTxId } })
        .catch((e: { response?: { statusCode: number; data: { message: string } } }) => e.response)
      expect(res).toMatchObject({ statusCode: 400, data: { message: expect.stringMatching(/uint256/) } })
      expect((await custody.as.admin.get<{ items: unknown[] }>(`/v1/transactions?externalTxId=${externalTxId}`)).body.items).toEqual([])
    }
  })

  describe('authentication', () => {
    const jwt = (claims: Record<string, unknown>, key = privateKeyPem) => {
      const part = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url')
      const input = `${part({ alg: 'RS256', typ: 'JWT' })}.${part(claims)}`
      return `${input}.${createSign('RSA-SHA256').update(input).sign(key, 'base64url')}`
    }
    const claimsFor = (uri: string, body = '') => {
      const now = Math.floor(Date.now() / 1000)
      return { uri, nonce: randomUUID(), iat: now, exp: now + 55, sub: apiKey, bodyHash: createHash('sha256').update(body).digest('hex') }
    }
    const send = (path: string, token: string, body?: string) =>
      fetch(`${custody.url}${path}`, { method: body === undefined ? 'GET' : 'POST', headers: { 'x-api-key': apiKey, authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body })

    it('accepts a well-formed request, once: the same nonce again is refused', async () => {
      const token = jwt(claimsFor('/fireblocks/v1/supported_assets'))
      expect((await send('/fireblocks/v1/supported_assets', token)).status).toBe(200)
      const replay = await send('/fireblocks/v1/supported_assets', token)
      expect(replay.status).toBe(401)
      expect(await replay.json()).toMatchObject({ code: -7, custosCode: 'FIREBLOCKS_NONCE_REPLAYED' })
    })

    it('refuses a forged JWT (another key) and a body changed after signing, changing nothing', async () => {
      const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()
      const forged = await send('/fireblocks/v1/vault/accounts_paged', jwt(claimsFor('/fireblocks/v1/vault/accounts_paged'), other))
      expect(forged.status).toBe(401)
      expect(await forged.json()).toMatchObject({ code: -1, custosCode: 'FIREBLOCKS_BAD_SIGNATURE' })

      const signedBody = JSON.stringify({ name: 'fb-signed' })
      const changed = await send('/fireblocks/v1/vault/accounts', jwt(claimsFor('/fireblocks/v1/vault/accounts', signedBody)), JSON.stringify({ name: 'fb-changed' }))
      expect(changed.status).toBe(401)
      expect(await changed.json()).toMatchObject({ code: -1, custosCode: 'FIREBLOCKS_BODY_HASH_MISMATCH' })
      const names = (await fireblocks.vaults.getPagedVaultAccounts({ namePrefix: 'fb-' })).data.accounts!.map((a) => a.name)
      expect(names).not.toContain('fb-changed')
      expect(names).not.toContain('fb-signed')
    })

    it('refuses a token for another path, a token living longer than 60 s, and a request with no token', async () => {
      const wrongUri = await send('/fireblocks/v1/supported_assets', jwt(claimsFor('/fireblocks/v1/vault/accounts_paged')))
      expect(await wrongUri.json()).toMatchObject({ code: -4 })
      const long = { ...claimsFor('/fireblocks/v1/supported_assets'), exp: Math.floor(Date.now() / 1000) + 3600 }
      expect((await send('/fireblocks/v1/supported_assets', jwt(long))).status).toBe(401)
      const none = await fetch(`${custody.url}/fireblocks/v1/supported_assets`, { headers: { 'x-api-key': apiKey } })
      expect(none.status).toBe(401)
      expect(await none.json()).toMatchObject({ code: -3 })
      // The native API does not take a Fireblocks JWT, nor the Fireblocks API a native signature.
      expect((await send('/v1/vaults', jwt(claimsFor('/v1/vaults')))).status).toBe(401)
    })
  })
})
