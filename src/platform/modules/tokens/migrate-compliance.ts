import { ConflictError, CustosError } from '../../../shared/errors.ts'
import type { PlatformContext } from '../../context.ts'
import { requireDeployments } from '../../chain/require-deployments.ts'
import { createOperation } from './create-operation.ts'
import { isOnOurModules } from './migration-plan.ts'
import { findOperationByKey } from './read-operations.ts'
import { getTokenRow } from './read-tokens.ts'
import { readTokenState, tokenAddressOf } from './token-chain.ts'

/**
 * Asks for a token's move onto the Custos compliance modules (decision 0109):
 * a MIGRATE_COMPLIANCE operation whose TOKEN_OPERATION workflow sends one custody
 * transaction per step from the issuer-agent vault (the compliance's owner),
 * each approved at custody. The token must be paused, so no balance moves
 * between the seeding of the holders and the binding of the modules that
 * count them. The same idempotency key answers the first operation, even once
 * the token is migrated.
 */
export async function requestComplianceMigration(ctx: PlatformContext, tokenId: string, idempotencyKey: string, actor: string, correlationId?: string) {
  const token = await getTokenRow(ctx, tokenId)
  const operation = { tokenId, kind: 'MIGRATE_COMPLIANCE' as const, request: { tokenId, kind: 'MIGRATE_COMPLIANCE' }, idempotencyKey, externalTxId: (opId: string) => `tok:${tokenId}:migrate:${opId}` }
  if (await findOperationByKey(ctx, 'MIGRATE_COMPLIANCE', idempotencyKey)) return createOperation(ctx, operation, actor, correlationId)
  tokenAddressOf(token)
  const d = requireDeployments(ctx)
  if (!d.modules?.lockup) throw new CustosError('COMPLIANCE_MODULES_MISSING', 'the Custos compliance modules are not deployed on this chain: run custos deploy first', { status: 503, retryable: true })
  const state = await readTokenState(ctx, token)
  if (isOnOurModules(state.modules, d.modules)) {
    throw new ConflictError('COMPLIANCE_ALREADY_MIGRATED', `token ${token.symbol} already binds the Custos compliance modules and no other`, { tokenId, modules: state.modules })
  }
  if (!state.paused) {
    throw new ConflictError('TOKEN_NOT_PAUSED', `pause token ${token.symbol} first (POST /v1/tokens/${tokenId}/pause): its holders are seeded into the new modules and no balance may move until they are bound`, { tokenId })
  }
  // Recording it refuses while another operation on the token is unfinished, and a
  // migration under way refuses every later operation but a pause (migration-guard.ts).
  return createOperation(ctx, operation, actor, correlationId)
}

