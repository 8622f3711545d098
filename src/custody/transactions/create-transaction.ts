import { createHash, randomUUID } from 'node:crypto'
import { getAddress, isAddress, isHex, type Address, type Hex } from 'viem'
import type { CustodyContext } from '../context.ts'
import { findVault } from '../pipeline/chain-cache.ts'
import type { VaultRow } from '../vaults/serialize.ts'
import { insertTransaction } from './insert-transactions.ts'
import { ConflictError, NotFoundError, ValidationError } from '../../shared/errors.ts'
import { MAX_UINT256 } from '../../shared/http/amount.ts'
import { checkIntent, type Intent } from './check-intent.ts'
import { decodeCall } from './decode-call.ts'
import type { TransactionRow } from './serialize.ts'
import { auditActor, claimedPrincipal } from '../../shared/auth/audit-actor.ts'
import type { Principal } from '../../shared/auth/verify-request.ts'

export interface CreateTransactionInput {
  externalTxId: string
  sourceVaultId: string
  to: string
  data?: string
  value?: string
  intent?: Intent
  note?: string
}

/** Who asks: the API key, and the client it belongs to (idempotency scope). */
export interface Initiator {
  keyId: string
  clientId: string
  /** The key's principal (absent for custody's own system initiators). */
  principalId?: string
  principalKind?: 'person' | 'service'
  /** The principal a service key said (signed) it acts for, e.g. `platform:person:pr_…/apikey:pk_…`. */
  onBehalfOf?: string
}

/** The initiator of an authenticated caller (its client is its role). */
export function initiatorOf(p: Principal): Initiator {
  return {
    keyId: p.keyId,
    clientId: p.role,
    principalId: p.principalId,
    ...(p.principalKind ? { principalKind: p.principalKind } : {}),
    ...(p.onBehalfOf ? { onBehalfOf: p.onBehalfOf } : {}),
  }
}

/**
 * Whom a transaction is spent by, for INITIATOR velocity: the person a service key acted for
 * (its signed claim, without the means), else the key's own principal, else the key.
 */
export function actingPrincipalOf(initiator: Initiator): string {
  if (initiator.onBehalfOf !== undefined) return claimedPrincipal(initiator.onBehalfOf)
  return initiator.principalId ?? initiator.keyId
}

/** The audit actor of an initiator: its principal and key, and whom it acted for. */
export function initiatorActor(initiator: Initiator): string {
  if (initiator.principalId === undefined) return `apikey:${initiator.keyId}`
  return auditActor({ keyId: initiator.keyId, principalId: initiator.principalId, principalKind: initiator.principalKind, ...(initiator.onBehalfOf !== undefined ? { onBehalfOf: initiator.onBehalfOf } : {}) })
}

export interface CreateTransactionParameters {
  initiator: Initiator
  input: CreateTransactionInput
  correlationId?: string
  kind?: 'USER' | 'GAS_TOPUP'
  parentId?: string
}

function canonical(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v ?? null)
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`
  const o = v as Record<string, unknown>
  return `{${Object.keys(o).filter((k) => o[k] !== undefined).sort().map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`).join(',')}}`
}

/** The part of a request that must be identical when its externalTxId is reused. */
export function requestHash(input: CreateTransactionInput): string {
  const normalised = {
    sourceVaultId: input.sourceVaultId,
    to: input.to.toLowerCase(),
    data: (input.data ?? '0x').toLowerCase(),
    value: BigInt(input.value ?? '0').toString(),
    intent: input.intent ?? null,
    note: input.note ?? null,
  }
  return createHash('sha256').update(canonical(normalised)).digest('hex')
}

/**
 * Accepts a transaction request. The same externalTxId from the same client
 * with the same body returns the existing transaction (created = false); with
 * another body it is refused (409). The calldata is decoded here and checked
 * against the declared intent before anything is stored.
 */
export async function createTransaction(ctx: CustodyContext, p: CreateTransactionParameters): Promise<{ transaction: TransactionRow; created: boolean }> {
  const { input, initiator } = p
  if (!isAddress(input.to, { strict: false })) throw new ValidationError(`"to" is not an address: ${input.to}`)
  const data = (input.data ?? '0x') as Hex
  if (!isHex(data) || data.length % 2 !== 0) throw new ValidationError('"data" must be 0x-prefixed hex with whole bytes')
  const value = BigInt(input.value ?? '0')
  // Every entry point (HTTP, Fireblocks, the gas station) passes through here: a value no transaction can carry is refused before anything is stored.
  if (value < 0n || value > MAX_UINT256) throw new ValidationError(`"value" must be from 0 to 2^256 − 1 wei, not ${value}`)
  const hash = requestHash(input)

  const stored = () => ctx.db.selectFrom('transactions').selectAll().where('client_id', '=', initiator.clientId).where('external_tx_id', '=', input.externalTxId).executeTakeFirst()

  let vault: VaultRow | undefined
  let to: Address
  let decoded: ReturnType<typeof decodeCall>
  try {
    vault = await findVault(ctx, input.sourceVaultId)
    if (!vault) throw new NotFoundError('vault', input.sourceVaultId)
    to = getAddress(input.to) as Address
    decoded = decodeCall(to, data, value)
    if (input.intent) checkIntent(input.intent, to, decoded)
  } catch (err) {
    // A reused externalTxId is answered from what is stored, whatever is wrong with this body.
    const existing = await stored()
    if (existing) return sameOrConflict(existing, hash)
    throw err
  }

  const now = ctx.clock.now()
  const id = randomUUID()
  // Committed with the creations of other requests in flight (group commit), before we answer.
  const inserted = await insertTransaction(ctx, {
    values: {
      id,
      client_id: initiator.clientId,
      external_tx_id: input.externalTxId,
      request_hash: hash,
      kind: p.kind ?? 'USER',
      parent_id: p.parentId ?? null,
      created_by: initiator.keyId,
      acting_principal: actingPrincipalOf(initiator),
      source_vault_id: vault.id,
      from_address: vault.address,
      chain_id: ctx.chain.chainId,
      to_address: to,
      data,
      value: value.toString(),
      intent: input.intent ? JSON.stringify(input.intent) : null,
      note: input.note ?? null,
      operation: decoded.operation,
      asset: decoded.asset,
      amount: decoded.amount.toString(),
      destination: decoded.destination,
      method_selector: decoded.methodSelector,
      status: 'SUBMITTED',
      correlation_id: p.correlationId ?? null,
      next_action_at: now,
      created_at: now,
      updated_at: now,
    },
    // The actor is the principal whose key asked, and whom a service asked for.
    actor: initiatorActor(initiator),
    after: { status: 'SUBMITTED', ...(initiator.onBehalfOf ? { onBehalfOf: initiator.onBehalfOf } : {}), externalTxId: input.externalTxId, sourceVaultId: vault.id, to, value: value.toString(), data, operation: decoded.operation, amount: decoded.amount.toString(), destination: decoded.destination },
    correlationId: p.correlationId ?? null,
  })
  if (!inserted) {
    // The externalTxId is taken (a repeat, or a race with the same id): answer as for a repeat.
    return sameOrConflict((await stored())!, hash)
  }
  ctx.logger.info({ correlationId: p.correlationId, txId: id, externalTxId: input.externalTxId, operation: decoded.operation }, 'transaction submitted')
  ctx.wake()
  return { transaction: inserted, created: true }
}

function sameOrConflict(existing: TransactionRow, hash: string) {
  if (existing.request_hash !== hash) {
    throw new ConflictError('EXTERNAL_TX_ID_REUSED', `externalTxId ${existing.external_tx_id} was already used for a different request`, { transactionId: existing.id })
  }
  return { transaction: existing, created: false }
}
