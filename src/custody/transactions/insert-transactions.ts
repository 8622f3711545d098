import type { Insertable, Kysely } from 'kysely'
import type { CustodyContext } from '../context.ts'
import type { TransactionsTable } from '../db/schema.ts'
import { appendAuditBatch } from '../../audit/log/append.ts'
import type { AuditJson } from '../../audit/hashing.ts'
import type { AuditTables } from '../../audit/log/schema.ts'
import { enqueueAll } from '../events.ts'
import { serializeTransaction, type TransactionRow } from './serialize.ts'

/** A transaction to store, and what its `transaction.created` audit entry says. */
export interface NewTransaction {
  values: Insertable<TransactionsTable> & { id: string; created_at: Date }
  actor: string
  after: AuditJson
  correlationId: string | null
}

interface Waiting {
  item: NewTransaction
  resolve(row: TransactionRow | null): void
  reject(err: unknown): void
}

interface Committer {
  queue: Waiting[]
  running: boolean
}

// Rows of one group: about 30 parameters each, far below PostgreSQL's 65,535 a statement.
const MAX_GROUP = 256

const committers = new WeakMap<CustodyContext, Committer>()

/**
 * Stores a new transaction (SUBMITTED) with its `transaction.created` webhook event and
 * audit entry in one database transaction, and resolves once that has committed: with the
 * row, or with null when the client's externalTxId is already taken.
 *
 * Creations that arrive while one group is committing wait and then commit together
 * (group commit): one multi-row insert, one outbox write and one audit append for the whole
 * group, so concurrent submissions do not each pay for a transaction and queue on the audit
 * log's head lock. Nothing is answered before its commit; if a group fails, its members are
 * retried one by one, so each gets the outcome of its own row.
 *
 * @example
 * const row = await insertTransaction(ctx, { values, actor: `apikey:${keyId}`, after: { status: 'SUBMITTED' }, correlationId })
 */
export function insertTransaction(ctx: CustodyContext, item: NewTransaction): Promise<TransactionRow | null> {
  let c = committers.get(ctx)
  if (!c) committers.set(ctx, (c = { queue: [], running: false }))
  const committer = c
  return new Promise((resolve, reject) => {
    committer.queue.push({ item, resolve, reject })
    if (!committer.running) void drain(ctx, committer)
  })
}

async function drain(ctx: CustodyContext, c: Committer): Promise<void> {
  c.running = true
  try {
    // Requests that arrived in the same turn of the event loop join the first group.
    await new Promise((r) => setImmediate(r))
    while (c.queue.length > 0) {
      const group = c.queue.splice(0, MAX_GROUP)
      try {
        const rows = await insertGroup(ctx, group.map((w) => w.item))
        group.forEach((w, i) => w.resolve(rows[i]!))
      } catch (err) {
        if (group.length === 1) group[0]!.reject(err)
        else {
          for (const w of group) {
            try {
              w.resolve((await insertGroup(ctx, [w.item]))[0]!)
            } catch (e) {
              w.reject(e)
            }
          }
        }
      }
    }
  } finally {
    c.running = false
  }
}

async function insertGroup(ctx: CustodyContext, items: NewTransaction[]): Promise<(TransactionRow | null)[]> {
  const { rows, written } = await ctx.db.transaction().execute(async (tx) => {
    const inserted = await tx
      .insertInto('transactions')
      .values(items.map((i) => i.values))
      // The same externalTxId twice (even within the group): the first stays, the others get null.
      .onConflict((oc) => oc.columns(['client_id', 'external_tx_id']).doNothing())
      .returningAll()
      .execute()
    const byId = new Map(inserted.map((r) => [r.id, r]))
    const rows = items.map((i) => byId.get(i.values.id) ?? null)
    const made = items.flatMap((item, k) => (rows[k] ? [{ item, row: rows[k] }] : []))
    const written = await enqueueAll(
      tx,
      ctx.events,
      made.map(({ row }) => ({ type: 'transaction.created', resourceType: 'transaction', resourceId: row.id, data: serializeTransaction(row) })),
    )
    await appendAuditBatch(
      tx as unknown as Kysely<AuditTables>,
      made.map(({ item, row }) => ({ at: item.values.created_at, actor: item.actor, action: 'transaction.created', targetType: 'transaction', targetId: row.id, after: item.after, correlationId: item.correlationId })),
    )
    return { rows, written }
  })
  ctx.events.committed?.(written ?? undefined)
  return rows
}
