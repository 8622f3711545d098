import { randomUUID } from 'node:crypto'
import { sql, type Kysely } from 'kysely'
import type { Clock } from '../../../shared/clock.ts'
import type { PlatformDB } from '../../db/schema.ts'
import { recordChange } from '../../record-change.ts'
import type { CashEntryKind, CashEntryPhase } from './tables.ts'

export interface Balance {
  asset: string
  available: bigint
  reserved: bigint
}

/** The investor's cash account row, locked for the caller's transaction (created on first use). */
export async function lockAccount(tx: Kysely<PlatformDB>, ctx: { clock: Clock }, investorId: string): Promise<void> {
  await tx.insertInto('cash_accounts').values({ investor_id: investorId, created_at: ctx.clock.now() }).onConflict((oc) => oc.column('investor_id').doNothing()).execute()
  await tx.selectFrom('cash_accounts').select('investor_id').where('investor_id', '=', investorId).forUpdate().executeTakeFirstOrThrow()
}

/** Balances per asset from the ledger (Σ of the entries). */
export async function balancesOf(db: Kysely<PlatformDB>, investorId: string): Promise<Balance[]> {
  const rows = await db
    .selectFrom('cash_entries')
    .select(['asset', sql<string>`coalesce(sum(available_delta), 0)::text`.as('available'), sql<string>`coalesce(sum(reserved_delta), 0)::text`.as('reserved')])
    .where('investor_id', '=', investorId)
    .groupBy('asset')
    .orderBy('asset')
    .execute()
  return rows.map((r) => ({ asset: r.asset, available: BigInt(r.available), reserved: BigInt(r.reserved) }))
}

export async function balanceOf(db: Kysely<PlatformDB>, investorId: string, asset: string): Promise<Balance> {
  return (await balancesOf(db, investorId)).find((b) => b.asset.toLowerCase() === asset.toLowerCase()) ?? { asset, available: 0n, reserved: 0n }
}

export interface AppendEntryParameters {
  investorId: string
  asset: string
  kind: CashEntryKind
  phase: CashEntryPhase
  /** The amount moved (positive): the phase and kind give its sign on `available` and `reserved`. */
  amount: bigint
  /** Unique for ever: the same fact entered again changes nothing. */
  reference: string
  subject: { type: string; id: string }
  details?: Record<string, unknown>
  actor: string
  correlationId?: string | null
  /** The audit action (e.g. `cash.deposit_credited`). */
  action: string
  /** Webhook events to send with it (data gets the entry and the balance after it). */
  events?: { type: string; resourceType: string; resourceId: string; data?: Record<string, unknown> }[]
}

/** How an entry moves `available` and `reserved`, by kind and phase. */
export function deltasOf(kind: CashEntryKind, phase: CashEntryPhase, amount: bigint): { available: bigint; reserved: bigint } {
  const inbound = kind === 'DEPOSIT'
  if (phase === 'SETTLED') return inbound ? { available: amount, reserved: 0n } : kind === 'RETRACTION' ? { available: -amount, reserved: 0n } : { available: 0n, reserved: -amount }
  if (phase === 'RESERVED') return { available: -amount, reserved: amount }
  return { available: amount, reserved: -amount }
}

/**
 * Appends one ledger entry inside the caller's transaction, with its audit entry (before and
 * after balances) and its webhook events, unless an entry with the same reference exists.
 * Returns the entry's id, or null when it was entered before.
 */
export async function appendEntry(tx: Kysely<PlatformDB>, ctx: { clock: Clock }, p: AppendEntryParameters): Promise<string | null> {
  const now = ctx.clock.now()
  await tx.insertInto('cash_accounts').values({ investor_id: p.investorId, created_at: now }).onConflict((oc) => oc.column('investor_id').doNothing()).execute()
  const before = await balanceOf(tx, p.investorId, p.asset)
  const d = deltasOf(p.kind, p.phase, p.amount)
  const id = randomUUID()
  const inserted = await tx
    .insertInto('cash_entries')
    .values({
      id,
      investor_id: p.investorId,
      asset: p.asset,
      kind: p.kind,
      phase: p.phase,
      available_delta: d.available.toString(),
      reserved_delta: d.reserved.toString(),
      reference: p.reference,
      subject_type: p.subject.type,
      subject_id: p.subject.id,
      details: JSON.stringify(p.details ?? {}),
      created_at: now,
    })
    .onConflict((oc) => oc.column('reference').doNothing())
    .returning('id')
    .executeTakeFirst()
  if (!inserted) return null
  const after = { available: (before.available + d.available).toString(), reserved: (before.reserved + d.reserved).toString() }
  const entry = { entryId: id, investorId: p.investorId, asset: p.asset, kind: p.kind, phase: p.phase, amount: p.amount.toString(), [`${p.subject.type}Id`]: p.subject.id }
  await recordChange(tx, ctx, {
    at: now,
    actor: p.actor,
    action: p.action,
    targetType: 'cash_account',
    targetId: p.investorId,
    before: { asset: p.asset, available: before.available.toString(), reserved: before.reserved.toString() },
    after: { asset: p.asset, ...after },
    correlationId: p.correlationId ?? null,
    details: { ...entry, reference: p.reference, ...(p.details ?? {}) },
    events: (p.events ?? []).map((e) => ({ type: e.type, resourceType: e.resourceType, resourceId: e.resourceId, data: { ...entry, balance: after, ...(e.data ?? {}) } })),
  })
  return id
}
