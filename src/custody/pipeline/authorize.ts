import type { CustodyContext } from '../context.ts'
import type { TransactionRow } from '../transactions/serialize.ts'

export interface AuthorizationDecision {
  action: 'ALLOW' | 'BLOCK' | 'REQUIRE_APPROVAL'
  reason: string
  ruleId: string | null
  approval?: { group: string; quorum: number }
}

/**
 * The policy step: decides whether a submitted transaction may be signed.
 * Until the Transaction Authorization Policy is wired in, hot vaults are
 * allowed, warm vaults always wait for approval and cold vaults are never
 * signed online (they wait for the offline flow).
 */
export async function authorizeTransaction(ctx: CustodyContext, t: TransactionRow): Promise<AuthorizationDecision> {
  if (t.kind === 'GAS_TOPUP') return { action: 'ALLOW', reason: 'gas station top-up of an internal vault', ruleId: 'system:gas-station' }
  const vault = await ctx.db.selectFrom('vaults').select(['tier']).where('id', '=', t.source_vault_id).executeTakeFirstOrThrow()
  if (vault.tier === 'hot') return { action: 'ALLOW', reason: 'hot vault', ruleId: 'default:hot' }
  if (vault.tier === 'warm') return { action: 'REQUIRE_APPROVAL', reason: 'warm vaults always need approval', ruleId: 'default:warm', approval: { group: 'approvers', quorum: 1 } }
  return { action: 'REQUIRE_APPROVAL', reason: 'cold vaults are signed offline', ruleId: 'default:cold', approval: { group: 'approvers', quorum: 1 } }
}
