import { getAddress, isAddressEqual } from 'viem'
import type { Kysely } from 'kysely'
import type { PlatformContext } from '../../context.ts'
import type { PlatformDB } from '../../db/schema.ts'
import { getInvestorRow } from '../investors/read-investors.ts'
import { createOperation, tokenAddressOf } from '../tokens/public.ts'
import type { OperationRow } from '../tokens/read-operations.ts'
import { getTokenRow } from '../tokens/read-tokens.ts'
import { InvestorNotActiveError } from './investor-not-active.ts'

export interface MintLockupInput {
  tokenId: string
  investorId: string
  /** The lock-up of the next mint to the investor's wallet, in seconds. */
  seconds: bigint
  /** The idempotency key of the mint it precedes. */
  idempotencyKey: string
  /** Checked in the transaction that records the lock-up (mintAsset's one-at-a-time rule). */
  guard?: (tx: Kysely<PlatformDB>) => Promise<void>
}

/**
 * Records on-chain that the next mint to an investor is locked for `seconds`
 * (the lock-up module's `setNextMintLockup`, sent by the issuer-agent vault
 * through the token's compliance `callModuleFunction`, externalTxId
 * `mint-lockup:<idempotencyKey>`). Send it, and wait for it to complete,
 * before the mint it is for. The same key returns the same operation. Null
 * when the token does not bind the Custos lock-up module (a token deployed
 * before it): the platform's records alone then hold the lock-up.
 */
export async function requestMintLockup(ctx: PlatformContext, input: MintLockupInput, actor: string, correlationId?: string): Promise<OperationRow | null> {
  const token = await getTokenRow(ctx, input.tokenId)
  tokenAddressOf(token)
  const lockup = ctx.chain.deployments?.modules?.lockup
  if (!lockup || !token.modules.some((m) => isAddressEqual(getAddress(m), getAddress(lockup)))) return null
  const investor = await getInvestorRow(ctx, input.investorId)
  if (!investor.wallet_address) throw new InvestorNotActiveError(investor.id, investor.status)
  const { op } = await createOperation(
    ctx,
    {
      tokenId: input.tokenId,
      kind: 'SET_MINT_LOCKUP',
      request: { tokenId: input.tokenId, investorId: input.investorId, seconds: input.seconds.toString() },
      idempotencyKey: input.idempotencyKey,
      externalTxId: () => `mint-lockup:${input.idempotencyKey}`,
      investorId: investor.id,
      toAddress: investor.wallet_address,
      quantity: input.seconds,
      guard: input.guard,
    },
    actor,
    correlationId,
  )
  return op
}
