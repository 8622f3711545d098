import type { Address, Hex } from 'viem'

/** A custody vault as the platform sees it: an id and the address its key controls. */
export interface CustodyVault {
  id: string
  name: string
  tier: 'hot' | 'warm' | 'cold'
  purpose: string | null
  externalRef: string | null
  address: Address
}

/** Statuses a custody transaction moves through (Fireblocks-shaped). */
export type CustodyTxStatus =
  | 'SUBMITTED'
  | 'PENDING_AUTHORIZATION'
  | 'QUEUED'
  | 'PENDING_SIGNATURE'
  | 'BROADCASTING'
  | 'CONFIRMING'
  | 'COMPLETED'
  | 'BLOCKED'
  | 'REJECTED'
  | 'CANCELLED'
  | 'FAILED'

export const CUSTODY_FINAL_STATUSES: readonly string[] = ['COMPLETED', 'BLOCKED', 'REJECTED', 'CANCELLED', 'FAILED']

export interface CustodyTransaction {
  id: string
  externalTxId: string
  status: CustodyTxStatus
  subStatus: string | null
  statusReason: string | null
  txHash: Hex | null
}

/** What the platform may declare a transaction does; custody checks it against the calldata. */
export type CustodyIntent = { type: 'contract.call'; contract: Address; method?: Hex }

export interface SubmitTransactionParameters {
  /** Unique for ever: the same id with the same body returns the same transaction. */
  externalTxId: string
  sourceVaultId: string
  to: Address
  data: Hex
  value?: bigint
  intent?: CustodyIntent
  note?: string
  /** The platform actor who asked (an operation's `created_by`), for custody's audit; not part of the request's identity. */
  onBehalfOf?: string
}

export interface EnsureVaultParameters {
  /** Unique at custody; asking again for a name that exists returns that vault. */
  name: string
  tier: 'hot' | 'warm' | 'cold'
  purpose?: string
  externalRef?: string
}

/**
 * Everything the platform asks of a custodian. The platform never signs: it
 * builds calldata and claim payloads, and the custodian's keys sign them
 * under its own policy. The embedded Custos custody (over signed HTTP) is one
 * implementation; a commercial custodian's adapter is another.
 *
 * Every operation is safe to repeat: vaults are found by name, transactions by
 * `externalTxId`, and a claim signature over the same payload is the same.
 *
 * @example
 * const vault = await custody.ensureVault({ name: `investor-${id}`, tier: 'hot', purpose: 'investor', externalRef: id })
 * const tx = await custody.submitTransaction({ externalTxId: `onb:${id}:create-identity`, sourceVaultId, to, data })
 */
export interface CustodyProvider {
  readonly name: string
  ensureVault(p: EnsureVaultParameters): Promise<CustodyVault>
  getVault(id: string): Promise<CustodyVault>
  findVaultsByPurpose(purpose: string): Promise<CustodyVault[]>
  submitTransaction(p: SubmitTransactionParameters): Promise<CustodyTransaction>
  /** The transaction this client submitted under `externalTxId`, or null if custody has none. */
  findTransaction(externalTxId: string): Promise<CustodyTransaction | null>
  getTransaction(id: string): Promise<CustodyTransaction>
  /** Has a vault's key sign an ONCHAINID claim (custody builds the digest from the typed fields). */
  signClaim(vaultId: string, claim: { identity: Address; topic: bigint; data: Hex }): Promise<{ signature: Hex; payloadHash: Hex }>
  /**
   * Holds an address at the custodian: from now on it signs no token movement from or to it
   * (for `token`, or for every token). Idempotent. Absent where the custodian has no such
   * control (Fireblocks: use its TAP and the token's freeze instead; see docs/fireblocks.md).
   */
  placeHold?(p: AddressHold): Promise<void>
  /** Releases every hold on an address (for `token` only, when given). Idempotent. */
  releaseHolds?(p: { address: Address; token?: Address; reason: string }): Promise<void>
  /**
   * Asks the custodian to whitelist a destination through its own process (at Custos custody,
   * a change request its admin quorum decides; on Fireblocks, an external wallet whose asset
   * addresses the workspace's approvers approve). `assets` are the token contracts the platform
   * will pay there (Fireblocks whitelists per asset; Custos custody per address). Idempotent:
   * an address listed already answers WHITELISTED, one with a request pending answers that
   * request (its id in `changeRequestId`: the change request, or the Fireblocks wallet id).
   */
  requestWhitelisting?(p: { address: Address; label: string; assets?: Address[] }): Promise<WhitelistStatus>
  /** Where an address stands on the custodian's whitelist now (and the fate of the request that asked for it). */
  whitelistStatus?(p: { address: Address; changeRequestId: string | null }): Promise<WhitelistStatus>
}

/**
 * A destination on the custodian's whitelist: PENDING while its request awaits the quorum (or
 * none was made yet: `changeRequestId` null), WHITELISTED when listed, REJECTED when the request
 * was rejected or expired, REMOVED when it was listed and is no longer.
 */
export interface WhitelistStatus {
  state: 'PENDING' | 'WHITELISTED' | 'REJECTED' | 'REMOVED'
  changeRequestId: string | null
  reason: string | null
}

/** An address hold at the custodian, with the rule it stands for (named by custody's sub-status). */
export interface AddressHold {
  address: Address
  token?: Address
  rule: 'ON_HOLD' | 'KYC_EXPIRED' | 'ACCREDITATION_EXPIRED'
  reason: string
  /** The platform's own reference, e.g. the investor id. */
  reference?: string
}
