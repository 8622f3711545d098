import { NotFoundError } from '../../../shared/errors.ts'
import type { PlatformContext } from '../../context.ts'
import { knownTransaction } from '../custody/read-custody-transactions.ts'
import { deployExternalTxId } from './deploy-workflow.ts'
import { readTokenState, type TokenRow } from './token-chain.ts'

type Db = Pick<PlatformContext, 'db'>

export async function getTokenRow(ctx: Db, id: string): Promise<TokenRow> {
  const row = await ctx.db.selectFrom('tokens').selectAll().where('id', '=', id).executeTakeFirst()
  if (!row) throw new NotFoundError('token', id)
  return row
}

/** The custody transaction of a token's deployment, as the platform last heard of it (null before it was asked for). */
export async function deployTransaction(ctx: Db, tokenId: string) {
  return knownTransaction(ctx, deployExternalTxId(tokenId))
}

/** A token as the API shows it; `chain` (paused, supply, modules bound) is read from the chain for an ACTIVE token. */
export async function tokenView(ctx: PlatformContext, token: TokenRow) {
  const chain = token.status === 'ACTIVE' ? await readTokenState(ctx, token) : null
  return {
    id: token.id,
    name: token.name,
    symbol: token.symbol,
    decimals: token.decimals,
    claimTopics: token.claim_topics,
    compliance: token.compliance,
    status: token.status,
    statusReason: token.status_reason,
    addresses: {
      token: token.token_address,
      identityRegistry: token.identity_registry,
      identityRegistryStorage: token.identity_registry_storage,
      compliance: token.compliance_address,
      trustedIssuersRegistry: token.trusted_issuers_registry,
      claimTopicsRegistry: token.claim_topics_registry,
      transferRestrictions: ctx.chain.deployments?.transferRestrictions ?? null,
    },
    modules: chain ? chain.modules : token.modules,
    paused: chain ? chain.paused : null,
    totalSupply: chain ? chain.totalSupply.toString() : null,
    deployment: await deployTransaction(ctx, token.id),
    deployBlock: token.deploy_block === null ? null : token.deploy_block.toString(),
    createdBy: token.created_by,
    createdAt: token.created_at.toISOString(),
    updatedAt: token.updated_at.toISOString(),
  }
}

export async function getToken(ctx: PlatformContext, id: string) {
  return tokenView(ctx, await getTokenRow(ctx, id))
}

export async function listTokens(ctx: PlatformContext) {
  const rows = await ctx.db.selectFrom('tokens').selectAll().orderBy('created_at').orderBy('id').limit(500).execute()
  return { items: await Promise.all(rows.map((r) => tokenView(ctx, r))) }
}

/** Symbol and contract of each token asked for (those that exist). */
export async function tokenSummaries(ctx: Db, ids: readonly string[]): Promise<Array<Pick<TokenRow, 'id' | 'symbol' | 'decimals' | 'token_address'>>> {
  if (ids.length === 0) return []
  return ctx.db.selectFrom('tokens').select(['id', 'symbol', 'decimals', 'token_address']).where('id', 'in', [...ids]).execute()
}

/** Every ACTIVE token's contract and the block it was deployed in (what the indexer follows). */
export async function activeTokenContracts(ctx: Db): Promise<Array<{ id: string; token_address: string; deploy_block: bigint | null }>> {
  const rows = await ctx.db.selectFrom('tokens').select(['id', 'token_address', 'deploy_block']).where('status', '=', 'ACTIVE').where('token_address', 'is not', null).execute()
  return rows.map((t) => ({ id: t.id, token_address: t.token_address!, deploy_block: t.deploy_block }))
}
export type { TokenRow } from './token-chain.ts'
