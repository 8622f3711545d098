import { getAddress, zeroAddress } from 'viem'
import { modularComplianceAbi, tokenAbi } from '../../../chain/generated/abis.ts'
import { CustosError } from '../../../shared/errors.ts'
import type { PlatformContext } from '../../context.ts'
import { getInvestorRow } from '../investors/read-investors.ts'
import { findOperationByKey } from '../tokens/read-operations.ts'
import { complianceRefusal, createOperation, formatAmount, parseQuantity, restriction, type Restriction, tokenAddressOf } from '../tokens/public.ts'
import { getTokenRow } from '../tokens/read-tokens.ts'

export interface MintInput {
  tokenId: string
  investorId: string
  /** Base units, as a decimal string. */
  quantity: string
  agreementRef: string
  idempotencyKey: string
}

/** The investor cannot receive an issuance now (not ACTIVE, so not verified on-chain). */
export class InvestorNotActiveError extends CustosError {
  override readonly name = 'InvestorNotActiveError'
  constructor(investorId: string, status: string) {
    super('INVESTOR_NOT_ACTIVE', `investor ${investorId} is ${status}: only ACTIVE (onboarded, verified) investors receive tokens`, { status: 422, details: { investorId, status } })
  }
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
  const request = { tokenId: input.tokenId, investorId: input.investorId, quantity: input.quantity, agreementRef: input.agreementRef }
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
  return createOperation(ctx, { ...op, investorId: investor.id, toAddress: investor.wallet_address, quantity, agreementRef: input.agreementRef }, actor, correlationId)
}
