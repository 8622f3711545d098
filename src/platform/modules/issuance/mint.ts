import { getAddress, zeroAddress } from 'viem'
import { modularComplianceAbi, tokenAbi } from '../../../chain/generated/abis.ts'
import { CustosError } from '../../../shared/errors.ts'
import type { PlatformContext } from '../../context.ts'
import { getInvestorRow } from '../investors/read-investors.ts'
import { findOperationByKey } from '../tokens/read-operations.ts'
import { complianceRefusal, createOperation, formatAmount, parseQuantity, restriction, type Restriction, tokenAddressOf } from '../tokens/public.ts'
import { getTokenRow } from '../tokens/read-tokens.ts'
import { mintLockupSeconds, noLockupInFlight } from './mint-lockup-terms.ts'
import { requestMintLockup } from './mint-lockup.ts'
import { InvestorNotActiveError } from './investor-not-active.ts'

export interface MintInput {
  tokenId: string
  investorId: string
  /** Base units, as a decimal string. */
  quantity: string
  agreementRef: string
  idempotencyKey: string
  /** Locks what this mint issues for so many days from the mint's block (a lot on-chain). */
  lockupDays?: number
  /** Or until this time (ISO 8601, in the future): the lot is released at or after it. */
  lockupUntil?: string
}

/** The token's compliance would refuse the mint (the chain would revert it). */
export class MintRestrictedError extends CustosError {
  override readonly name = 'MintRestrictedError'
  constructor(r: Restriction) {
    super(`MINT_${r.name}`, r.message, { status: 422, details: { restrictionCode: r.code, restriction: r.name } })
  }
}


/**
 * Issues tokens to an ACTIVE investor: the issuer-agent vault sends
 * `mint(wallet, quantity)` through custody (externalTxId `mint:<idempotencyKey>`);
 * the issuance's status follows the custody transaction. The same key with
 * the same body returns the same issuance; with another body, 409.
 */
export async function mintAsset(ctx: PlatformContext, input: MintInput, actor: string, correlationId?: string) {
  // The lock-up joins the request (and its hash) only when asked, so earlier requests keep their hash.
  const request = {
    tokenId: input.tokenId,
    investorId: input.investorId,
    quantity: input.quantity,
    agreementRef: input.agreementRef,
    ...(input.lockupDays !== undefined ? { lockupDays: input.lockupDays } : {}),
    ...(input.lockupUntil !== undefined ? { lockupUntil: input.lockupUntil } : {}),
  }
  const op = {
    tokenId: input.tokenId,
    kind: 'MINT' as const,
    request,
    idempotencyKey: input.idempotencyKey,
    externalTxId: () => `mint:${input.idempotencyKey}`,
  }
  const existing = await findOperationByKey(ctx, 'MINT', input.idempotencyKey)
  if (existing) return createOperation(ctx, op, actor, correlationId)

  const quantity = parseQuantity(input.quantity)
  const lockupSeconds = mintLockupSeconds(input, ctx.clock.now())
  const token = await getTokenRow(ctx, input.tokenId)
  tokenAddressOf(token)
  const investor = await getInvestorRow(ctx, input.investorId)
  if (investor.status !== 'ACTIVE' || !investor.wallet_address) throw new InvestorNotActiveError(investor.id, investor.status)
  // T-REX mints only what compliance accepts from address(0): refuse here with a reason rather than as a revert at custody.
  const wallet = getAddress(investor.wallet_address)
  const client = ctx.chain.publicClient
  if (!(await client.readContract({ address: getAddress(token.compliance_address!), abi: modularComplianceAbi, functionName: 'canTransfer', args: [zeroAddress, wallet, quantity] }))) {
    const limit = token.compliance.supplyLimit
    const supply = await client.readContract({ address: getAddress(token.token_address!), abi: tokenAbi, functionName: 'totalSupply' })
    const fmt = (x: bigint) => formatAmount(x, token.decimals, token.symbol)
    if (limit !== undefined && supply + quantity > BigInt(limit)) throw new MintRestrictedError(restriction('SUPPLY_LIMIT_EXCEEDED', `${fmt(supply)} issued + ${fmt(quantity)} > limit ${fmt(BigInt(limit))}`))
    // The same explanation as a transfer's: a country refusal is COUNTRY_NOT_ALLOWED (9) on a mint too.
    throw new MintRestrictedError(await complianceRefusal(ctx, token, wallet, quantity))
  }
  // One lock-up per investor in flight, checked where the operation is recorded, under the investor's row lock.
  const guard = noLockupInFlight(token.id, investor.id, input.idempotencyKey, lockupSeconds !== null)
  if (lockupSeconds !== null) {
    // Recorded first under the mint's own key; the mint's workflow sends the mint once it completed.
    const lockup = await requestMintLockup(ctx, { tokenId: token.id, investorId: investor.id, seconds: lockupSeconds, idempotencyKey: input.idempotencyKey, guard }, actor, correlationId)
    if (!lockup) throw new CustosError('MINT_LOCKUP_UNAVAILABLE', `${token.symbol} does not bind the Custos lock-up module: a mint's lock-up cannot be recorded on-chain`, { status: 422, details: { tokenId: token.id } })
    // Its lock-up, recorded under the guard, holds the investor's place: the mint follows under the same key.
    return createOperation(ctx, { ...op, investorId: investor.id, toAddress: investor.wallet_address, quantity, agreementRef: input.agreementRef }, actor, correlationId)
  }
  return createOperation(ctx, { ...op, investorId: investor.id, toAddress: investor.wallet_address, quantity, agreementRef: input.agreementRef, guard }, actor, correlationId)
}
