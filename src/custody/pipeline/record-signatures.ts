import type { Kysely } from 'kysely'
import type { CustodyContext } from '../context.ts'
import type { CustodyDB } from '../db/schema.ts'
import { appendAuditBatch } from '../../audit/log/append.ts'
import type { AuditTables } from '../../audit/log/schema.ts'
import type { AuditJson } from '../../audit/hashing.ts'

/** One transaction signature custody made: the stored bytes and why they were signed. */
export interface SignatureRecord {
  transactionId: string
  nonce: bigint
  txHash: string
  raw: string
  maxFeePerGas: string
  maxPriorityFeePerGas: string
  /** first (the first signature), repriced (the node refused the fee) or replaced (stuck). */
  why: 'first' | 'repriced' | 'replaced'
  /** The hash these bytes replace, for a replacement. */
  replaces?: string | null
  correlationId?: string | null
  at: Date
}

/**
 * Stores signed transactions and writes one `transaction.signed` audit entry for each,
 * inside the caller's database transaction (decision 0044): every signature custody keeps
 * — first ones and every replacement — is in the audit log, whatever the status change
 * that goes with it records.
 */
export async function recordSignatures(ctx: CustodyContext, tx: Kysely<CustodyDB>, records: SignatureRecord[]): Promise<void> {
  if (records.length === 0) return
  await tx
    .insertInto('tx_broadcasts')
    .values(records.map((r) => ({ transaction_id: r.transactionId, nonce: r.nonce, tx_hash: r.txHash, raw: r.raw, max_fee_per_gas: r.maxFeePerGas, max_priority_fee_per_gas: r.maxPriorityFeePerGas, created_at: r.at })))
    .execute()
  await appendAuditBatch(
    tx as unknown as Kysely<AuditTables>,
    records.map((r) => ({
      at: r.at,
      actor: 'system:pipeline',
      action: 'transaction.signed',
      targetType: 'transaction',
      targetId: r.transactionId,
      after: { nonce: r.nonce.toString(), txHash: r.txHash, maxFeePerGas: r.maxFeePerGas, maxPriorityFeePerGas: r.maxPriorityFeePerGas, why: r.why, replaces: r.replaces ?? null, keyBackend: ctx.keys.kind } as AuditJson,
      correlationId: r.correlationId ?? null,
    })),
  )
}
