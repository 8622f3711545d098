import { randomUUID } from 'node:crypto'
import { encodeFunctionData, erc20Abi, getAddress, isAddress, isHex, parseUnits, type Address, type Hex } from 'viem'
import type { CustodyContext } from '../context.ts'
import { ValidationError } from '../../shared/errors.ts'
import { MAX_UINT256 } from '../../shared/http/amount.ts'
import { getAsset } from '../assets/read-assets.ts'
import type { CreateTransactionInput } from '../transactions/create-transaction.ts'
import type { Intent } from '../transactions/check-intent.ts'
import { getVaultAccountRow } from './vault-accounts.ts'
import { FireblocksApiError } from './fireblocks-errors.ts'
import { externalWalletDestination } from './external-wallets.ts'

/** The part of Fireblocks' TransactionRequest custody acts on; other fields are accepted and ignored (custody prices gas itself). */
export interface FireblocksTransactionRequest {
  operation?: string
  note?: string
  externalTxId?: string
  assetId?: string
  source?: { type?: string; id?: string }
  destination?: { type?: string; id?: string; oneTimeAddress?: { address?: string; tag?: string } }
  destinations?: unknown[]
  amount?: unknown
  extraParameters?: { contractCallData?: string | null; [k: string]: unknown } | null
  [other: string]: unknown
}

/** External ids custody makes up for requests that name none: not shown back as the caller's. */
export const GENERATED_EXTERNAL_ID_PREFIX = 'fireblocks-generated:'

const invalid = (message: string, field: string) => new FireblocksApiError(400, 'INVALID_REQUEST', 'VALIDATION_FAILED', message, { field })

/**
 * Turns a Fireblocks TRANSFER or CONTRACT_CALL into custody's own transaction request
 * (source vault, to, calldata, value, and the intent custody then checks the calldata
 * against). Amounts are decimal strings in the asset's units: a JSON number is refused,
 * so no amount ever passes through a float.
 *
 * - TRANSFER of the native asset: `value` to the destination; of an ERC-20: its `transfer`.
 * - CONTRACT_CALL: `extraParameters.contractCallData` to the destination, `amount` of the
 *   native asset as value (default 0).
 * - Destinations: `VAULT_ACCOUNT` (another custody vault), `EXTERNAL_WALLET` (its APPROVED
 *   address for the asset: one on custody's whitelist) or `ONE_TIME_ADDRESS`.
 * - The external id is `externalTxId`, else the `Idempotency-Key`, else a fresh one.
 */
export async function toCustodyRequest(ctx: CustodyContext, body: FireblocksTransactionRequest, idempotencyKey: string | undefined): Promise<CreateTransactionInput> {
  const operation = body.operation ?? 'TRANSFER'
  if (operation !== 'TRANSFER' && operation !== 'CONTRACT_CALL') {
    throw new FireblocksApiError(400, 'OPERATION_NOT_SUPPORTED', 'FIREBLOCKS_OPERATION_NOT_SUPPORTED', `operation ${operation} is not supported here: use TRANSFER, CONTRACT_CALL or TYPED_MESSAGE (ETH_MESSAGE)`, { operation })
  }
  if (body.destinations !== undefined) throw invalid('several destinations are not supported on an account-based chain', 'destinations')
  if (body.source?.type !== 'VAULT_ACCOUNT' || typeof body.source.id !== 'string') throw invalid('source must be {type: "VAULT_ACCOUNT", id}', 'source')
  const source = await getVaultAccountRow(ctx, body.source.id)
  if (typeof body.assetId !== 'string') throw invalid('assetId is required', 'assetId')
  const asset = await getAsset(ctx, body.assetId)
  const destination = await destinationAddress(ctx, body.destination, body.assetId, operation)

  const amountText = body.amount === undefined && operation === 'CONTRACT_CALL' ? '0' : body.amount
  if (typeof amountText !== 'string' || !/^[0-9]{1,78}(\.[0-9]{1,36})?$/.test(amountText)) {
    throw invalid('amount must be a decimal string such as "12.5" (a JSON number is refused so no amount passes through a float)', 'amount')
  }
  const [, fraction = ''] = amountText.split('.')
  if (fraction.length > asset.decimals) throw invalid(`amount has more decimals than ${asset.id} (${asset.decimals})`, 'amount')
  const amount = parseUnits(amountText, asset.decimals)
  if (amount > MAX_UINT256) throw invalid(`amount is ${amount} base units of ${asset.id}, more than a uint256 holds (2^256 − 1)`, 'amount')

  let to: Address
  let data: Hex = '0x'
  let value = 0n
  let intent: Intent
  if (operation === 'TRANSFER') {
    if (amount === 0n) throw invalid('a transfer moves more than 0', 'amount')
    if (asset.kind === 'NATIVE') {
      to = destination
      value = amount
      intent = { type: 'native.transfer', to: destination, amount: amount.toString() }
    } else {
      to = getAddress(asset.contract_address!)
      data = encodeFunctionData({ abi: erc20Abi, functionName: 'transfer', args: [destination, amount] })
      intent = { type: 'erc20.transfer', token: to, to: destination, amount: amount.toString() }
    }
  } else {
    if (asset.kind !== 'NATIVE') throw invalid(`a contract call's assetId is the chain's native asset, not ${asset.id}`, 'assetId')
    const callData = body.extraParameters?.contractCallData
    if (typeof callData !== 'string' || !isHex(callData) || callData.length < 10 || callData.length % 2 !== 0) {
      throw invalid('extraParameters.contractCallData must be 0x-prefixed hex calldata', 'extraParameters.contractCallData')
    }
    to = destination
    data = callData as Hex
    value = amount
    intent = { type: 'contract.call', contract: destination, method: data.slice(0, 10) }
  }
  if (body.note !== undefined && (typeof body.note !== 'string' || body.note.length > 1000)) throw invalid('note must be a string of at most 1000 characters', 'note')
  const externalTxId = externalIdOf(body, idempotencyKey)
  return {
    externalTxId,
    sourceVaultId: source.vault.id,
    to,
    data,
    value: value.toString(),
    intent,
    ...(body.note ? { note: body.note } : {}),
  }
}

function externalIdOf(body: FireblocksTransactionRequest, idempotencyKey: string | undefined): string {
  if (body.externalTxId !== undefined && (typeof body.externalTxId !== 'string' || body.externalTxId.length === 0 || body.externalTxId.length > 200)) {
    throw invalid('externalTxId must be 1 to 200 characters', 'externalTxId')
  }
  return body.externalTxId ?? (idempotencyKey ? `${GENERATED_EXTERNAL_ID_PREFIX}idempotency:${idempotencyKey}` : `${GENERATED_EXTERNAL_ID_PREFIX}${randomUUID()}`)
}

/** A TYPED_MESSAGE request: one ETH_MESSAGE (EIP-191 personal message) from a vault account. */
export interface MessageRequest {
  sourceVaultId: string
  content: Hex
  externalTxId: string
  note?: string
}

/**
 * Reads Fireblocks' TYPED_MESSAGE: `extraParameters.rawMessageData.messages` holds exactly one
 * `{type: "ETH_MESSAGE", content}` whose content is the message as hex (with or without 0x).
 * EIP-712 and raw signing are not offered.
 */
export async function toMessageRequest(ctx: CustodyContext, body: FireblocksTransactionRequest, idempotencyKey: string | undefined): Promise<MessageRequest> {
  if (body.source?.type !== 'VAULT_ACCOUNT' || typeof body.source.id !== 'string') throw invalid('source must be {type: "VAULT_ACCOUNT", id}', 'source')
  const source = await getVaultAccountRow(ctx, body.source.id)
  const raw = (body.extraParameters?.rawMessageData ?? null) as { messages?: unknown } | null
  const messages = Array.isArray(raw?.messages) ? (raw.messages as { content?: unknown; type?: unknown }[]) : []
  if (messages.length !== 1) throw invalid('extraParameters.rawMessageData.messages must hold exactly one message', 'extraParameters.rawMessageData')
  const [m] = messages as [{ content?: unknown; type?: unknown }]
  if (m.type !== 'ETH_MESSAGE') {
    throw new FireblocksApiError(400, 'OPERATION_NOT_SUPPORTED', 'FIREBLOCKS_MESSAGE_TYPE_NOT_SUPPORTED', 'only ETH_MESSAGE (EIP-191 personal messages) can be signed here', { type: m.type })
  }
  const hex = typeof m.content === 'string' ? m.content.replace(/^0x/, '') : ''
  if (!/^([0-9a-fA-F]{2})+$/.test(hex)) throw invalid('the message content must be hex', 'extraParameters.rawMessageData')
  if (body.note !== undefined && (typeof body.note !== 'string' || body.note.length > 1000)) throw invalid('note must be a string of at most 1000 characters', 'note')
  return { sourceVaultId: source.vault.id, content: `0x${hex.toLowerCase()}`, externalTxId: externalIdOf(body, idempotencyKey), ...(body.note ? { note: body.note } : {}) }
}

async function destinationAddress(ctx: CustodyContext, d: FireblocksTransactionRequest['destination'], assetId: string, operation: 'TRANSFER' | 'CONTRACT_CALL'): Promise<Address> {
  if (d?.type === 'VAULT_ACCOUNT' && typeof d.id === 'string') return getAddress((await getVaultAccountRow(ctx, d.id)).vault.address)
  if (d?.type === 'EXTERNAL_WALLET' && typeof d.id === 'string') return externalWalletDestination(ctx, d.id, assetId, operation)
  if (d?.type === 'ONE_TIME_ADDRESS') {
    const address = d.oneTimeAddress?.address
    if (typeof address !== 'string' || !isAddress(address, { strict: false })) throw invalid('destination.oneTimeAddress.address must be an EVM address', 'destination')
    return getAddress(address)
  }
  throw invalid('destination must be {type: "VAULT_ACCOUNT", id}, {type: "EXTERNAL_WALLET", id} or {type: "ONE_TIME_ADDRESS", oneTimeAddress: {address}}', 'destination')
}

export function assertIdempotencyKey(key: string | string[] | undefined): string | undefined {
  if (key === undefined) return undefined
  if (Array.isArray(key) || key.length === 0 || key.length > 40 || !/^[\x21-\x7e]+$/.test(key)) throw new ValidationError('Idempotency-Key must be 1 to 40 printable characters', { field: 'Idempotency-Key' })
  return key
}
