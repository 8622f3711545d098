import { randomUUID } from 'node:crypto'
import type { Kysely } from 'kysely'
import { appendAuditBatch, type AuditEntryInput } from '../../audit/log/append.ts'
import type { AuditJson } from '../../audit/hashing.ts'
import type { AuditTables } from '../../audit/log/schema.ts'
import { CustosError } from '../../shared/errors.ts'
import type { CustodyContext } from '../context.ts'
import type { CustodyDB } from '../db/schema.ts'
import { enqueueAll, type ResourceEvent } from '../events.ts'
import { serializeDeposit, type DepositRow, type DepositStatus } from './schema.ts'

/** The moves a deposit may make: DETECTED is the only status that is left. */
export const DEPOSIT_TRANSITIONS: Readonly<Record<DepositStatus, readonly DepositStatus[]>> = {
  DETECTED: ['CONFIRMED', 'RETRACTED'],
  CONFIRMED: [],
  RETRACTED: [],
}

/** Who changes deposits: the watcher, on what it read from the chain. */
export const DEPOSIT_ACTOR = 'system:deposit-watch'

/** A transfer into a vault, as read from a block. */
export interface SeenTransfer {
  vaultId: string
  address: string
  assetId: string
  contractAddress: string | null
  txHash: string
  logIndex: number
  from: string
  amount: bigint
  blockNumber: bigint
  blockHash: string
  sourceVaultId: string | null
}

export interface DepositMove {
  current: DepositRow
  to: Exclude<DepositStatus, 'DETECTED'>
  reason: string
}

export interface DepositChanges {
  detected: DepositRow[]
  moved: DepositRow[]
  written: { deliveries: number } | null
}

const EVENT_OF: Record<DepositStatus, string> = { DETECTED: 'deposit.detected', CONFIRMED: 'deposit.confirmed', RETRACTED: 'deposit.retracted' }

/**
 * The one writer of deposits, inside the caller's database transaction: moves first (each
 * only if the row is still DETECTED, so two processes never both move it), then inserts the
 * transfers seen (skipped when a live deposit with the same identity exists). Every change
 * writes its webhook event (`deposit.detected|confirmed|retracted`) and audit entry in the
 * same transaction, so each is sent exactly once per deposit and status.
 */
export async function recordDepositChanges(ctx: CustodyContext, tx: Kysely<CustodyDB>, changes: { seen?: SeenTransfer[]; moves?: DepositMove[] }): Promise<DepositChanges> {
  const now = ctx.clock.now()
  const events: ResourceEvent[] = []
  const audit: AuditEntryInput[] = []
  const moved: DepositRow[] = []
  for (const m of changes.moves ?? []) {
    if (!DEPOSIT_TRANSITIONS[m.current.status].includes(m.to)) throw new CustosError('DEPOSIT_TRANSITION', `a ${m.current.status} deposit cannot become ${m.to}`, { status: 409 })
    const row = await tx
      .updateTable('deposits')
      .set({ status: m.to, updated_at: now, ...(m.to === 'CONFIRMED' ? { confirmed_at: now } : { retracted_at: now }) })
      .where('id', '=', m.current.id)
      .where('status', '=', m.current.status)
      .returningAll()
      .executeTakeFirst()
    if (!row) continue
    moved.push(row)
    const view = serializeDeposit(row)
    events.push({ type: EVENT_OF[m.to], resourceType: 'deposit', resourceId: row.id, data: { ...view, previousStatus: m.current.status, reason: m.reason } })
    audit.push({ at: now, actor: DEPOSIT_ACTOR, action: EVENT_OF[m.to], targetType: 'deposit', targetId: row.id, before: { status: m.current.status }, after: { status: row.status, reason: m.reason } as AuditJson })
  }
  const detected: DepositRow[] = []
  for (const s of changes.seen ?? []) {
    const row = await tx
      .insertInto('deposits')
      .values({
        id: `dep_${randomUUID()}`,
        chain_id: ctx.chain.chainId,
        vault_id: s.vaultId,
        address: s.address,
        asset_id: s.assetId,
        contract_address: s.contractAddress,
        tx_hash: s.txHash.toLowerCase(),
        log_index: s.logIndex,
        from_address: s.from,
        amount: s.amount.toString(),
        block_number: s.blockNumber,
        block_hash: s.blockHash.toLowerCase(),
        status: 'DETECTED',
        internal: s.sourceVaultId !== null,
        source_vault_id: s.sourceVaultId,
        detected_at: now,
        updated_at: now,
      })
      // The identity is unique among live deposits: a rescan finds the row already there.
      .onConflict((oc) => oc.doNothing())
      .returningAll()
      .executeTakeFirst()
    if (!row) continue
    detected.push(row)
    const view = serializeDeposit(row)
    events.push({ type: 'deposit.detected', resourceType: 'deposit', resourceId: row.id, data: view })
    audit.push({ at: now, actor: DEPOSIT_ACTOR, action: 'deposit.detected', targetType: 'deposit', targetId: row.id, after: view as unknown as AuditJson })
  }
  const written = await enqueueAll(tx, ctx.events, events)
  await appendAuditBatch(tx as unknown as Kysely<AuditTables>, audit)
  return { detected, moved, written }
}
