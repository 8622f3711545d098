import { createHash } from 'node:crypto'
import { erc20Abi, getAddress } from 'viem'
import { ConflictError } from '../../../shared/errors.ts'
import { identityRegistryAbi } from '../../../chain/generated/abis.ts'
import type { PlatformContext } from '../../context.ts'
import { startWorkflow } from '../../engine/start-workflow.ts'
import { recordChange } from '../../record-change.ts'
import { requireDeployments } from '../../chain/require-deployments.ts'
import { hashRequest } from '../tokens/public.ts'
import { getTokenRow } from '../tokens/read-tokens.ts'
import { DISTRIBUTION_VAULT_PURPOSES } from '../distributions/public.ts'
import { OfferRefusedError, offerPrefix } from './errors.ts'
import type { OfferKind, OfferRow, SettlementMode } from './tables.ts'
import { offerWorkflowId } from './workflow-ids.ts'

export interface CreateOfferParameters {
  kind: OfferKind
  pricing?: 'FIXED' | 'NAV'
  /** Asset base units per whole token. */
  pricePerToken: string
  /** Token base units; required for a tender offer. */
  maxQuantity?: string
  opensAt: string
  closesAt: string
  settlement: SettlementMode
  idempotencyKey: string
}

/** The webhook / audit name of an offer event: `tender_offer.<what>` or `redemption.<what>`. */
export const offerEvent = (kind: OfferKind, what: string) => (kind === 'TENDER' ? `tender_offer.${what}` : `redemption.${what}`)

/**
 * Opens a tender offer (buyback) or a redemption window of a token, idempotent
 * by key. The payer is the issuer-agent vault: the settlement contract pays
 * from a token agent (`docs/decisions/0074-dvp-settlement-contract.md`).
 */
export async function createOffer(ctx: PlatformContext, tokenId: string, input: CreateOfferParameters, actor: string, correlationId?: string): Promise<{ row: OfferRow; created: boolean }> {
  const { idempotencyKey, ...terms } = input
  const hash = hashRequest({ tokenId, ...terms })
  const repeat = async () => {
    const existing = await ctx.db.selectFrom('redemption_offers').selectAll().where('idempotency_key', '=', idempotencyKey).executeTakeFirst()
    if (!existing) return null
    if (existing.request_hash !== hash) throw new ConflictError('IDEMPOTENCY_KEY_REUSED', `idempotency key ${idempotencyKey} was used for another offer`, { offerId: existing.id })
    return { row: existing, created: false }
  }
  const found = await repeat()
  if (found) return found

  const kind = input.kind
  const token = await getTokenRow(ctx, tokenId)
  if (token.status !== 'ACTIVE' || !token.token_address) throw new OfferRefusedError(kind, 'TOKEN_NOT_ACTIVE', 'tokenId', token.status)
  const deployments = requireDeployments(ctx)
  const dvp = deployments.settlement?.dvp
  if (!dvp) throw new OfferRefusedError(kind, 'CONTRACTS_NOT_DEPLOYED', 'settlement')
  const opensAt = new Date(input.opensAt)
  const closesAt = new Date(input.closesAt)
  const now = ctx.clock.now()
  if (closesAt <= opensAt) throw new OfferRefusedError(kind, 'WINDOW_INVALID', 'closesAt', `${closesAt.toISOString()} <= ${opensAt.toISOString()}`)
  if (closesAt <= now) throw new OfferRefusedError(kind, 'CLOSES_IN_PAST', 'closesAt', `now is ${now.toISOString()}`)
  if (kind === 'TENDER' && input.maxQuantity === undefined) throw new OfferRefusedError(kind, 'MAX_QUANTITY_MISSING', 'maxQuantity')

  const { issuerAgent } = await ctx.roles.get()
  let tokensTo: string | null = null
  if (input.settlement === 'TREASURY') {
    const treasury = await ctx.custody.ensureVault({ name: `token-${token.id}-treasury`, tier: 'hot', purpose: DISTRIBUTION_VAULT_PURPOSES.treasury, externalRef: token.id })
    const verified = await ctx.chain.publicClient.readContract({ address: getAddress(token.identity_registry!), abi: identityRegistryAbi, functionName: 'isVerified', args: [getAddress(treasury.address)] })
    if (!verified) throw new OfferRefusedError(kind, 'TREASURY_NOT_VERIFIED', 'settlement', getAddress(treasury.address))
    tokensTo = getAddress(treasury.address)
  }

  const id = idFromKey(idempotencyKey)
  const asset = getAddress(deployments.stablecoin)
  const assetDecimals = await ctx.chain.publicClient.readContract({ address: asset, abi: erc20Abi, functionName: 'decimals' })
  try {
    await ctx.db.transaction().execute(async (tx) => {
      await tx
        .insertInto('redemption_offers')
        .values({
          id,
          token_id: token.id,
          kind,
          pricing: input.pricing ?? 'FIXED',
          asset,
          asset_decimals: assetDecimals,
          token_decimals: token.decimals,
          price_per_token: input.pricePerToken,
          max_quantity: input.maxQuantity ?? null,
          opens_at: opensAt,
          closes_at: closesAt,
          settlement: input.settlement,
          payer_vault_id: issuerAgent.id,
          payer_address: getAddress(issuerAgent.address),
          tokens_to: tokensTo,
          status: 'OPEN',
          status_code: null,
          status_reason: null,
          tendered_total: null,
          allocated_total: null,
          idempotency_key: idempotencyKey,
          request_hash: hash,
          created_by: actor,
          created_at: now,
          updated_at: now,
          settled_at: null,
        })
        .execute()
      await startWorkflow(tx, ctx, { id: offerWorkflowId(id), investorId: `redemption-offer:${id}`, kind: 'REDEMPTION_OFFER', step: 'await_close', state: { offerId: id }, correlationId: correlationId ?? null })
      const data = { offerId: id, tokenId: token.id, kind, pricing: input.pricing ?? 'FIXED', asset, pricePerToken: input.pricePerToken, maxQuantity: input.maxQuantity ?? null, opensAt: opensAt.toISOString(), closesAt: closesAt.toISOString(), settlement: input.settlement, payer: getAddress(issuerAgent.address), tokensTo }
      await recordChange(tx, ctx, {
        at: now,
        actor,
        action: `${offerPrefix(kind).toLowerCase()}.created`,
        targetType: 'redemption_offer',
        targetId: id,
        after: { status: 'OPEN', ...data },
        correlationId: correlationId ?? null,
        events: [{ type: offerEvent(kind, kind === 'TENDER' ? 'created' : 'window_opened'), resourceType: 'redemption_offer', resourceId: id, data }],
      })
    })
  } catch (err) {
    const other = await repeat()
    if (other) return other
    throw err
  }
  ctx.eventsCommitted()
  ctx.wake()
  return { row: await ctx.db.selectFrom('redemption_offers').selectAll().where('id', '=', id).executeTakeFirstOrThrow(), created: true }
}

/** A UUID-shaped id derived from the idempotency key (a retry after a crash names the same offer). */
function idFromKey(key: string): string {
  const h = createHash('sha256').update(`custos:redemption-offer:${key}`).digest('hex')
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`
}
