import { sql, type Kysely } from 'kysely'
import { getAddress, type Address } from 'viem'
import type { CustodyDB, TxStatus } from '../db/schema.ts'
import { decodeTokenCall } from './token-calls.ts'

/**
 * A transaction's statuses while it has passed its token checks and may still move
 * tokens: its amount is reserved against the holder's free balance until it ends.
 */
export const RESERVING_STATUSES: readonly TxStatus[] = ['PENDING_AUTHORIZATION', 'QUEUED', 'PENDING_SIGNATURE', 'BROADCASTING', 'CONFIRMING']

/** What one call asks of one holder's balance of one token. */
export interface HolderDemand {
  token: Address
  holder: Address
  /** Base units this call moves out of the holder's balance. */
  amount: bigint
  /** What the holder may spend at the checked block: unfrozen and unlocked, before reservations. */
  spendable: bigint
  /** The chain block the balance was read at: a transaction mined at or before it is in the balance already. */
  atBlock: bigint
  /** The restriction the shortfall is named by: INSUFFICIENT_UNFROZEN_BALANCE or LOCKUP_NOT_OVER. */
  limitedBy: 'INSUFFICIENT_UNFROZEN_BALANCE' | 'LOCKUP_NOT_OVER'
}

/**
 * What `holder`'s other not-yet-final transactions on `token` will move out of its balance
 * (custody's own; one signed elsewhere is in the balance once mined). A transaction mined at
 * or before `atBlock` is left out: the balance read at that block has it already.
 */
export async function reservedOutgoing(db: Kysely<CustodyDB>, p: { chainId: number; token: Address; holder: Address; excludeId: string; atBlock: bigint }): Promise<bigint> {
  const rows = await db
    .selectFrom('transactions')
    .select(['id', 'from_address', 'data', 'status', 'block_number'])
    .where('chain_id', '=', p.chainId)
    .where('to_address', '=', getAddress(p.token))
    .where('status', 'in', RESERVING_STATUSES)
    .where('kind', '=', 'USER')
    .where('id', '!=', p.excludeId)
    .execute()
  const holder = getAddress(p.holder)
  let reserved = 0n
  for (const r of rows) {
    if (r.status === 'CONFIRMING' && r.block_number !== null && r.block_number <= p.atBlock) continue
    const call = decodeTokenCall(r.from_address, r.data)
    for (const m of call?.movements ?? []) if (m.from === holder && m.amount !== null && m.kind !== 'MINT') reserved += m.amount
  }
  return reserved
}

/** A demand that no longer fits once the transactions committed meanwhile are counted. */
export class ReservationShortfall extends Error {
  constructor(
    readonly demand: HolderDemand,
    readonly reserved: bigint,
  ) {
    super(`holder ${demand.holder} has ${demand.spendable} of token ${demand.token} free at block ${demand.atBlock}, ${reserved} already committed to its pending transactions, and this one moves ${demand.amount}`)
  }
}

/**
 * Inside the database transaction that moves a checked transaction on: takes a lock per
 * (token, holder) — an advisory transaction lock on PostgreSQL, held to commit; PGlite runs
 * one transaction at a time — and verifies that the holder's pending transactions committed
 * meanwhile and this one together fit in what it may spend. Throws ReservationShortfall when
 * they do not, which rolls the transaction back.
 */
export async function reserveInTx(tx: Kysely<CustodyDB>, chainId: number, txId: string, demands: readonly HolderDemand[]): Promise<void> {
  // One lock order for every caller, so two transactions locking two holders never wait on each other in a circle.
  const sorted = [...demands].sort((a, b) => `${a.token}:${a.holder}`.localeCompare(`${b.token}:${b.holder}`))
  for (const d of sorted) {
    await sql`select pg_advisory_xact_lock(hashtextextended(${`custody-reserve:${chainId}:${d.token.toLowerCase()}:${d.holder.toLowerCase()}`}, 0))`.execute(tx)
    const reserved = await reservedOutgoing(tx, { chainId, token: d.token, holder: d.holder, excludeId: txId, atBlock: d.atBlock })
    if (reserved + d.amount > d.spendable) throw new ReservationShortfall(d, reserved)
  }
}
