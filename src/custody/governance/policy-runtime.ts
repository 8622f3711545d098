import type { Kysely } from 'kysely'
import type { CustodyContext } from '../context.ts'
import type { CustodyDB } from '../db/schema.ts'
import { CustosError } from '../../shared/errors.ts'
import { compilePolicy, evaluate, validatePolicy, VelocityLedger, type CompiledPolicy, type Decision, type PolicyRequest, type VelocityTransaction } from '../policy/index.ts'
import { DEFAULT_POLICY } from './default-policy.ts'
import { policySubject } from './policy-request-of.ts'

/** The policy in force: a governed version, or the built-in default (`version: null`). */
export interface ActivePolicy {
  compiled: CompiledPolicy
  version: number | null
  label: string | undefined
}

// History the ledger keeps even when no rule has a velocity window, so that activating a
// policy with a window up to a day never needs a reload.
const MIN_RETENTION_SECONDS = 86_400
// Rows another process authorised are picked up when they are at most this much older
// than our last look (a decision commits a little after it is stamped, and node clocks
// differ a little; records are idempotent by id).
const SYNC_SLACK_MS = 10_000
const SYNC_EVERY_MS = 1_000
const NOT_COUNTED = ['BLOCKED', 'REJECTED', 'CANCELLED'] as const

/**
 * The custody side of the policy engine, one per custody service (context):
 * the compiled active policy, the active whitelist and the velocity ledger, all in memory.
 *
 * `ready()` makes them current: one read of the governance revision (a change means a
 * version was activated or the whitelist changed: reload both) and, at most once a second,
 * the authorisations other processes committed or undid since the last look. Evaluate and
 * `record` are synchronous, so a caller that does both without an `await` between them
 * cannot let two requests fit under a limit that only one of them should.
 */
export class PolicyRuntime {
  readonly #db: Kysely<CustodyDB>
  readonly #ctx: CustodyContext
  #revision: bigint | null = null
  #active: ActivePolicy | null = null
  #whitelist = new Map<string, string>()
  #ledger: VelocityLedger | null = null
  #lastSyncMs = 0
  #pending: Promise<void> | null = null

  constructor(ctx: CustodyContext) {
    this.#ctx = ctx
    this.#db = ctx.db
  }

  /** Reloads what changed in the database since the last call (coalesced between concurrent callers). */
  ready(): Promise<void> {
    this.#pending ??= this.#refresh().finally(() => {
      this.#pending = null
    })
    return this.#pending
  }

  get active(): ActivePolicy {
    if (!this.#active) throw new CustosError('POLICY_NOT_LOADED', 'the policy runtime was used before ready() resolved', { status: 500 })
    return this.#active
  }

  isWhitelisted(address: string): boolean {
    return this.#whitelist.has(address.toLowerCase())
  }

  /** Evaluates against the active policy and the ledger as they are now (synchronous). */
  evaluate(request: PolicyRequest): Decision {
    return evaluate(this.active.compiled, request, { velocity: this.#ledger!, clock: this.#ctx.clock })
  }

  /** Counts an authorised transaction toward velocity; idempotent on `txId`. */
  record(tx: VelocityTransaction & { txId: string }): void {
    this.#ledger?.record(tx)
  }

  /** Takes a transaction back out of the velocity totals (blocked, rejected or cancelled after all). */
  forget(txId: string): void {
    this.#ledger?.remove(txId)
  }

  async #refresh(): Promise<void> {
    const { revision } = await this.#db.selectFrom('governance_state').select('revision').where('id', '=', 1).executeTakeFirstOrThrow()
    if (this.#revision === null || BigInt(revision) !== this.#revision) {
      const [active, whitelist] = await Promise.all([loadActivePolicy(this.#db), this.#db.selectFrom('whitelist_entries').select(['address', 'label']).where('status', '=', 'ACTIVE').execute()])
      this.#active = active
      this.#whitelist = new Map(whitelist.map((w) => [w.address.toLowerCase(), w.label]))
      this.#revision = BigInt(revision)
      const retention = Math.max(MIN_RETENTION_SECONDS, active.compiled.maxVelocityWindowSeconds)
      if (this.#ledger?.ensureRetention(retention)) await this.#loadLedger()
      this.#ctx.logger.info({ policyVersion: active.version, label: active.label, whitelist: this.#whitelist.size }, 'policy loaded')
    }
    if (!this.#ledger) {
      this.#ledger = new VelocityLedger({ clock: this.#ctx.clock, retentionSeconds: Math.max(MIN_RETENTION_SECONDS, this.#active!.compiled.maxVelocityWindowSeconds) })
      await this.#loadLedger()
    } else {
      await this.#syncLedger()
    }
  }

  async #loadLedger(): Promise<void> {
    const now = this.#ctx.clock.now()
    const cutoff = new Date(now.getTime() - this.#ledger!.retentionSeconds * 1000)
    const rows = await authorisedRows(this.#db).where('a.authorized_at', '>', cutoff).where('t.status', 'not in', NOT_COUNTED).execute()
    this.#ledger!.load(rows.map(velocityRecordOf))
    this.#lastSyncMs = now.getTime()
  }

  // Other processes' decisions: at most once a second, only what changed since the last look
  // (newly authorised, or counted and then blocked, rejected or cancelled).
  async #syncLedger(): Promise<void> {
    const now = this.#ctx.clock.now()
    if (now.getTime() - this.#lastSyncMs < SYNC_EVERY_MS && now.getTime() >= this.#lastSyncMs) return
    const since = new Date(this.#lastSyncMs - SYNC_SLACK_MS)
    const oldest = new Date(now.getTime() - this.#ledger!.retentionSeconds * 1000)
    const [added, gone] = await Promise.all([
      authorisedRows(this.#db).where('a.authorized_at', '>', since).where('t.status', 'not in', NOT_COUNTED).execute(),
      this.#db.selectFrom('transactions').select('id').where('status', 'in', NOT_COUNTED).where('updated_at', '>', since).where('created_at', '>', oldest).execute(),
    ])
    for (const r of added) this.#ledger!.record(velocityRecordOf(r))
    for (const r of gone) this.#ledger!.remove(r.id)
    this.#lastSyncMs = now.getTime()
  }
}

function authorisedRows(db: Kysely<CustodyDB>) {
  return db
    .selectFrom('tx_authorizations as a')
    .innerJoin('transactions as t', 't.id', 'a.transaction_id')
    .select(['t.id', 't.status', 't.source_vault_id', 't.created_by', 't.acting_principal', 't.operation', 't.asset', 't.amount', 't.value', 't.method_selector', 'a.authorized_at'])
    .where('a.authorized_at', 'is not', null)
    .where('t.kind', '=', 'USER')
}

type AuthorisedRow = Awaited<ReturnType<ReturnType<typeof authorisedRows>['execute']>>[number]

function velocityRecordOf(r: AuthorisedRow): VelocityTransaction & { txId: string } {
  const s = policySubject(r)
  return { txId: r.id, at: r.authorized_at!, sourceVaultId: r.source_vault_id, initiator: r.acting_principal ?? r.created_by, asset: s.asset, amount: s.amount }
}

/** The active governed version, compiled, or the built-in default when none was ever activated. */
export async function loadActivePolicy(db: Kysely<CustodyDB>): Promise<ActivePolicy> {
  const row = await db.selectFrom('policy_versions').select(['version', 'label', 'document']).where('status', '=', 'ACTIVE').executeTakeFirst()
  if (!row) return { compiled: compilePolicy(DEFAULT_POLICY.document), version: null, label: DEFAULT_POLICY.document.version }
  const doc = validatePolicy(typeof row.document === 'string' ? JSON.parse(row.document) : row.document)
  return { compiled: compilePolicy(doc), version: row.version, label: row.label ?? undefined }
}

// One per service context: a restarted service (same database, new context) rebuilds from the database.
const runtimes = new WeakMap<CustodyContext, PolicyRuntime>()

/** This service's policy runtime (created on first use, loaded by its first `ready()`). */
export function policyRuntime(ctx: CustodyContext): PolicyRuntime {
  let r = runtimes.get(ctx)
  if (!r) {
    r = new PolicyRuntime(ctx)
    runtimes.set(ctx, r)
  }
  return r
}

/** The runtime if this service has already built one (API-only nodes may never need it). */
export function loadedPolicyRuntime(ctx: CustodyContext): PolicyRuntime | undefined {
  return runtimes.get(ctx)
}

