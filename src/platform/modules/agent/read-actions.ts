import type { Selectable } from 'kysely'
import { NotFoundError } from '../../../shared/errors.ts'
import type { PlatformContext } from '../../context.ts'
import type { AgentActionKind, AgentActionsTable } from './tables.ts'

export type AgentActionRow = Selectable<AgentActionsTable>
type Db = Pick<PlatformContext, 'db'>

export async function getActionRow(ctx: Db, id: string): Promise<AgentActionRow> {
  const row = await ctx.db.selectFrom('agent_actions').selectAll().where('id', '=', id).executeTakeFirst()
  if (!row) throw new NotFoundError('agent action', id)
  return row
}

export async function findActionByKey(ctx: Db, idempotencyKey: string): Promise<AgentActionRow | undefined> {
  return ctx.db.selectFrom('agent_actions').selectAll().where('idempotency_key', '=', idempotencyKey).executeTakeFirst()
}

/** The API shape of an agent action. */
export function serializeAction(r: AgentActionRow) {
  return {
    id: r.id,
    tokenId: r.token_id,
    kind: r.kind,
    investorId: r.investor_id,
    address: r.address,
    toInvestorId: r.to_investor_id,
    toAddress: r.to_address,
    amount: r.amount,
    reason: r.reason,
    recoveryId: r.recovery_id,
    idempotencyKey: r.idempotency_key,
    status: r.status,
    statusCode: r.status_code,
    statusReason: r.status_reason,
    externalTxId: r.external_tx_id,
    custodyTxId: r.custody_tx_id,
    custodyStatus: r.custody_status,
    txHash: r.tx_hash,
    before: r.before_state,
    after: r.after_state,
    createdBy: r.created_by,
    createdAt: r.created_at.toISOString(),
    completedAt: r.completed_at?.toISOString() ?? null,
  }
}
export type AgentActionView = ReturnType<typeof serializeAction>

/** One action of a token (404 when it is another token's, or of another kind when `kind` is given). */
export async function getAgentAction(ctx: Db, tokenId: string, id: string, kind?: AgentActionKind): Promise<AgentActionView> {
  const row = await ctx.db.selectFrom('agent_actions').selectAll().where('id', '=', id).where('token_id', '=', tokenId).executeTakeFirst()
  if (!row || (kind && row.kind !== kind)) throw new NotFoundError('agent action', id)
  return serializeAction(row)
}

/** A token's agent actions, newest first (of one kind when given). */
export async function listAgentActions(ctx: Db, tokenId: string, kind?: AgentActionKind): Promise<{ items: AgentActionView[] }> {
  let q = ctx.db.selectFrom('agent_actions').selectAll().where('token_id', '=', tokenId)
  if (kind) q = q.where('kind', '=', kind)
  const rows = await q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(500).execute()
  return { items: rows.map(serializeAction) }
}

/** The actions a wallet recovery asked for, oldest first. */
export async function actionsOfRecovery(ctx: Db, recoveryId: string): Promise<AgentActionRow[]> {
  return ctx.db.selectFrom('agent_actions').selectAll().where('recovery_id', '=', recoveryId).orderBy('created_at').orderBy('id').execute()
}

/**
 * Transactions the agent's actions on a token asked for: the hashes of those
 * not FAILED, and the externalTxIds of those still in flight (whose hash
 * custody may know before the platform does). Reconciliation counts their
 * movements as instructed.
 */
export async function agentActionTransactions(ctx: Db, tokenId: string): Promise<{ hashes: string[]; inFlight: string[] }> {
  const rows = await ctx.db.selectFrom('agent_actions').select(['status', 'tx_hash', 'external_tx_id']).where('token_id', '=', tokenId).where('status', '<>', 'FAILED').execute()
  return {
    hashes: rows.filter((r) => r.tx_hash).map((r) => r.tx_hash!.toLowerCase()),
    inFlight: rows.filter((r) => r.status === 'PENDING' || r.status === 'SUBMITTED').map((r) => r.external_tx_id),
  }
}
