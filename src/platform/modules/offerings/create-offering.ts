import { createHash, randomUUID } from 'node:crypto'
import { getAddress } from 'viem'
import { ConflictError } from '../../../shared/errors.ts'
import type { PlatformContext } from '../../context.ts'
import { recordChange } from '../../record-change.ts'
import { requireDeployments } from '../../chain/require-deployments.ts'
import { allocationOf } from './allocation.ts'
import { OfferingTermsError } from './errors.ts'
import type { OfferingRow } from './record-transition.ts'
import { PAYMENT_METHODS, type PaymentMethod } from './tables.ts'
import { hashRequest, tokenAddressOf } from '../tokens/public.ts'
import { normaliseCountryCode } from '../kyc/public.ts'
import { getTokenRow } from '../tokens/read-tokens.ts'

/** Purpose of the custody vault that receives an offering's payments and pays its refunds. */
export const OFFERING_TREASURY_PURPOSE = 'offering-treasury'

export interface CreateOfferingInput {
  tokenId: string
  /** Price of one whole token (10^decimals base units), in stablecoin base units. */
  pricePerToken: string
  minInvestment: string
  maxInvestment: string
  hardCap: string
  softCap?: string
  opensAt: string
  closesAt: string
  /** ISO 3166-1 alpha-2. */
  eligibleCountries: string[]
  accreditationRequired: boolean
  lockupDays?: number
  paymentMethods?: PaymentMethod[]
  /** Makes creation idempotent: the same key with the same terms returns the first offering; with other terms, 409. */
  idempotencyKey?: string
}

function amount(field: string, value: string): bigint {
  if (!/^[0-9]{1,78}$/.test(value)) throw new OfferingTermsError(field, 'must be a positive integer of stablecoin base units, as a decimal string')
  const n = BigInt(value)
  if (n <= 0n) throw new OfferingTermsError(field, 'must be greater than zero')
  return n
}

function date(field: string, value: string): Date {
  const d = new Date(value)
  if (Number.isNaN(d.getTime())) throw new OfferingTermsError(field, `${JSON.stringify(value)} is not an ISO 8601 date-time`)
  return d
}

/** The terms, checked for coherence and normalised (amounts as bigint, countries upper case, no duplicates). */
function validateTerms(ctx: PlatformContext, input: CreateOfferingInput, tokenDecimals: number, tokenAllowed: string[] | undefined) {
  const price = amount('pricePerToken', input.pricePerToken)
  const min = amount('minInvestment', input.minInvestment)
  const max = amount('maxInvestment', input.maxInvestment)
  const hardCap = amount('hardCap', input.hardCap)
  const softCap = input.softCap === undefined ? null : amount('softCap', input.softCap)
  if (min > max) throw new OfferingTermsError('minInvestment', `${min} is greater than maxInvestment ${max}`)
  if (min > hardCap) throw new OfferingTermsError('minInvestment', `${min} is greater than hardCap ${hardCap}: nobody could subscribe`)
  if (softCap !== null && softCap > hardCap) throw new OfferingTermsError('softCap', `${softCap} is greater than hardCap ${hardCap}`)
  if (allocationOf(hardCap, price, tokenDecimals).units === 0n) throw new OfferingTermsError('hardCap', `${hardCap} does not buy a single token base unit at ${price} per token`)

  const opensAt = date('opensAt', input.opensAt)
  const closesAt = date('closesAt', input.closesAt)
  if (opensAt >= closesAt) throw new OfferingTermsError('opensAt', `${opensAt.toISOString()} is not before closesAt ${closesAt.toISOString()}`)
  const now = ctx.clock.now()
  if (closesAt <= now) throw new OfferingTermsError('closesAt', `${closesAt.toISOString()} is already past (now ${now.toISOString()})`)

  if (input.eligibleCountries.length === 0) throw new OfferingTermsError('eligibleCountries', 'list at least one country')
  const countries = [...new Set(input.eligibleCountries.map((c) => {
    const code = normaliseCountryCode(c)
    if (!code) throw new OfferingTermsError('eligibleCountries', `${JSON.stringify(c)} is not an ISO 3166-1 alpha-2 country code`, { country: c })
    return code
  }))]
  // The token's own country module would refuse the mint at close: refuse the terms now instead.
  if (tokenAllowed?.length) {
    const outside = countries.filter((c) => !tokenAllowed.includes(c))
    if (outside.length) throw new OfferingTermsError('eligibleCountries', `${outside.join(', ')} may not hold this token (its compliance allows ${tokenAllowed.join(', ')})`, { countries: outside })
  }

  const lockupDays = input.lockupDays ?? null
  if (lockupDays !== null && (!Number.isInteger(lockupDays) || lockupDays < 0 || lockupDays > 36_500)) throw new OfferingTermsError('lockupDays', 'must be a whole number of days from 0 to 36500')
  const methods = [...new Set(input.paymentMethods ?? PAYMENT_METHODS)]
  if (methods.length === 0) throw new OfferingTermsError('paymentMethods', `list at least one of ${PAYMENT_METHODS.join(', ')}`)
  for (const m of methods) if (!PAYMENT_METHODS.includes(m)) throw new OfferingTermsError('paymentMethods', `${JSON.stringify(m)} is not one of ${PAYMENT_METHODS.join(', ')}`)
  return { price, min, max, hardCap, softCap, opensAt, closesAt, countries, lockupDays: lockupDays || null, methods }
}

/**
 * Records an offering of an ACTIVE token, OPEN for subscriptions between
 * `opensAt` and `closesAt` (business clock). Custody first ensures the
 * offering's treasury vault (hot, purpose `offering-treasury`), which
 * receives stablecoin payments and pays refunds. Custody is asked before the
 * insert, so a recorded offering always has its vault; a crash in between
 * leaves at most an empty, unused vault at custody — and none with an
 * idempotency key: the offering's id is derived from the key, so a retry
 * after a crash finds the same vault.
 */
export async function createOffering(ctx: PlatformContext, input: CreateOfferingInput, actor: string, correlationId?: string): Promise<{ row: OfferingRow; created: boolean }> {
  const { idempotencyKey, ...request } = input
  const hash = hashRequest(request as unknown as Record<string, unknown>)
  const repeat = async () => {
    if (!idempotencyKey) return null
    const existing = await ctx.db.selectFrom('offerings').selectAll().where('idempotency_key', '=', idempotencyKey).executeTakeFirst()
    if (!existing) return null
    if (existing.request_hash !== hash) throw new ConflictError('IDEMPOTENCY_KEY_REUSED', `idempotency key ${idempotencyKey} was used for another offering`, { offeringId: existing.id })
    return { row: existing, created: false }
  }
  const found = await repeat()
  if (found) return found

  const deployments = requireDeployments(ctx)
  const token = await getTokenRow(ctx, input.tokenId)
  tokenAddressOf(token)
  const terms = validateTerms(ctx, input, token.decimals, token.compliance.allowedCountries)

  const id = idempotencyKey ? idFromKey(idempotencyKey) : randomUUID()
  const vault = await ctx.custody.ensureVault({ name: `offering-${id}`, tier: 'hot', purpose: OFFERING_TREASURY_PURPOSE, externalRef: id })
  const now = ctx.clock.now()
  try {
    await ctx.db.transaction().execute(async (tx) => {
      await tx
        .insertInto('offerings')
        .values({
          id,
          token_id: token.id,
          price_per_token: terms.price.toString(),
          min_investment: terms.min.toString(),
          max_investment: terms.max.toString(),
          hard_cap: terms.hardCap.toString(),
          soft_cap: terms.softCap?.toString() ?? null,
          opens_at: terms.opensAt,
          closes_at: terms.closesAt,
          eligible_countries: JSON.stringify(terms.countries),
          accreditation_required: input.accreditationRequired,
          lockup_days: terms.lockupDays,
          payment_methods: JSON.stringify(terms.methods),
          settlement_asset: getAddress(deployments.stablecoin),
          token_decimals: token.decimals,
          treasury_vault_id: vault.id,
          treasury_address: getAddress(vault.address),
          status: 'OPEN',
          idempotency_key: idempotencyKey ?? null,
          request_hash: idempotencyKey ? hash : null,
          created_by: actor,
          created_at: now,
          updated_at: now,
        })
        .execute()
      await recordChange(tx, ctx, {
        at: now,
        actor,
        action: 'offering.created',
        targetType: 'offering',
        targetId: id,
        after: {
          status: 'OPEN',
          tokenId: token.id,
          pricePerToken: terms.price.toString(),
          minInvestment: terms.min.toString(),
          maxInvestment: terms.max.toString(),
          hardCap: terms.hardCap.toString(),
          softCap: terms.softCap?.toString() ?? null,
          opensAt: terms.opensAt.toISOString(),
          closesAt: terms.closesAt.toISOString(),
          eligibleCountries: terms.countries,
          accreditationRequired: input.accreditationRequired,
          lockupDays: terms.lockupDays,
          paymentMethods: terms.methods,
          settlementAsset: getAddress(deployments.stablecoin),
          treasuryVaultId: vault.id,
          treasuryAddress: vault.address,
        },
        correlationId: correlationId ?? null,
        events: [{ type: 'offering.created', resourceType: 'offering', resourceId: id, data: { offeringId: id, tokenId: token.id, opensAt: terms.opensAt.toISOString(), closesAt: terms.closesAt.toISOString() } }],
      })
    })
  } catch (err) {
    // A concurrent request with the same key won the insert: answer as the repeat it is.
    const other = await repeat()
    if (other) return other
    throw err
  }
  ctx.eventsCommitted()
  return { row: await ctx.db.selectFrom('offerings').selectAll().where('id', '=', id).executeTakeFirstOrThrow(), created: true }
}

/** A UUID-shaped id derived from the creator's idempotency key (so a retry names the same treasury vault). */
function idFromKey(key: string): string {
  const h = createHash('sha256').update(`custos:offering:${key}`).digest('hex')
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`
}
