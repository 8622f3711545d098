import { getAddress, type Address, type Hex } from 'viem'
import { createCustodyClient, type CustodyProblem, type CustodySchema } from '../../../client/custody-client.ts'
import type { ClientResult } from '../../../client/typed-client.ts'
import { ON_BEHALF_OF_PATTERN } from '../../../shared/auth/sign-request.ts'
import { CustosError } from '../../../shared/errors.ts'
import type { Clock } from '../../../shared/clock.ts'
import type { ClientTlsMaterial } from '../../../shared/http/tls.ts'
import type { AddressHold,
  CustodyProvider,
  CustodyTransaction,
  CustodyVault,
  EnsureVaultParameters,
  SubmitTransactionParameters,
  WhitelistStatus,
} from './custody-provider.ts'

/** Custody answered with an error, or could not be reached. `retryable` says whether asking again may work. */
export class CustodyRequestError extends CustosError {
  override readonly name = 'CustodyRequestError'
  constructor(code: string, message: string, opts: { status?: number; retryable: boolean; details?: Record<string, unknown> }) {
    super(code, message, { status: opts.status ?? 502, retryable: opts.retryable, details: opts.details })
  }
}

const vault = (v: CustodySchema<'Vault'>): CustodyVault => ({ id: v.id, name: v.name, tier: v.tier, purpose: v.purpose, externalRef: v.externalRef, address: getAddress(v.address) })
const tx = (t: CustodySchema<'Transaction'>): CustodyTransaction => ({
  id: t.id,
  externalTxId: t.externalTxId,
  status: t.status,
  subStatus: t.subStatus,
  statusReason: t.statusReason,
  txHash: (t.txHash as Hex | null) ?? null,
})

/** Custody's answer to one call, or a {@link CustodyRequestError} saying why there is none. */
async function call<T>(what: string, run: () => Promise<ClientResult<T, CustodyProblem>>, ok: number[] = [200, 201]): Promise<T> {
  let res: ClientResult<T, CustodyProblem>
  try {
    res = await run()
  } catch (cause) {
    throw new CustodyRequestError('CUSTODY_UNAVAILABLE', `custody did not answer (${what}): ${(cause as Error).message}`, { status: 503, retryable: true })
  }
  if (res.ok && ok.includes(res.status)) return res.data
  // The client turns an error without problem+json (a proxy's page) into code HTTP_<status>:
  // that is not custody's refusal, so it maps as no problem at all (CUSTODY_ERROR).
  const p = res.ok || res.problem.code === `HTTP_${res.status}` ? undefined : res.problem
  // 429, 5xx, auth timestamp skew and a refused replay (nothing was done; signed again it is a new
  // request) can succeed later; a refusal of the request itself cannot.
  const retryable = res.status === 429 || res.status >= 500 || p?.code === 'AUTH_TIMESTAMP_SKEW' || p?.code === 'AUTH_REPLAYED' || p?.retryable === true
  // Custody's own code, prefixed so a client of the platform can tell whose refusal it is.
  const code = p?.code ? (p.code.startsWith('CUSTODY_') ? p.code : `CUSTODY_${p.code}`) : 'CUSTODY_ERROR'
  throw new CustodyRequestError(code, `custody refused ${what}: ${p?.detail ?? `HTTP ${res.status}`}`, {
    status: 502,
    retryable,
    details: { custodyStatus: res.status, custodyCode: p?.code ?? null, ...(p && typeof p.vaultId === 'string' ? { vaultId: p.vaultId } : {}), ...(p && typeof p.changeRequestId === 'string' ? { changeRequestId: p.changeRequestId } : {}) },
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
  // The typed client of src/client (paths, bodies and answers typed from custody's OpenAPI
  // document), over the same signed transport: keep-alive, TLS, and a bounded back-off on 429.
  const custody = createCustodyClient({ baseUrl: opts.baseUrl, keyId: opts.keyId, secret: opts.secret, clock: opts.clock, timeoutMs: opts.timeoutMs ?? 15_000, backoff: { retries: 3, maxWaitMs: 2_000 }, tls: opts.tls })

  async function getVault(id: string): Promise<CustodyVault> {
    return vault(await call(`GET vault ${id}`, () => custody.GET('/v1/vaults/{id}', { path: { id } })))
  }

  return {
    name: 'custos',
    getVault,
    async ensureVault(p: EnsureVaultParameters) {
      const body = { name: p.name, tier: p.tier, ...(p.purpose ? { purpose: p.purpose } : {}), ...(p.externalRef ? { externalRef: p.externalRef } : {}) }
      let created: CustodySchema<'Vault'>
      try {
        created = await call(`create vault ${p.name}`, () => custody.POST('/v1/vaults', { body }), [201])
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
      return vault(created)
    },
    async findVaultsByPurpose(purpose: string) {
      const out: CustodyVault[] = []
      let cursor: string | null = null
      do {
        const query = { purpose, limit: 200, ...(cursor ? { cursor } : {}) }
        const page: { items: CustodySchema<'Vault'>[]; nextCursor: string | null } = await call(`list vaults of purpose ${purpose}`, () => custody.GET('/v1/vaults', { query }))
        out.push(...page.items.map(vault))
        cursor = page.nextCursor
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
      return tx(await call(`submit ${p.externalTxId}`, () => custody.POST('/v1/transactions', { body, ...named })))
    },
    async findTransaction(externalTxId: string) {
      const page = await call(`find ${externalTxId}`, () => custody.GET('/v1/transactions', { query: { externalTxId, limit: 1 } }))
      const [first] = page.items
      return first ? tx(first) : null
    },
    async getTransaction(id: string) {
      return tx(await call(`GET transaction ${id}`, () => custody.GET('/v1/transactions/{id}', { path: { id } })))
    },
    async signClaim(vaultId: string, claim: { identity: Address; topic: bigint; data: Hex }) {
      const signed = await call(`sign a claim with vault ${vaultId}`, () =>
        custody.POST('/v1/vaults/{id}/sign', { path: { id: vaultId }, body: { type: 'onchainid.claim', identity: claim.identity, topic: claim.topic.toString(), data: claim.data } }),
      )
      return { signature: signed.signature as Hex, payloadHash: signed.payloadHash as Hex }
    },
    async placeHold(p: AddressHold) {
      await call(`hold ${p.address}`, () => custody.POST('/v1/holds', { body: { address: p.address, ...(p.token ? { token: p.token } : {}), rule: p.rule, reason: p.reason, ...(p.reference ? { reference: p.reference } : {}) } }), [200, 201])
    },
    async releaseHolds(p: { address: Address; token?: Address; reason: string }) {
      await call(`release holds on ${p.address}`, () => custody.POST('/v1/holds/release', { body: { address: p.address, ...(p.token ? { token: p.token } : {}), reason: p.reason } }))
    },
    async requestWhitelisting(p: { address: Address; label: string }): Promise<WhitelistStatus> {
      try {
        const request = await call(`whitelist ${p.address}`, () => custody.POST('/v1/whitelist', { body: { address: p.address, label: p.label } }), [202])
        return { state: 'PENDING', changeRequestId: request.id, reason: null }
      } catch (err) {
        const code = err instanceof CustodyRequestError ? err.details?.custodyCode : undefined
        if (code === 'WHITELIST_ENTRY_EXISTS') return { state: 'WHITELISTED', changeRequestId: null, reason: null }
        const pending = err instanceof CustodyRequestError ? err.details?.changeRequestId : undefined
        if (code === 'CHANGE_REQUEST_PENDING' && typeof pending === 'string') return { state: 'PENDING', changeRequestId: pending, reason: null }
        throw err
      }
    },
    async whitelistStatus(p: { address: Address; changeRequestId: string | null }): Promise<WhitelistStatus> {
      const list = await call('GET whitelist', () => custody.GET('/v1/whitelist'))
      if (list.items.some((e) => e.address.toLowerCase() === p.address.toLowerCase())) return { state: 'WHITELISTED', changeRequestId: p.changeRequestId, reason: null }
      if (!p.changeRequestId) return { state: 'PENDING', changeRequestId: null, reason: null }
      const id = p.changeRequestId
      const cr = await call(`GET change request ${id}`, () => custody.GET('/v1/change-requests/{id}', { path: { id } }))
      const state = cr.status === 'PENDING' ? 'PENDING' : cr.status === 'APPLIED' ? 'REMOVED' : 'REJECTED'
      return { state, changeRequestId: id, reason: state === 'PENDING' ? null : `custody change request ${id} ${cr.status}${cr.resolution ? `: ${cr.resolution}` : ''}` }
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
