import { sql, type Kysely, type Updateable } from 'kysely'
import type { CustodyContext } from '../context.ts'
import type { CustodyDB, TransactionsTable, TxStatus } from '../db/schema.ts'
import { appendAuditBatch } from '../../audit/log/append.ts'
import type { AuditEntryInput } from '../../audit/log/append.ts'
import type { AuditJson } from '../../audit/hashing.ts'
import type { AuditTables } from '../../audit/log/schema.ts'
import { CustosError } from '../../shared/errors.ts'
import { enqueueAll, type ResourceEvent } from '../events.ts'
import { assertTransition } from './status-machine.ts'
import { serializeTransaction, type TransactionRow } from './serialize.ts'

export interface TransitionOptions {
  actor: string
  subStatus?: string | null
  reason?: string | null
  patch?: Updateable<TransactionsTable>
  /** Run more statements in the same database transaction (e.g. the nonce ledger). */
  alsoInTx?: (tx: Kysely<CustodyDB>, updated: TransactionRow) => Promise<void>
}

export interface TransitionRequest extends TransitionOptions {
  current: TransactionRow
  to: TxStatus
}

/** A transition that was committed: the request and the row as it is now. */
export interface MovedTransaction {
  request: TransitionRequest
  row: TransactionRow
}

export interface TransitionManyOptions {
  /**
   * Runs once in the same database transaction after the rows are updated and before their
   * events and audit entries are written, with the rows that moved, in request order: the
   * place for a batch's side rows (one multi-row insert instead of one per transaction).
   * Changes it makes to a row object are what the event and audit entry record.
   */
  afterUpdate?: (tx: Kysely<CustodyDB>, moved: MovedTransaction[]) => Promise<void>
}

/** Another worker moved the transaction first; the caller reloads and carries on. */
export class StaleTransitionError extends CustosError {
  override readonly name = 'StaleTransitionError'
  constructor(id: string, from: TxStatus) {
    super('STALE_TRANSITION', `transaction ${id} is no longer ${from}`, { status: 409, retryable: true })
  }
}

/**
 * Moves transactions to their next statuses in ONE database transaction:
 * for each, the row is updated only if nobody changed it since it was read
 * (optimistic lock), and its audit entry and webhook event are written in
 * the same database transaction. Committing many transitions together (group
 * commit) is what lets the pipeline keep up with the chain: the rows are
 * updated by one statement per shape of change, the events and audit entries
 * are appended by one multi-row write each, so a batch costs about a dozen
 * statements whatever its size. Returns the updated row for each request, or
 * null where another worker moved it first.
 */
export async function transitionMany(ctx: CustodyContext, requests: TransitionRequest[], opts: TransitionManyOptions = {}): Promise<(TransactionRow | null)[]> {
  if (requests.length === 0) return []
  for (const r of requests) assertTransition(r.current.status, r.to)
  const now = ctx.clock.now()
  const { results, written } = await ctx.db.transaction().execute(async (tx) => {
    const out = await updateRows(tx, requests, now)
    const moved: MovedTransaction[] = []
    for (const [i, row] of out.entries()) {
      if (!row) continue
      const r = requests[i]!
      if (r.alsoInTx) await r.alsoInTx(tx, row)
      moved.push({ request: r, row })
    }
    if (opts.afterUpdate && moved.length > 0) await opts.afterUpdate(tx, moved)
    const events: ResourceEvent[] = []
    const audit: AuditEntryInput[] = []
    for (const { request: r, row } of moved) {
      const { current, to } = r
      if (to === current.status && row.sub_status === current.sub_status) continue
      events.push({ type: 'transaction.status_changed', resourceType: 'transaction', resourceId: row.id, data: { ...serializeTransaction(row), previousStatus: current.status } })
      audit.push({
        at: now,
        actor: r.actor,
        action: 'transaction.status_changed',
        targetType: 'transaction',
        targetId: row.id,
        before: { status: current.status, subStatus: current.sub_status },
        after: { status: row.status, subStatus: row.sub_status, reason: row.status_reason, txHash: row.tx_hash, nonce: row.nonce } as AuditJson,
        correlationId: row.correlation_id,
      })
    }
    const written = await enqueueAll(tx, ctx.events, events)
    // Last, so the audit log's head lock is held as briefly as possible.
    await appendAuditBatch(tx as unknown as Kysely<AuditTables>, audit)
    return { results: out, written }
  })
  ctx.events.committed?.(written ?? undefined)
  results.forEach((row, i) => {
    const r = requests[i]!
    if (row && r.to !== r.current.status) {
      ctx.metrics?.pipelineStage.observe({ stage: r.current.status }, Math.max(0, (now.getTime() - new Date(r.current.updated_at).getTime()) / 1000))
      ctx.logger.info({ correlationId: row.correlation_id, txId: row.id, from: r.current.status, to: r.to, subStatus: row.sub_status, txHash: row.tx_hash }, 'transaction status')
    }
  })
  return results
}

/** One transition; throws StaleTransitionError if another worker moved the transaction first. */
export async function transition(ctx: CustodyContext, current: TransactionRow, to: TxStatus, opts: TransitionOptions): Promise<TransactionRow> {
  const [row] = await transitionMany(ctx, [{ ...opts, current, to }])
  if (!row) throw new StaleTransitionError(current.id, current.status)
  return row
}

// The SQL type of every column a transition may set: a multi-row UPDATE takes its new values
// from a VALUES list, whose parameters need explicit types. Others fall back to one UPDATE a row.
const SET_TYPES: Readonly<Record<string, string>> = {
  status: 'text',
  sub_status: 'text',
  status_reason: 'text',
  updated_at: 'timestamptz',
  policy: 'jsonb',
  nonce: 'bigint',
  gas_limit: 'numeric',
  max_fee_per_gas: 'numeric',
  max_priority_fee_per_gas: 'numeric',
  tx_hash: 'text',
  block_number: 'bigint',
  block_hash: 'text',
  gas_used: 'numeric',
  next_action_at: 'timestamptz',
  signed_at: 'timestamptz',
  broadcast_at: 'timestamptz',
  completed_at: 'timestamptz',
  locked_until: 'timestamptz',
  locked_by: 'text',
}

// 3 + about 10 parameters a row; PostgreSQL allows 65,535 a statement.
const ROWS_PER_UPDATE = 1000

type SetValues = Record<string, unknown>

function setOf(r: TransitionRequest, now: Date): SetValues {
  const { current, to } = r
  const set: SetValues = {}
  for (const [k, v] of Object.entries(r.patch ?? {})) if (v !== undefined) set[k] = v
  set.status = to
  set.sub_status = r.subStatus === undefined ? (to === current.status ? current.sub_status : null) : r.subStatus
  set.status_reason = r.reason === undefined ? (to === current.status ? current.status_reason : null) : r.reason
  set.updated_at = now
  return set
}

/**
 * Updates each request's row if it is still as the request read it (status and updated_at:
 * the optimistic lock, checked per row). Requests that set the same columns share one
 * `UPDATE … FROM (VALUES …)`; the result is in request order, null where the lock failed.
 */
async function updateRows(tx: Kysely<CustodyDB>, requests: TransitionRequest[], now: Date): Promise<(TransactionRow | null)[]> {
  const sets = requests.map((r) => setOf(r, now))
  const out: (TransactionRow | null)[] = requests.map(() => null)
  // A transaction named twice must see its own first move: those go one by one, in order.
  const oneByOne = new Set(requests.map((r) => r.current.id)).size !== requests.length
  const shapes = new Map<string, number[]>()
  const single: number[] = []
  for (const [i, set] of sets.entries()) {
    const columns = Object.keys(set).sort()
    if (oneByOne || columns.some((c) => !(c in SET_TYPES))) single.push(i)
    else shapes.set(columns.join(','), [...(shapes.get(columns.join(',')) ?? []), i])
  }
  for (const [shape, all] of shapes) {
    const columns = shape.split(',')
    for (let o = 0; o < all.length; o += ROWS_PER_UPDATE) {
      const idx = all.slice(o, o + ROWS_PER_UPDATE)
      const values = idx.map((i) => {
        const { current } = requests[i]!
        const typed = columns.map((c) => sql`cast(${sets[i]![c] ?? null} as ${sql.raw(SET_TYPES[c]!)})`)
        return sql`(${current.id}::text, ${current.status}::text, ${current.updated_at}::timestamptz, ${sql.join(typed)})`
      })
      const { rows } = await sql<TransactionRow>`
        update transactions as t
           set ${sql.join(columns.map((c) => sql`${sql.ref(c)} = ${sql.ref(`v.${c}`)}`))}
          from (values ${sql.join(values)}) as v (id, read_status, read_updated_at, ${sql.join(columns.map((c) => sql.ref(c)))})
         where t.id = v.id
           -- Tells the planner how few rows these are, statistics or not (PGlite never analyzes).
           and t.id = any(${idx.map((i) => requests[i]!.current.id)}::text[])
           -- Optimistic lock, per row: nobody changed it since it was read.
           and t.status = v.read_status
           and t.updated_at = v.read_updated_at
        returning t.*`.execute(tx)
      const byId = new Map(rows.map((row) => [row.id, row]))
      for (const i of idx) out[i] = byId.get(requests[i]!.current.id) ?? null
    }
  }
  for (const i of single) {
    const r = requests[i]!
    const row = await tx
      .updateTable('transactions')
      .set(sets[i] as Updateable<TransactionsTable>)
      .where('id', '=', r.current.id)
      .where('status', '=', r.current.status)
      .where('updated_at', '=', r.current.updated_at)
      .returningAll()
      .executeTakeFirst()
    out[i] = row ?? null
  }
  return out
}
