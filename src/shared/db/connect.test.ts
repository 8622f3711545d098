// @postgres-pass: both connection kinds, schemas and copies of a database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql, type Kysely } from 'kysely'
import { openTestDatabase, type TestDatabase } from '../../test/database.ts'
import { migrateToLatest } from './migrate.ts'

interface DB {
  ledger: { id: bigint; amount: string; note: string | null; created_at: Date }
}

describe('database layer (one SQL path for PGlite and PostgreSQL)', () => {
  let t: TestDatabase<DB>
  let db: Kysely<DB>
  beforeAll(async () => {
    t = await openTestDatabase<DB>('dbtest')
    db = t.db
    await migrateToLatest(db as Kysely<unknown>, t.schema, {
      '0001_ledger': {
        up: async (k) => {
          await sql`create table ledger (id bigserial primary key, amount numeric(78,0) not null, note text, created_at timestamptz not null default now())`.execute(k)
        },
      },
    })
  })
  afterAll(() => t.close())

  it('keeps amounts beyond 2^64 exact and reads ids as bigint', async () => {
    const big = (2n ** 200n + 7n).toString()
    const row = await db.insertInto('ledger').values({ amount: big, note: 'x' } as never).returningAll().executeTakeFirstOrThrow()
    expect(typeof row.id).toBe('bigint')
    expect(row.amount).toBe(big)
    expect(row.created_at).toBeInstanceOf(Date)
  })

  it('rolls a failed transaction back completely', async () => {
    const before = await db.selectFrom('ledger').select(db.fn.countAll<bigint>().as('n')).executeTakeFirstOrThrow()
    await expect(
      db.transaction().execute(async (tx) => {
        await tx.insertInto('ledger').values({ amount: '1' } as never).execute()
        throw new Error('boom')
      }),
    ).rejects.toThrow('boom')
    const after = await db.selectFrom('ledger').select(db.fn.countAll<bigint>().as('n')).executeTakeFirstOrThrow()
    expect(after.n).toBe(before.n)
  })

  it('reports affected rows for updates', async () => {
    const res = await db.updateTable('ledger').set({ note: 'y' }).where('note', '=', 'x').executeTakeFirst()
    expect(res.numUpdatedRows).toBe(1n)
  })

  it('runs migrations once: a second run applies nothing', async () => {
    const again = await migrateToLatest(db as Kysely<unknown>, t.schema, {
      '0001_ledger': { up: async () => { throw new Error('must not run twice') } },
    })
    expect(again).toEqual([])
  })

  it('serialises concurrent transactions without losing a write', async () => {
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        db.transaction().execute(async (tx) => {
          await tx.insertInto('ledger').values({ amount: String(i), note: 'c' } as never).execute()
        }),
      ),
    )
    const n = await db.selectFrom('ledger').where('note', '=', 'c').select(db.fn.countAll<bigint>().as('n')).executeTakeFirstOrThrow()
    expect(Number(n.n)).toBe(20)
  })
})
