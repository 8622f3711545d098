import type { Selectable } from 'kysely'
import { NotFoundError } from '../../../shared/errors.ts'
import type { PlatformContext } from '../../context.ts'
import { actionsOfRecovery, serializeAction } from './read-actions.ts'
import type { WalletRecoveriesTable } from './tables.ts'
import { recoveryWorkflowId } from './workflow-kinds.ts'
import { findWorkflow } from '../../engine/read-workflows.ts'

export type RecoveryRow = Selectable<WalletRecoveriesTable>
type Db = Pick<PlatformContext, 'db'>

export async function getRecoveryRow(ctx: Db, id: string): Promise<RecoveryRow> {
  const row = await ctx.db.selectFrom('wallet_recoveries').selectAll().where('id', '=', id).executeTakeFirst()
  if (!row) throw new NotFoundError('wallet recovery', id)
  return row
}

export async function findRecoveryByKey(ctx: Db, idempotencyKey: string): Promise<RecoveryRow | undefined> {
  return ctx.db.selectFrom('wallet_recoveries').selectAll().where('idempotency_key', '=', idempotencyKey).executeTakeFirst()
}

export async function pendingRecoveryOf(ctx: Db, investorId: string): Promise<RecoveryRow | undefined> {
  return ctx.db.selectFrom('wallet_recoveries').selectAll().where('investor_id', '=', investorId).where('status', '=', 'PENDING').executeTakeFirst()
}

/** The investor a wallet belonged to or now belongs to through a recovery (the lock-up scan names lots' owners with it). */
export async function investorOfRecoveredWallets(ctx: Db, wallets: readonly string[]): Promise<Map<string, string>> {
  if (wallets.length === 0) return new Map()
  const lower = [...wallets].map((w) => w.toLowerCase())
  const rows = await ctx.db
    .selectFrom('wallet_recoveries')
    .select(['investor_id', 'old_wallet', 'new_wallet'])
    .where((eb) => eb.or([eb(eb.fn('lower', ['old_wallet']), 'in', lower), eb(eb.fn('lower', ['new_wallet']), 'in', lower)]))
    .execute()
  const out = new Map<string, string>()
  for (const r of rows) {
    out.set(r.old_wallet.toLowerCase(), r.investor_id)
    if (r.new_wallet) out.set(r.new_wallet.toLowerCase(), r.investor_id)
  }
  return out
}

/** The API shape of a recovery without its actions (webhook payloads). */
export function serializeRecoveryRow(r: RecoveryRow) {
  return {
    id: r.id,
    investorId: r.investor_id,
    reason: r.reason,
    status: r.status,
    statusCode: r.status_code,
    statusReason: r.status_reason,
    oldWallet: r.old_wallet,
    oldVaultId: r.old_vault_id,
    newWallet: r.new_wallet,
    newVaultId: r.new_vault_id,
    identityAddress: r.identity_address,
    holdings: r.holdings,
    idempotencyKey: r.idempotency_key,
    createdBy: r.created_by,
    createdAt: r.created_at.toISOString(),
    completedAt: r.completed_at?.toISOString() ?? null,
  }
}

/** A recovery with its token actions and its workflow's position. */
export async function recoveryView(ctx: Db, r: RecoveryRow) {
  const [actions, wf] = await Promise.all([
    actionsOfRecovery(ctx, r.id),
    findWorkflow(ctx, recoveryWorkflowId(r.id)),
  ])
  return {
    ...serializeRecoveryRow(r),
    actions: actions.map(serializeAction),
    workflow: wf ? { status: wf.status, step: wf.step, waitingFor: wf.waiting_on, lastError: wf.last_error } : null,
  }
}

export async function getRecovery(ctx: Db, id: string) {
  return recoveryView(ctx, await getRecoveryRow(ctx, id))
}

export async function listRecoveries(ctx: Db, investorId: string) {
  const rows = await ctx.db.selectFrom('wallet_recoveries').selectAll().where('investor_id', '=', investorId).orderBy('created_at', 'desc').execute()
  return { items: await Promise.all(rows.map((r) => recoveryView(ctx, r))) }
}
