import { createHash, randomUUID } from 'node:crypto'
import { getAddress } from 'viem'
import { ConflictError } from '../../../shared/errors.ts'
import type { PlatformContext } from '../../context.ts'
import { startWorkflow } from '../../engine/start-workflow.ts'
import { recordChange } from '../../record-change.ts'
import { getInvestorRow } from '../investors/read-investors.ts'
import { WalletRecoveryRefusedError } from './errors.ts'
import { findRecoveryByKey, getRecoveryRow, pendingRecoveryOf, serializeRecoveryRow, type RecoveryRow } from './read-recoveries.ts'
import { WALLET_RECOVERY, recoveryWorkflowId } from './workflow-kinds.ts'

export interface WalletRecoveryParameters {
  investorId: string
  reason: string
  idempotencyKey: string
}

/**
 * Starts recovering an investor who lost access to its wallet: records the
 * recovery and its WALLET_RECOVERY workflow (see recovery-workflow.ts) in one
 * transaction, audited with `wallet_recovery.requested`. The same key and
 * body return the first recovery; another body is a 409; a second recovery
 * while one runs is a 409.
 *
 * @example
 * const { recovery } = await startWalletRecovery(ctx, { investorId, reason: 'lost device, ticket 4711', idempotencyKey: 'rec-4711' }, 'apikey:k1')
 */
export async function startWalletRecovery(ctx: PlatformContext, p: WalletRecoveryParameters, actor: string, correlationId?: string): Promise<{ recovery: RecoveryRow; created: boolean }> {
  const hash = createHash('sha256').update(JSON.stringify([p.investorId, p.reason])).digest('hex')
  const existing = await findRecoveryByKey(ctx, p.idempotencyKey)
  if (existing) return { recovery: sameOrConflict(existing, hash), created: false }
  const investor = await getInvestorRow(ctx, p.investorId)
  if (investor.status !== 'ACTIVE' || !investor.wallet_address || !investor.identity_address) {
    throw new WalletRecoveryRefusedError('INVESTOR_NOT_ACTIVE', { investorId: investor.id, status: investor.status })
  }
  const running = await pendingRecoveryOf(ctx, investor.id)
  if (running) throw new WalletRecoveryRefusedError('IN_PROGRESS', { recoveryId: running.id })
  const id = randomUUID()
  const now = ctx.clock.now()
  try {
    await ctx.db.transaction().execute(async (tx) => {
      const row = await tx
        .insertInto('wallet_recoveries')
        .values({
          id,
          investor_id: investor.id,
          reason: p.reason,
          old_vault_id: investor.vault_id,
          old_wallet: getAddress(investor.wallet_address!),
          identity_address: getAddress(investor.identity_address!),
          status: 'PENDING',
          idempotency_key: p.idempotencyKey,
          request_hash: hash,
          created_by: actor,
          created_at: now,
          updated_at: now,
        })
        .returningAll()
        .executeTakeFirstOrThrow()
      await startWorkflow(tx, ctx, { id: recoveryWorkflowId(id), investorId: investor.id, kind: WALLET_RECOVERY, step: 'vault', state: { recoveryId: id }, correlationId })
      await recordChange(tx, ctx, {
        at: now,
        actor,
        action: 'investor.wallet_recovery_requested',
        targetType: 'investor',
        targetId: investor.id,
        before: { vaultId: investor.vault_id, walletAddress: investor.wallet_address },
        after: { recoveryId: id, reason: p.reason },
        correlationId: correlationId ?? null,
        events: [{ type: 'wallet_recovery.requested', resourceType: 'wallet_recovery', resourceId: id, data: serializeRecoveryRow(row) }],
      })
    })
  } catch (err) {
    const again = await findRecoveryByKey(ctx, p.idempotencyKey)
    if (again) return { recovery: sameOrConflict(again, hash), created: false }
    throw err
  }
  ctx.eventsCommitted()
  ctx.wake()
  return { recovery: await getRecoveryRow(ctx, id), created: true }
}

function sameOrConflict(existing: RecoveryRow, hash: string): RecoveryRow {
  if (existing.request_hash === hash) return existing
  throw new ConflictError('IDEMPOTENCY_KEY_REUSED', `idempotency key ${existing.idempotency_key} was used for another request`, { recoveryId: existing.id })
}
