import { Type } from 'typebox'
import { Uint256 } from '../../shared/http/amount.ts'
import { Problem } from '../../shared/http/problem-schema.ts'
import { TX_STATUSES, type TxStatus } from '../db/schema.ts'

export const Address = Type.String({ pattern: '^0x[0-9a-fA-F]{40}$', description: 'EVM address' })
export const Amount = Uint256('integer amount in base units, as a decimal string')
export const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()])
const NStr = Type.Union([Type.String(), Type.Null()])

export const Vault = Type.Object({
  id: Type.String(),
  name: Type.String(),
  tier: Type.Union([Type.Literal('hot'), Type.Literal('warm'), Type.Literal('cold')]),
  purpose: NStr,
  externalRef: NStr,
  address: Type.String(),
  keyBackend: Type.String(),
  createdBy: Type.String(),
  createdAt: Type.String(),
}, { title: 'Vault' })

export const VaultWithBalances = Type.Intersect([
  Vault,
  Type.Object({
    balances: Type.Object({
      native: Type.String(),
      tokens: Type.Array(Type.Object({ token: Type.String(), symbol: NStr, decimals: Type.Union([Type.Integer(), Type.Null()]), balance: Type.String() })),
      assets: Type.Array(
        Type.Object({
          assetId: Type.String(),
          kind: Type.Union([Type.Literal('NATIVE'), Type.Literal('ERC20')]),
          contractAddress: NStr,
          symbol: Type.String(),
          decimals: Type.Integer(),
          balance: Type.String({ description: 'base units, read from the chain' }),
        }),
        { description: 'every asset in the registry, with the balance read from the chain (zero included)' },
      ),
    }),
  }),
], { title: 'VaultWithBalances' })

/** Fireblocks' status names, one for one. */
export const TransactionStatus = Type.Unsafe<TxStatus>({ type: 'string', enum: [...TX_STATUSES], title: 'TransactionStatus' })

export const Transaction = Type.Object({
  id: Type.String(),
  externalTxId: Type.String(),
  kind: Type.String(),
  parentId: NStr,
  status: TransactionStatus,
  subStatus: NStr,
  statusReason: NStr,
  sourceVaultId: Type.String(),
  from: Type.String(),
  to: Type.String(),
  data: Type.String(),
  value: Type.String(),
  intent: Type.Unknown(),
  note: NStr,
  operation: Type.String(),
  asset: NStr,
  amount: NStr,
  destination: NStr,
  methodSelector: NStr,
  chainId: Type.Integer(),
  nonce: NStr,
  gasLimit: NStr,
  maxFeePerGas: NStr,
  maxPriorityFeePerGas: NStr,
  txHash: NStr,
  blockNumber: NStr,
  blockHash: NStr,
  gasUsed: NStr,
  policy: Type.Unknown(),
  createdBy: Type.String(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  signedAt: NStr,
  broadcastAt: NStr,
  completedAt: NStr,
}, { title: 'Transaction' })

export { Problem }

export const Page = <T extends ReturnType<typeof Type.Object>>(item: T) => Type.Object({ items: Type.Array(item), nextCursor: NStr })
