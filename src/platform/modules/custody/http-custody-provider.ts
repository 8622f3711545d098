import { getAddress, type Address, type Hex } from 'viem'
import { ON_BEHALF_OF_PATTERN, createSignedFetch, type SignedFetch, type SignedResponse } from '../../../shared/auth/sign-request.ts'
import { CustosError } from '../../../shared/errors.ts'
import type { Clock } from '../../../shared/clock.ts'
import type { ClientTlsMaterial } from '../../../shared/http/tls.ts'
import type { AddressHold,
  CustodyProvider,
  CustodyTransaction,
  CustodyVault,
  EnsureVaultParameters,
  SubmitTransactionParameters,
} from './custody-provider.ts'

/** Custody answered with an error, or could not be reached. `retryable` says whether asking again may work. */
export class CustodyRequestError extends CustosError {
  override readonly name = 'CustodyRequestError'
  constructor(code: string, message: string, opts: { status?: number; retryable: boolean; details?: Record<string, unknown> }) {
    super(code, message, { status: opts.status ?? 502, retryable: opts.retryable, details: opts.details })
  }
}

interface VaultView {
  id: string
  name: string
  tier: 'hot' | 'warm' | 'cold'
  purpose: string | null
  externalRef: string | null
  address: string
}
interface TxView {
  id: string
  externalTxId: string
  status: CustodyTransaction['status']
  subStatus: string | null
  statusReason: string | null
  txHash: string | null
}

const vault = (v: VaultView): CustodyVault => ({ id: v.id, name: v.name, tier: v.tier, purpose: v.purpose, externalRef: v.externalRef, address: getAddress(v.address) })
const tx = (t: TxView): CustodyTransaction => ({
  id: t.id,
  externalTxId: t.externalTxId,
  status: t.status,
  subStatus: t.subStatus,
  statusReason: t.statusReason,
  txHash: (t.txHash as Hex | null) ?? null,
})

async function call<T>(what: string, run: () => Promise<SignedResponse<T>>, ok: number[] = [200, 201]): Promise<SignedResponse<T>> {
  let res: SignedResponse<T>
  try {
    res = await run()
  } catch (cause) {
    throw new CustodyRequestError('CUSTODY_UNAVAILABLE', `custody did not answer (${what}): ${(cause as Error).message}`, { status: 503, retryable: true })
  }
  if (ok.includes(res.status)) return res
  const p = res.problem
  // 429, 5xx, auth timestamp skew and a refused replay (nothing was done; signed again it is a new
  // request) can succeed later; a refusal of the request itself cannot.
  const retryable = res.status === 429 || res.status >= 500 || p?.code === 'AUTH_TIMESTAMP_SKEW' || p?.code === 'AUTH_REPLAYED' || p?.retryable === true
  // Custody's own code, prefixed so a client of the platform can tell whose refusal it is.
  const code = p?.code ? (p.code.startsWith('CUSTODY_') ? p.code : `CUSTODY_${p.code}`) : 'CUSTODY_ERROR'
  throw new CustodyRequestError(code, `custody refused ${what}: ${p?.detail ?? `HTTP ${res.status}`}`, {
    status: 502,
    retryable,
    details: { custodyStatus: res.status, custodyCode: p?.code ?? null, ...(p && typeof p.vaultId === 'string' ? { vaultId: p.vaultId } : {}) },
  })
}

/**
 * The embedded Custos custody behind {@link CustodyProvider}, over its signed
 * REST API. `clock` signs requests, so it must be custody's idea of now (the
 * system clock), not a test's business clock. With `actOnBehalf` (the key
 * holds custody's act-on-behalf scope) a submission names the platform user
 * who asked, `platform:<actor>`, in the signed `X-Custos-On-Behalf-Of` header.
 *
 * @example
 * const custody = createHttpCustodyProvider({ baseUrl: 'http://127.0.0.1:4100', keyId, secret })
 */
export function createHttpCustodyProvider(opts: { baseUrl: string; keyId: string; secret: string; clock?: Clock; timeoutMs?: number; tls?: ClientTlsMaterial; actOnBehalf?: boolean }): CustodyProvider {
  const http: SignedFetch = createSignedFetch({ baseUrl: opts.baseUrl, keyId: opts.keyId, secret: opts.secret, clock: opts.clock, timeoutMs: opts.timeoutMs ?? 15_000, backoff: { retries: 3, maxWaitMs: 2_000 }, tls: opts.tls })

  async function getVault(id: string): Promise<CustodyVault> {
    const res = await call(`GET vault ${id}`, () => http.get<VaultView>(`/v1/vaults/${encodeURIComponent(id)}`))
    return vault(res.body)
  }

  return {
    name: 'custos',
    getVault,
    async ensureVault(p: EnsureVaultParameters) {
      const body = { name: p.name, tier: p.tier, ...(p.purpose ? { purpose: p.purpose } : {}), ...(p.externalRef ? { externalRef: p.externalRef } : {}) }
      let res: SignedResponse<VaultView>
      try {
        res = await call(`create vault ${p.name}`, () => http.post<VaultView>('/v1/vaults', body), [201])
      } catch (err) {
        // Created before (perhaps by us just before a crash): custody names the vault that holds the name.
        const taken = err instanceof CustodyRequestError && err.details?.custodyCode === 'VAULT_NAME_TAKEN'
        const existingId = taken ? err.details?.vaultId : undefined
        // Taken without an id: another request created that name at the same moment; asked again, custody names it.
        if (taken && typeof existingId !== 'string') throw new CustodyRequestError(err.code, err.message, { status: 409, retryable: true, details: err.details })
        if (typeof existingId !== 'string') throw err
        const existing = await getVault(existingId)
        if (existing.purpose !== (p.purpose ?? null) || existing.externalRef !== (p.externalRef ?? null)) {
          throw new CustodyRequestError('CUSTODY_VAULT_NAME_CONFLICT', `custody vault ${p.name} exists but belongs to something else`, { status: 409, retryable: false, details: { vaultId: existing.id } })
        }
        return existing
      }
      return vault(res.body)
    },
    async findVaultsByPurpose(purpose: string) {
      const out: CustodyVault[] = []
      let cursor: string | null = null
      do {
        const q: string = `/v1/vaults?purpose=${encodeURIComponent(purpose)}&limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`
        const res: SignedResponse<{ items: VaultView[]; nextCursor: string | null }> = await call(`list vaults of purpose ${purpose}`, () => http.get(q))
        out.push(...res.body.items.map(vault))
        cursor = res.body.nextCursor
      } while (cursor)
      return out
    },
    async submitTransaction(p: SubmitTransactionParameters) {
      const body = {
        externalTxId: p.externalTxId,
        sourceVaultId: p.sourceVaultId,
        to: p.to,
        data: p.data,
        ...(p.value !== undefined ? { value: p.value.toString() } : {}),
        ...(p.intent ? { intent: p.intent } : {}),
        ...(p.note ? { note: p.note } : {}),
      }
      const onBehalfOf = opts.actOnBehalf && p.onBehalfOf ? `platform:${p.onBehalfOf}` : undefined
      // An actor that cannot be named in the header (none should) is left out rather than failing the submission.
      const named = onBehalfOf !== undefined && ON_BEHALF_OF_PATTERN.test(onBehalfOf) ? { onBehalfOf } : {}
      const res = await call(`submit ${p.externalTxId}`, () => http.post<TxView>('/v1/transactions', body, named))
      return tx(res.body)
    },
    async findTransaction(externalTxId: string) {
      const res = await call(`find ${externalTxId}`, () => http.get<{ items: TxView[] }>(`/v1/transactions?externalTxId=${encodeURIComponent(externalTxId)}&limit=1`))
      const [first] = res.body.items
      return first ? tx(first) : null
    },
    async getTransaction(id: string) {
      const res = await call(`GET transaction ${id}`, () => http.get<TxView>(`/v1/transactions/${encodeURIComponent(id)}`))
      return tx(res.body)
    },
    async signClaim(vaultId: string, claim: { identity: Address; topic: bigint; data: Hex }) {
      const res = await call(`sign a claim with vault ${vaultId}`, () =>
        http.post<{ signature: Hex; payloadHash: Hex }>(`/v1/vaults/${encodeURIComponent(vaultId)}/sign`, {
          type: 'onchainid.claim',
          identity: claim.identity,
          topic: claim.topic.toString(),
          data: claim.data,
        }),
      )
      return { signature: res.body.signature, payloadHash: res.body.payloadHash }
    },
    async placeHold(p: AddressHold) {
      await call(`hold ${p.address}`, () => http.post('/v1/holds', { address: p.address, ...(p.token ? { token: p.token } : {}), rule: p.rule, reason: p.reason, ...(p.reference ? { reference: p.reference } : {}) }), [200, 201])
    },
    async releaseHolds(p: { address: Address; token?: Address; reason: string }) {
      await call(`release holds on ${p.address}`, () => http.post('/v1/holds/release', { address: p.address, ...(p.token ? { token: p.token } : {}), reason: p.reason }))
    },
  }
}

/** A provider for a platform started without custody credentials: every call says so. */
export function unconfiguredCustodyProvider(): CustodyProvider {
  const fail = async (): Promise<never> => {
    throw new CustodyRequestError('CUSTODY_NOT_CONFIGURED', 'the platform has no custody credentials (CUSTODY_API_KEY_ID, CUSTODY_API_SECRET)', { status: 503, retryable: false })
  }
  return { name: 'unconfigured', ensureVault: fail, getVault: fail, findVaultsByPurpose: fail, submitTransaction: fail, findTransaction: fail, getTransaction: fail, signClaim: fail }
}
