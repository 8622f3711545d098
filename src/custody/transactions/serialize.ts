import type { Selectable } from 'kysely'
import type { TransactionsTable } from '../db/schema.ts'

export type TransactionRow = Selectable<TransactionsTable>

/** The API shape of a transaction. Amounts are decimal strings. */
export function serializeTransaction(t: TransactionRow) {
  return {
    id: t.id,
    externalTxId: t.external_tx_id,
    kind: t.kind,
    parentId: t.parent_id,
    status: t.status,
    subStatus: t.sub_status,
    statusReason: t.status_reason,
    sourceVaultId: t.source_vault_id,
    from: t.from_address,
    to: t.to_address,
    data: t.data,
    value: t.value,
    intent: t.intent ?? null,
    note: t.note,
    operation: t.operation,
    asset: t.asset,
    amount: t.amount,
    destination: t.destination,
    methodSelector: t.method_selector,
    chainId: t.chain_id,
    nonce: t.nonce === null ? null : t.nonce.toString(),
    gasLimit: t.gas_limit,
    maxFeePerGas: t.max_fee_per_gas,
    maxPriorityFeePerGas: t.max_priority_fee_per_gas,
    txHash: t.tx_hash,
    blockNumber: t.block_number === null ? null : t.block_number.toString(),
    blockHash: t.block_hash,
    gasUsed: t.gas_used,
    policy: t.policy ?? null,
    createdBy: t.created_by,
    createdAt: t.created_at.toISOString(),
    updatedAt: t.updated_at.toISOString(),
    signedAt: t.signed_at?.toISOString() ?? null,
    broadcastAt: t.broadcast_at?.toISOString() ?? null,
    completedAt: t.completed_at?.toISOString() ?? null,
  }
}

export type TransactionView = ReturnType<typeof serializeTransaction>
