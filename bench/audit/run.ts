/*
 * Audit log benchmark: append rate on PostgreSQL (a throw-away database on
 * the server named by DATABASE_URL) and offline verification of 1,000,000
 * entries. Targets: ≥ 5,000 appends/s with batching, < 10 s to verify 1M.
 *
 *   node --import tsx bench/audit/run.ts [--entries 1000000]
 */
import { randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { availableParallelism, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Kysely } from 'kysely'
import { ManualClock } from '../../src/shared/clock.ts'
import { openDatabase } from '../../src/shared/db/connect.ts'
import { migrateToLatest } from '../../src/shared/db/migrate.ts'
import { createPostgresDatabase } from '../../src/test/database.ts'
import { appendAudit, appendAuditBatch, type AuditEntryInput } from '../../src/audit/log/append.ts'
import { createCheckpoint } from '../../src/audit/log/checkpoint.ts'
import { exportAudit } from '../../src/audit/log/export.ts'
import { logSignerFromSeed } from '../../src/audit/log/log-key.ts'
import { auditLogMigration } from '../../src/audit/log/migrations.ts'
import type { AuditTables } from '../../src/audit/log/schema.ts'
import { verifyAuditExport } from '../../src/audit/verify/verify-export.ts'
import { generateExport } from './generate-export.ts'

const ORIGIN = 'custos.dev/custody/bench'
const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
const entriesArg = process.argv.indexOf('--entries')
const VERIFY_ENTRIES = entriesArg > 0 ? Number(process.argv[entriesArg + 1]) : 1_000_000

const log = (line: string) => console.log(line)
const rate = (n: number, ms: number) => Math.round((n / ms) * 1000).toLocaleString('en-US')
const load = () => loadavg().map((l) => l.toFixed(1)).join(' ')

function entry(i: number, clock: ManualClock): AuditEntryInput {
  return {
    at: clock.now(),
    actor: `apikey:operator-${i % 17}`,
    action: 'transaction.status',
    targetType: 'transaction',
    targetId: `tx_${i}`,
    before: { status: 'PENDING_SIGNATURE' },
    after: { status: 'BROADCASTING', amount: (10n ** 18n * BigInt(i + 1)).toString(), to: '0x5FbDB2315678afecb367f032d93F642f64180aa3' },
    correlationId: `req-${i}`,
    details: { ip: '127.0.0.1', nonce: i },
  }
}

/** Runs `total` appends through `workers` concurrent loops of `perTx` entries a transaction. */
async function appendLoad(db: Kysely<AuditTables>, clock: ManualClock, total: number, perTx: number, workers: number): Promise<number> {
  let next = 0
  const started = performance.now()
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (next < total) {
        const first = next
        next += perTx
        const n = Math.min(perTx, total - first)
        if (n <= 0) return
        if (n === 1) await appendAudit(db, entry(first, clock))
        else await appendAuditBatch(db, Array.from({ length: n }, (_, i) => entry(first + i, clock)))
      }
    }),
  )
  return performance.now() - started
}

async function benchAppend(scratch: string): Promise<void> {
  const target = await createPostgresDatabase(url)
  const database = await openDatabase<AuditTables>({ kind: 'postgres', url: target.url }, 'audit_bench')
  try {
    const db = database.db
    await migrateToLatest(db as Kysely<unknown>, database.schema, { '0001_audit': auditLogMigration })
    const clock = new ManualClock()
    log(`append: PostgreSQL ${url.replace(/\/\/[^@]*@/, '//***@')} (throw-away database), load average ${load()}`)
    for (const [total, perTx, workers] of [
      [2_000, 1, 1],
      [5_000, 1, 8],
      [100_000, 100, 4],
      [100_000, 1_000, 4],
    ] as const) {
      const ms = await appendLoad(db, clock, total, perTx, workers)
      log(`append: ${total.toLocaleString('en-US')} entries, ${perTx} per transaction, ${workers} concurrent: ${Math.round(ms)} ms, ${rate(total, ms)} appends/s`)
    }
    const signer = logSignerFromSeed(ORIGIN, randomBytes(32))
    await createCheckpoint({ db, clock, signer, origin: ORIGIN })
    let started = performance.now()
    const exported = await exportAudit(db, join(scratch, 'db-export'))
    log(`export: ${exported.treeSize.toLocaleString('en-US')} entries from PostgreSQL in ${Math.round(performance.now() - started)} ms (${exported.segments} segments)`)
    started = performance.now()
    const report = await verifyAuditExport(join(scratch, 'db-export'), { trustedKeys: [signer.vkey] })
    log(`verify: that export ${report.ok ? 'verifies' : 'FAILS'} in ${Math.round(performance.now() - started)} ms`)
    if (!report.ok) throw new Error(`export of the benchmark log does not verify: ${JSON.stringify(report.problems.slice(0, 3))}`)
  } finally {
    await database.close()
    await target.drop()
  }
}

async function benchVerify(scratch: string): Promise<void> {
  const dir = join(scratch, 'generated')
  const signer = logSignerFromSeed(ORIGIN, randomBytes(32))
  let started = performance.now()
  await generateExport(dir, VERIFY_ENTRIES, signer, { origin: ORIGIN, checkpointEvery: 100_000 })
  log(`verify: generated an export of ${VERIFY_ENTRIES.toLocaleString('en-US')} entries in ${Math.round(performance.now() - started)} ms`)
  for (const workers of [undefined, 0]) {
    log(`verify: load average ${load()} (${availableParallelism()} CPUs)`)
    started = performance.now()
    const cpu = process.cpuUsage()
    const report = await verifyAuditExport(dir, { trustedKeys: [signer.vkey], ...(workers !== undefined && { workers }) })
    const ms = performance.now() - started
    const cpuMs = (process.cpuUsage(cpu).user + process.cpuUsage(cpu).system) / 1000
    const how = workers === 0 ? 'on the calling thread' : 'default (worker threads)'
    log(`verify: ${report.entries.toLocaleString('en-US')} entries, ${how}: ${Math.round(ms)} ms wall, ${Math.round(cpuMs)} ms CPU, ${rate(report.entries, ms)} entries/s, ${report.ok ? 'ok' : 'FAILED'}`)
    if (!report.ok) throw new Error(`generated export does not verify: ${JSON.stringify(report.problems.slice(0, 3))}`)
  }
}

async function main(): Promise<void> {
  const scratch = await mkdtemp(join(tmpdir(), 'custos-audit-bench-'))
  try {
    await benchAppend(scratch)
    await benchVerify(scratch)
  } finally {
    await rm(scratch, { recursive: true, force: true })
  }
}

main().catch((err: unknown) => {
  console.error(err)
  process.exitCode = 1
})
