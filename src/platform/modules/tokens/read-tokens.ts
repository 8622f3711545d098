import type { PlatformContext } from '../../context.ts'
import { deployTransaction, getTokenRow } from './create-token.ts'
import { readTokenState, type TokenRow } from './token-chain.ts'

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
