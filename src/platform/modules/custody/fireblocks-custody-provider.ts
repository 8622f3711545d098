import { createHash } from 'node:crypto'
import { Fireblocks, type AssetTypeResponse, type TransactionResponse, type UnmanagedWallet, type VaultAccount } from '@fireblocks/ts-sdk'
import { decodeFunctionData, erc20Abi, formatEther, formatUnits, getAddress, toFunctionSelector, type Address, type Hex } from 'viem'
import { claimPayloadHash } from '../../../chain/identity.ts'
import type { CustodyProvider, CustodyTransaction, CustodyTxStatus, CustodyVault, EnsureVaultParameters, SubmitTransactionParameters, WhitelistStatus } from './custody-provider.ts'
import { CustodyRequestError } from './http-custody-provider.ts'

export interface FireblocksCustodyProviderOptions {
  /** The API user's key (`X-API-Key`). */
  apiKey: string
  /** PEM of the API user's RSA private key. */
  secretKey: string
  /** e.g. `https://api.fireblocks.io/v1`, or a Custos custody's `http://127.0.0.1:4100/fireblocks/v1`. */
  basePath: string
  /** The chain's native asset id in the workspace (`ETH`, `ETH_TEST5`, …): contract calls and vault addresses use it. */
  nativeAssetId: string
  /** How long `signClaim` waits for the workspace to sign (default 60 s); it polls every `pollMs` (default 500). */
  signTimeoutMs?: number
  pollMs?: number
}

/** Prefix of the `customerRefId` the platform writes on the vault accounts it makes: `custos:<purpose>[:<externalRef>]`. */
export const CUSTOMER_REF_PREFIX = 'custos:'

/** The `customerRefId` of the external wallet the platform makes for a withdrawal address (one wallet per address). */
export const withdrawalWalletRef = (address: Address) => `${CUSTOMER_REF_PREFIX}withdrawal:${address.toLowerCase()}`

const ERC20_TRANSFER = toFunctionSelector('transfer(address,uint256)')

type FireblocksFailure = { message?: string; response?: { statusCode?: number; data?: { message?: string; code?: unknown } } }

const STATUSES: readonly string[] = ['SUBMITTED', 'PENDING_AUTHORIZATION', 'QUEUED', 'PENDING_SIGNATURE', 'BROADCASTING', 'CONFIRMING', 'COMPLETED', 'BLOCKED', 'REJECTED', 'CANCELLED', 'FAILED']

/**
 * Fireblocks' statuses in the platform's terms: the same names, but Fireblocks has a few
 * more (AML screening, third-party steps, a transaction that confirmed and then was
 * dropped or reorganised). Those in progress count as QUEUED; TIMEOUT and a drop as FAILED.
 */
function statusOf(s: string | undefined): CustodyTxStatus {
  if (s && STATUSES.includes(s)) return s as CustodyTxStatus
  if (s === 'PENDING_AML_SCREENING' || s === 'PENDING_ENRICHMENT' || s === 'PENDING_3RD_PARTY_MANUAL_APPROVAL' || s === 'PENDING_3RD_PARTY') return 'QUEUED'
  if (s === 'CANCELLING') return 'QUEUED'
  return 'FAILED'
}

const tx = (t: TransactionResponse): CustodyTransaction => ({
  id: t.id!,
  externalTxId: t.externalTxId ?? '',
  status: statusOf(t.status),
  subStatus: t.subStatus || null,
  statusReason: t.errorDescription || null,
  txHash: t.txHash ? (t.txHash as Hex) : null,
})

function parseRef(ref: string | undefined): { purpose: string | null; externalRef: string | null } {
  if (!ref?.startsWith(CUSTOMER_REF_PREFIX)) return { purpose: null, externalRef: null }
  const [purpose, ...rest] = ref.slice(CUSTOMER_REF_PREFIX.length).split(':')
  return { purpose: purpose || null, externalRef: rest.length > 0 ? rest.join(':') : null }
}

/**
 * {@link CustodyProvider} on a Fireblocks workspace, through the official `@fireblocks/ts-sdk`:
 * a vault account per custody vault (investor, offering treasury, role vaults), transactions
 * as CONTRACT_CALL (or TRANSFER of the native asset) found again by `externalTxId`, claim
 * signatures as TYPED_MESSAGE (ETH_MESSAGE). The workspace's Transaction Authorization
 * Policy decides what is signed and who approves; see docs/fireblocks.md for the vault
 * naming and the TAP rules the platform's flows need.
 *
 * @example
 * const custody = createFireblocksCustodyProvider({ apiKey, secretKey: readFileSync(keyFile, 'utf8'), basePath: 'https://api.fireblocks.io/v1', nativeAssetId: 'ETH' })
 */
export function createFireblocksCustodyProvider(opts: FireblocksCustodyProviderOptions): CustodyProvider {
  const fb = new Fireblocks({ apiKey: opts.apiKey, secretKey: opts.secretKey, basePath: opts.basePath, additionalOptions: { isAnonymousPlatform: true, userAgent: 'custos-platform' } })
  const pollMs = opts.pollMs ?? 500

  async function call<T>(what: string, run: () => Promise<{ data: T }>): Promise<T> {
    try {
      return (await run()).data
    } catch (err) {
      const e = err as FireblocksFailure
      const status = e.response?.statusCode
      const retryable = status === undefined || status === 429 || status >= 500
      const code = e.response?.data?.code
      throw new CustodyRequestError(status === 404 ? 'CUSTODY_NOT_FOUND' : 'CUSTODY_FIREBLOCKS_ERROR', `Fireblocks refused ${what}: ${e.response?.data?.message ?? e.message ?? 'no answer'}`, {
        status: status === undefined ? 503 : 502,
        retryable,
        details: { custodyStatus: status ?? null, fireblocksCode: typeof code === 'number' || typeof code === 'string' ? code : null },
      })
    }
  }
  const notFound = (err: unknown) => err instanceof CustodyRequestError && err.details?.custodyStatus === 404

  /** The vault account's address: its native asset wallet's deposit address (opened if need be). */
  async function addressOf(vaultAccountId: string): Promise<Address> {
    const wallet = await call(`open the ${opts.nativeAssetId} wallet of vault account ${vaultAccountId}`, () => fb.vaults.createVaultAccountAsset({ vaultAccountId, assetId: opts.nativeAssetId }))
    if (wallet.address) return getAddress(wallet.address)
    const page = await call(`read the address of vault account ${vaultAccountId}`, () => fb.vaults.getVaultAccountAssetAddressesPaginated({ vaultAccountId, assetId: opts.nativeAssetId }))
    const address = page.addresses?.[0]?.address
    if (!address) throw new CustodyRequestError('CUSTODY_FIREBLOCKS_ERROR', `vault account ${vaultAccountId} has no ${opts.nativeAssetId} address`, { retryable: true })
    return getAddress(address)
  }

  async function vaultOf(a: VaultAccount): Promise<CustodyVault> {
    const { purpose, externalRef } = parseRef(a.customerRefId)
    // Role vaults an operator made by hand are named platform-<purpose> and carry no reference.
    const byName = !purpose && a.name?.startsWith('platform-') ? a.name.slice('platform-'.length) : null
    return { id: a.id!, name: a.name ?? '', tier: 'hot', purpose: purpose ?? byName, externalRef, address: await addressOf(a.id!) }
  }

  async function byExactName(name: string): Promise<VaultAccount | undefined> {
    let after: string | undefined
    for (;;) {
      const page = await call(`list vault accounts named ${name}`, () => fb.vaults.getPagedVaultAccounts({ namePrefix: name, limit: 200, ...(after ? { after } : {}) }))
      const found = page.accounts?.find((a) => a.name === name)
      if (found) return found
      after = page.paging?.after
      if (!after) return undefined
    }
  }

  async function getTransaction(id: string): Promise<CustodyTransaction> {
    return tx(await call(`GET transaction ${id}`, () => fb.transactions.getTransaction({ txId: id })))
  }

  async function findTransaction(externalTxId: string): Promise<CustodyTransaction | null> {
    try {
      return tx(await call(`find ${externalTxId}`, () => fb.transactions.getTransactionByExternalId({ externalTxId })))
    } catch (err) {
      if (notFound(err)) return null
      throw err
    }
  }

  // The workspace's assets, read once and again (at most once a minute) when a token is not among them:
  // most ERC-20 calls the platform makes are to its security tokens, which are no workspace asset.
  let assets: Promise<AssetTypeResponse[]> | undefined
  let assetsReadAt = 0
  const readAssets = () => {
    assetsReadAt = Date.now()
    const p = call('list supported assets', () => fb.blockchainsAssets.getSupportedAssets())
    p.catch(() => {
      if (assets === p) assets = undefined
    })
    return (assets = p)
  }
  async function assetOfContract(contract: Address): Promise<AssetTypeResponse | undefined> {
    const find = (list: AssetTypeResponse[]) => list.find((a) => a.contractAddress?.toLowerCase() === contract.toLowerCase() && (a.nativeAsset ?? opts.nativeAssetId) === opts.nativeAssetId)
    const found = find(await (assets ?? readAssets()))
    if (found || Date.now() - assetsReadAt < 60_000) return found
    return find(await readAssets())
  }

  /** The external wallet the platform made for an address (by its customerRefId), if any. */
  async function walletOfAddress(address: Address): Promise<UnmanagedWallet | undefined> {
    const wallets = await call('list external wallets', () => fb.externalWallets.getExternalWallets())
    return [...wallets].find((w) => w.customerRefId === withdrawalWalletRef(address))
  }

  function statusOfWallet(w: UnmanagedWallet, address: Address): WhitelistStatus {
    const mine = w.assets.filter((a) => a.address?.toLowerCase() === address.toLowerCase())
    if (mine.length === 0) return { state: 'REMOVED', changeRequestId: w.id, reason: `Fireblocks external wallet ${w.id} no longer holds ${address}` }
    const refused = mine.find((a) => a.status === 'REJECTED' || a.status === 'CANCELLED' || a.status === 'FAILED')
    if (refused) return { state: 'REJECTED', changeRequestId: w.id, reason: `Fireblocks external wallet ${w.id}: ${refused.id} address ${refused.status}` }
    if (mine.every((a) => a.status === 'APPROVED')) return { state: 'WHITELISTED', changeRequestId: w.id, reason: null }
    return { state: 'PENDING', changeRequestId: w.id, reason: null }
  }

  /**
   * An ERC-20 `transfer(to, amount)` to an address whose external wallet has the token's asset
   * APPROVED, as Fireblocks' own TRANSFER to that wallet (so the workspace's TAP sees a
   * whitelisted destination, not a contract call); null when it is anything else.
   */
  async function asExternalTransfer(p: SubmitTransactionParameters) {
    if (p.data.slice(0, 10).toLowerCase() !== ERC20_TRANSFER || (p.value ?? 0n) !== 0n) return null
    let to: Address, amount: bigint
    try {
      const decoded = decodeFunctionData({ abi: erc20Abi, data: p.data })
      if (decoded.functionName !== 'transfer') return null
      ;[to, amount] = decoded.args as readonly [Address, bigint]
    } catch {
      return null
    }
    const asset = await assetOfContract(getAddress(p.to))
    if (!asset || asset.decimals === undefined) return null
    const wallet = await walletOfAddress(to)
    const held = wallet?.assets.find((a) => a.id === asset.id && a.address?.toLowerCase() === to.toLowerCase() && a.status === 'APPROVED')
    if (!wallet || !held) return null
    return { operation: 'TRANSFER' as const, assetId: asset.id, source: { type: 'VAULT_ACCOUNT' as const, id: p.sourceVaultId }, destination: { type: 'EXTERNAL_WALLET' as const, id: wallet.id }, amount: formatUnits(amount, asset.decimals), externalTxId: p.externalTxId, ...(p.note ? { note: p.note } : {}) }
  }

  return {
    name: 'fireblocks',
    async getVault(id) {
      return vaultOf(await call(`GET vault account ${id}`, () => fb.vaults.getVaultAccount({ vaultAccountId: id })))
    },
    async ensureVault(p: EnsureVaultParameters) {
      const ref = `${CUSTOMER_REF_PREFIX}${p.purpose ?? ''}${p.externalRef ? `:${p.externalRef}` : ''}`
      const existing = await byExactName(p.name)
      if (existing) {
        const v = await vaultOf(existing)
        if ((v.purpose ?? null) !== (p.purpose ?? null) || (v.externalRef ?? null) !== (p.externalRef ?? null)) {
          throw new CustodyRequestError('CUSTODY_VAULT_NAME_CONFLICT', `vault account ${p.name} exists but belongs to something else`, { status: 409, retryable: false, details: { vaultId: v.id } })
        }
        return v
      }
      // The same key for the same vault: a retry within Fireblocks' idempotency window makes no second one.
      const idempotencyKey = createHash('sha256').update(`vault:${p.name}`).digest('hex').slice(0, 40)
      const created = await call(`create vault account ${p.name}`, () => fb.vaults.createVaultAccount({ createVaultAccountRequest: { name: p.name, customerRefId: ref, autoFuel: true }, idempotencyKey }))
      return vaultOf(created)
    },
    async findVaultsByPurpose(purpose: string) {
      const name = `platform-${purpose}`
      const out: CustodyVault[] = []
      let after: string | undefined
      do {
        const page = await call(`list vault accounts of purpose ${purpose}`, () => fb.vaults.getPagedVaultAccounts({ namePrefix: name, orderBy: 'ASC', limit: 200, ...(after ? { after } : {}) }))
        for (const a of page.accounts ?? []) if (a.name === name || parseRef(a.customerRefId).purpose === purpose) out.push(await vaultOf(a))
        after = page.paging?.after
      } while (after)
      return out
    },
    async submitTransaction(p: SubmitTransactionParameters) {
      const native = p.data === '0x' || p.data.length <= 2
      const transactionRequest = (await asExternalTransfer(p)) ?? {
        operation: native ? ('TRANSFER' as const) : ('CONTRACT_CALL' as const),
        assetId: opts.nativeAssetId,
        source: { type: 'VAULT_ACCOUNT' as const, id: p.sourceVaultId },
        destination: { type: 'ONE_TIME_ADDRESS' as const, oneTimeAddress: { address: p.to } },
        // Decimal string of the native asset: never a number.
        amount: formatEther(p.value ?? 0n),
        externalTxId: p.externalTxId,
        ...(native ? {} : { extraParameters: { contractCallData: p.data } }),
        ...(p.note ? { note: p.note } : {}),
      }
      try {
        const created = await call(`submit ${p.externalTxId}`, () => fb.transactions.createTransaction({ transactionRequest, idempotencyKey: createHash('sha256').update(`tx:${p.externalTxId}`).digest('hex').slice(0, 40) }))
        return await getTransaction(created.id!)
      } catch (err) {
        // Submitted before (a retry after a crash): the external id finds it.
        const existing = await findTransaction(p.externalTxId).catch(() => null)
        if (existing) return existing
        throw err
      }
    },
    findTransaction,
    getTransaction,
    async requestWhitelisting(p: { address: Address; label: string; assets?: Address[] }): Promise<WhitelistStatus> {
      const address = getAddress(p.address)
      // One external wallet per address, found again by its reference; the same key makes a retry no second one.
      const wallet =
        (await walletOfAddress(address)) ??
        (await call(`create the external wallet of ${address}`, () =>
          fb.externalWallets.createExternalWallet({ createWalletRequest: { name: p.label.slice(0, 100), customerRefId: withdrawalWalletRef(address) }, idempotencyKey: createHash('sha256').update(`external-wallet:${address.toLowerCase()}`).digest('hex').slice(0, 40) }),
        ))
      const assetIds: string[] = []
      for (const token of p.assets ?? []) {
        const asset = await assetOfContract(token)
        if (!asset) throw new CustodyRequestError('CUSTODY_ASSET_NOT_SUPPORTED', `the Fireblocks workspace has no asset for token ${token} on ${opts.nativeAssetId}`, { status: 422, retryable: false, details: { token } })
        assetIds.push(asset.id)
      }
      if (assetIds.length === 0) assetIds.push(opts.nativeAssetId)
      for (const assetId of assetIds) {
        if (wallet.assets.some((a) => a.id === assetId)) continue
        await call(`add ${assetId} address ${address} to external wallet ${wallet.id}`, () => fb.externalWallets.addAssetToExternalWallet({ walletId: wallet.id, assetId, addAssetToExternalWalletRequest: { address } }))
      }
      return statusOfWallet(await call(`GET external wallet ${wallet.id}`, () => fb.externalWallets.getExternalWallet({ walletId: wallet.id })), address)
    },
    async whitelistStatus(p: { address: Address; changeRequestId: string | null }): Promise<WhitelistStatus> {
      const address = getAddress(p.address)
      let wallet: UnmanagedWallet | undefined
      if (p.changeRequestId) {
        try {
          wallet = await call(`GET external wallet ${p.changeRequestId}`, () => fb.externalWallets.getExternalWallet({ walletId: p.changeRequestId! }))
        } catch (err) {
          if (!notFound(err)) throw err
          return { state: 'REMOVED', changeRequestId: p.changeRequestId, reason: `Fireblocks external wallet ${p.changeRequestId} was deleted` }
        }
      } else wallet = await walletOfAddress(address)
      if (!wallet) return { state: 'PENDING', changeRequestId: null, reason: null }
      return statusOfWallet(wallet, address)
    },
    async signClaim(vaultId: string, claim: { identity: Address; topic: bigint; data: Hex }) {
      const payloadHash = claimPayloadHash(claim.identity, claim.topic, claim.data)
      const externalTxId = `claim:${vaultId}:${payloadHash}`
      let t = await findTransaction(externalTxId)
      if (!t) {
        const created = await call(`sign a claim with vault account ${vaultId}`, () =>
          fb.transactions.createTransaction({
            transactionRequest: {
              operation: 'TYPED_MESSAGE',
              assetId: opts.nativeAssetId,
              source: { type: 'VAULT_ACCOUNT', id: vaultId },
              externalTxId,
              note: `ONCHAINID claim, topic ${claim.topic}, identity ${claim.identity}`,
              extraParameters: { rawMessageData: { messages: [{ content: payloadHash.slice(2), type: 'ETH_MESSAGE' }] } },
            },
          }),
        )
        t = { id: created.id!, externalTxId, status: statusOf(created.status), subStatus: null, statusReason: null, txHash: null }
      }
      // The workspace signs asynchronously (its policy may want an approver): wait, with a deadline.
      const deadline = Date.now() + (opts.signTimeoutMs ?? 60_000)
      for (;;) {
        const full = await call(`read claim signature ${t.id}`, () => fb.transactions.getTransaction({ txId: t!.id }))
        if (full.status === 'COMPLETED') {
          const sig = full.signedMessages?.[0]?.signature
          if (!sig?.r || !sig.s || sig.v === undefined) throw new CustodyRequestError('CUSTODY_FIREBLOCKS_ERROR', `claim signature ${t.id} completed without a signature`, { retryable: false })
          const v = (Number(sig.v) % 27) + 27
          return { signature: `0x${sig.r.padStart(64, '0')}${sig.s.padStart(64, '0')}${v.toString(16)}` as Hex, payloadHash }
        }
        if (['FAILED', 'BLOCKED', 'REJECTED', 'CANCELLED'].includes(full.status ?? '')) {
          throw new CustodyRequestError('CUSTODY_SIGNATURE_REFUSED', `the workspace did not sign claim ${t.id}: ${full.status} ${full.subStatus ?? ''}`.trim(), { status: 403, retryable: false })
        }
        if (Date.now() > deadline) throw new CustodyRequestError('CUSTODY_SIGNATURE_PENDING', `claim signature ${t.id} is still ${full.status}`, { status: 503, retryable: true })
        await new Promise((r) => setTimeout(r, pollMs))
      }
    },
  }
}
