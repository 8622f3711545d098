import { randomUUID } from 'node:crypto'
import { ConflictError, ValidationError } from '../../../shared/errors.ts'
import { CLAIM_TOPICS } from '../../../chain/claim-topics.ts'
import type { PlatformContext } from '../../context.ts'
import { recordChange } from '../../record-change.ts'
import { requireDeployments } from '../../chain/require-deployments.ts'
import { startWorkflow } from '../../engine/start-workflow.ts'
import type { TokenRow } from './token-chain.ts'
import { getTokenRow } from './read-tokens.ts'
import { TOKEN_DEPLOY, deployWorkflowId } from './workflow-kinds.ts'
import { COUNTRY_NUMERIC } from '../kyc/public.ts'

export interface CreateTokenInput {
  name: string
  symbol: string
  decimals: number
  /** Claim topics a holder's identity must carry; default [KYC]. */
  claimTopics?: string[]
  compliance?: { allowedCountries?: string[]; deniedCountries?: string[]; maxBalance?: string; supplyLimit?: string; maxHolders?: string; lockupDays?: number }
}

/**
 * Records a token as DEPLOYING and starts its TOKEN_DEPLOY workflow: the
 * issuer-agent vault (owner and agent of the new suite) asks TREXFactory for
 * it through custody. Warm vault: the deployment waits for a custody approver.
 */
export async function createToken(ctx: PlatformContext, input: CreateTokenInput, actor: string, correlationId?: string): Promise<TokenRow> {
  requireDeployments(ctx)
  const allowed = input.compliance?.allowedCountries?.map((c) => c.toUpperCase())
  for (const c of allowed ?? []) if (COUNTRY_NUMERIC[c] === undefined) throw new ValidationError(`allowedCountries: ${c} is not an ISO 3166-1 alpha-2 code`, { country: c })
  const denied = input.compliance?.deniedCountries?.map((c) => c.toUpperCase())
  for (const c of denied ?? []) if (COUNTRY_NUMERIC[c] === undefined) throw new ValidationError(`deniedCountries: ${c} is not an ISO 3166-1 alpha-2 code`, { country: c })
  const compliance = {
    ...(allowed?.length ? { allowedCountries: allowed } : {}),
    ...(denied?.length ? { deniedCountries: denied } : {}),
    ...(input.compliance?.maxHolders !== undefined ? { maxHolders: BigInt(input.compliance.maxHolders).toString() } : {}),
    ...(input.compliance?.lockupDays ? { lockupDays: input.compliance.lockupDays } : {}),
    ...(input.compliance?.maxBalance !== undefined ? { maxBalance: BigInt(input.compliance.maxBalance).toString() } : {}),
    ...(input.compliance?.supplyLimit !== undefined ? { supplyLimit: BigInt(input.compliance.supplyLimit).toString() } : {}),
  }
  const claimTopics = (input.claimTopics ?? [CLAIM_TOPICS.KYC.toString()]).map((t) => BigInt(t).toString())
  const symbol = input.symbol.toUpperCase()
  const taken = await ctx.db.selectFrom('tokens').select('id').where('symbol', '=', symbol).executeTakeFirst()
  if (taken) throw new ConflictError('TOKEN_SYMBOL_TAKEN', `a token with symbol ${symbol} exists`, { tokenId: taken.id })
  const id = randomUUID()
  const now = ctx.clock.now()
  await ctx.db.transaction().execute(async (tx) => {
    await tx
      .insertInto('tokens')
      .values({
        id,
        name: input.name,
        symbol,
        decimals: input.decimals,
        claim_topics: JSON.stringify(claimTopics),
        compliance: JSON.stringify(compliance),
        salt: `custos:${id}`,
        status: 'DEPLOYING',
        modules: '[]',
        created_by: actor,
        created_at: now,
        updated_at: now,
      })
      .execute()
    await startWorkflow(tx, ctx, { id: deployWorkflowId(id), investorId: `token:${id}`, kind: TOKEN_DEPLOY, step: 'deploy', state: { tokenId: id }, correlationId })
    await recordChange(tx, ctx, { at: now, actor, action: 'token.created', targetType: 'token', targetId: id, after: { name: input.name, symbol, decimals: input.decimals, claimTopics, compliance }, correlationId: correlationId ?? null })
  })
  ctx.eventsCommitted()
  ctx.wake()
  return getTokenRow(ctx, id)
}
