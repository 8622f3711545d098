import { formatUnits, hashMessage, parseSignature, type Hex } from 'viem'
import type { CustodyContext } from '../context.ts'
import { findAssetByContract } from '../assets/read-assets.ts'
import type { TransactionView } from '../transactions/serialize.ts'
import { GENERATED_EXTERNAL_ID_PREFIX } from './transaction-request.ts'
import { externalAssetsOfAddress } from './external-wallets.ts'
import { vaultAccountsByAddress, vaultAccountOfVault } from './vault-accounts.ts'
import type { SignedMessageRow } from './sign-eth-message.ts'

/**
 * Custody's sub-statuses in Fireblocks' words where Fireblocks has one; the others
 * (custody-only reasons such as COMPLIANCE_FROZEN) are passed on as they are.
 */
const SUB_STATUSES: Record<string, string> = {
  CANCELLED_BY_USER: 'CANCELLED_BY_USER',
  BLOCKED_BY_POLICY: 'BLOCKED_BY_POLICY',
  REJECTED_BY_APPROVER: 'REJECTED_BY_USER',
  APPROVAL_EXPIRED: 'TIMEOUT',
  INSUFFICIENT_FUNDS: 'INSUFFICIENT_FUNDS',
  SIMULATION_REVERTED: 'SMART_CONTRACT_EXECUTION_FAILED',
  ONCHAIN_REVERTED: 'SMART_CONTRACT_EXECUTION_FAILED',
  WAITING_FOR_CONFIRMATIONS: 'PENDING_BLOCKCHAIN_CONFIRMATIONS',
  WAITING_FOR_GAS: 'PENDING_AUTHORIZATION',
  AWAITING_OFFLINE_SIGNATURE: 'PENDING_SIGNATURE',
  GAS_STATION_FAILED: 'INSUFFICIENT_FUNDS_FOR_FEE',
  GAS_STATION_EMPTY: 'INSUFFICIENT_FUNDS_FOR_FEE',
}

/** Fireblocks' sub-status for a custody status and sub-status. */
export function fireblocksSubStatus(status: string, subStatus: string | null): string {
  if (status === 'COMPLETED') return 'CONFIRMED'
  if (!subStatus) return status === 'CONFIRMING' ? 'PENDING_BLOCKCHAIN_CONFIRMATIONS' : ''
  const head = subStatus.split(':')[0]!
  return SUB_STATUSES[head] ?? subStatus
}

type Peer = { type: string; id: string; name: string; subType: string }

/**
 * A custody transaction as Fireblocks' TransactionResponse. Amounts are decimal strings
 * (`amountInfo`); Fireblocks' deprecated numeric amount fields are left out, since a
 * number cannot carry a token amount exactly.
 */
export async function toFireblocksTransaction(ctx: CustodyContext, t: TransactionView) {
  const isToken = t.operation === 'TOKEN_TRANSFER' || t.operation === 'TOKEN_MINT' || t.operation === 'TOKEN_BURN'
  const isTransfer = t.operation === 'NATIVE_TRANSFER' || t.operation === 'TOKEN_TRANSFER'
  const [asset, native, source, byAddress] = await Promise.all([
    findAssetByContract(ctx, isToken ? t.asset : null),
    findAssetByContract(ctx, null),
    vaultAccountOfVault(ctx, t.sourceVaultId),
    vaultAccountsByAddress(ctx, [t.destination ?? t.to]),
  ])
  const destAddress = t.destination ?? t.to
  const destAccount = byAddress.get(destAddress.toLowerCase())
  const peer = (a: typeof source): Peer | undefined => (a ? { type: 'VAULT_ACCOUNT', id: String(a.account_id), name: a.vault.name, subType: '' } : undefined)
  // An address outside custody that an external wallet holds is shown as that wallet, as Fireblocks shows a whitelisted destination.
  const [external] = destAccount ? [] : await externalAssetsOfAddress(ctx, destAddress)
  const destination: Peer = peer(destAccount) ?? (external ? { type: 'EXTERNAL_WALLET', id: external.wallet.wallet_id, name: external.wallet.name, subType: 'External' } : { type: 'ONE_TIME_ADDRESS', id: '', name: 'N/A', subType: '' })
  const amount = t.amount && asset ? formatUnits(BigInt(t.amount), asset.decimals) : '0'
  const confirmations = t.status === 'COMPLETED' ? ctx.pipeline.confirmations : 0
  const fee = t.gasUsed && t.maxFeePerGas && native ? formatUnits(BigInt(t.gasUsed) * BigInt(t.maxFeePerGas), native.decimals) : undefined
  return {
    id: t.id,
    externalTxId: t.externalTxId.startsWith(GENERATED_EXTERNAL_ID_PREFIX) ? '' : t.externalTxId,
    status: t.status,
    subStatus: fireblocksSubStatus(t.status, t.subStatus),
    txHash: t.txHash ?? '',
    operation: isTransfer ? 'TRANSFER' : 'CONTRACT_CALL',
    note: t.note ?? '',
    assetId: asset?.id ?? (isToken ? t.asset ?? '' : native?.id ?? ''),
    assetType: asset ? (asset.kind === 'NATIVE' ? 'BASE_ASSET' : 'ERC20') : '',
    source: peer(source) ?? { type: 'VAULT_ACCOUNT', id: '', name: '', subType: '' },
    sourceAddress: t.from,
    destination,
    destinationAddress: destAddress,
    destinationAddressDescription: '',
    destinationTag: '',
    amountInfo: { amount, requestedAmount: amount, netAmount: amount },
    // maxFeePerGas bounds what was paid: an upper estimate until custody records the effective price.
    feeInfo: fee ? { networkFee: fee } : {},
    feeCurrency: native?.id ?? '',
    createdAt: Date.parse(t.createdAt),
    lastUpdated: Date.parse(t.updatedAt),
    createdBy: t.createdBy,
    signedBy: t.signedAt ? [t.sourceVaultId] : [],
    rejectedBy: '',
    addressType: destAccount ? '' : external ? 'WHITELISTED' : 'ONE_TIME',
    numOfConfirmations: confirmations,
    ...(t.blockNumber ? { blockInfo: { blockHeight: t.blockNumber, blockHash: t.blockHash ?? '' } } : {}),
    ...(t.nonce !== null ? { nonce: t.nonce } : {}),
    ...(t.gasLimit ? { gasLimit: t.gasLimit } : {}),
    ...(isTransfer ? {} : { extraParameters: { contractCallData: t.data } }),
    ...(t.statusReason && ['FAILED', 'BLOCKED', 'REJECTED', 'CANCELLED'].includes(t.status) ? { errorDescription: t.statusReason } : {}),
    systemMessages: [],
  }
}

/** A signed message as Fireblocks answers a COMPLETED TYPED_MESSAGE transaction, with `signedMessages`. */
export async function toFireblocksSignedMessage(ctx: CustodyContext, m: SignedMessageRow) {
  const [source, native] = await Promise.all([vaultAccountOfVault(ctx, m.source_vault_id), findAssetByContract(ctx, null)])
  const { r, s, yParity } = parseSignature(m.signature as Hex)
  const at = m.created_at.getTime()
  return {
    id: m.id,
    externalTxId: m.external_tx_id.startsWith(GENERATED_EXTERNAL_ID_PREFIX) ? '' : m.external_tx_id,
    status: 'COMPLETED',
    subStatus: '',
    txHash: '',
    operation: 'TYPED_MESSAGE',
    note: m.note ?? '',
    assetId: native?.id ?? '',
    source: source ? { type: 'VAULT_ACCOUNT', id: String(source.account_id), name: source.vault.name, subType: '' } : { type: 'VAULT_ACCOUNT', id: '', name: '', subType: '' },
    sourceAddress: source?.vault.address ?? '',
    destination: { type: 'UNKNOWN', id: '', name: 'N/A', subType: '' },
    destinationAddress: '',
    amountInfo: { amount: '0', requestedAmount: '0', netAmount: '0' },
    feeInfo: {},
    createdAt: at,
    lastUpdated: at,
    createdBy: m.created_by,
    signedBy: [m.source_vault_id],
    rejectedBy: '',
    extraParameters: { rawMessageData: { messages: [{ content: m.content.slice(2), type: 'ETH_MESSAGE' }] } },
    signedMessages: [
      {
        content: hashMessage({ raw: m.content as Hex }).slice(2),
        algorithm: 'MPC_ECDSA_SECP256K1',
        derivationPath: [44, 60, 0, 0, 0],
        signature: { fullSig: `${r.slice(2)}${s.slice(2)}`, r: r.slice(2), s: s.slice(2), v: yParity ?? 0 },
        publicKey: '',
      },
    ],
    systemMessages: [],
  }
}
