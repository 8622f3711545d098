import { createHash } from 'node:crypto'
import { erc20Abi, getAddress, isAddress } from 'viem'
import { ConflictError } from '../../../shared/errors.ts'
import type { PlatformContext } from '../../context.ts'
import { startWorkflow } from '../../engine/start-workflow.ts'
import { recordChange } from '../../record-change.ts'
import { requireDeployments } from '../../chain/require-deployments.ts'
import { hashRequest, tokenAddressOf } from '../tokens/public.ts'
import { getTokenRow } from '../tokens/read-tokens.ts'
import { DistributionRefusedError } from './errors.ts'
import type { DistributionKind, DistributionRow, HoldersPolicy } from './tables.ts'
import { distributionWorkflowId } from './workflow-ids.ts'

/** Purposes of the custody vaults of a token's distributions (hot, externalRef = token id). */
export const DISTRIBUTION_VAULT_PURPOSES = {
  /** Holds the issuer's money for distributions and signs the payout chunks. */
  treasury: 'issuer-treasury',
  /** Receives everything withheld, for the issuer to remit to the tax authority. */
  tax: 'tax-withholding',
  /** Keeps the entitlements of holders under the ESCROW policy and of failed payments. */
  escrow: 'distribution-escrow',
} as const

export const DEFAULT_HOLDERS_POLICY: HoldersPolicy = { frozen: 'ESCROW', suspended: 'ESCROW', kycExpired: 'ESCROW' }
/** A stock dividend cannot be escrowed in kind (the escrow vault is no verified holder) nor minted to an investor who is not ACTIVE. */
export const STOCK_DIVIDEND_HOLDERS_POLICY: HoldersPolicy = { frozen: 'EXCLUDE', suspended: 'EXCLUDE', kycExpired: 'EXCLUDE' }

export interface DeclareDistributionInput {
  kind: DistributionKind
  /** The settlement ERC-20 (default: the platform's stablecoin). */
  asset?: string
  /** Asset base units per whole token (10^decimals token base units). */
  amountPerToken?: string
  /** Asset base units shared pro rata over the balances at the record point. */
  totalAmount?: string
  recordDate?: string
  recordBlock?: string
  paymentDate: string
  holdersPolicy?: Partial<HoldersPolicy>
  mode?: 'PUSH' | 'CLAIM'
  claimDeadline?: string
  /** CLAIM only: the platform claims for the custodial holders when the round opens (default true). */
  autoClaim?: boolean
  idempotencyKey: string
}

function positive(field: string, value: string | undefined): bigint | null {
  if (value === undefined) return null
  if (!/^[0-9]{1,78}$/.test(value) || BigInt(value) === 0n) throw new DistributionRefusedError('AMOUNT_NOT_POSITIVE', field, JSON.stringify(value))
  return BigInt(value)
}

/**
 * Declares a distribution of a token: terms checked (each refusal a stable
 * 422 code naming the field: a CLAIM needs a claimDeadline after the payment
 * date; a STOCK_DIVIDEND is paid in the token, minted, never escrowed), the
 * token's treasury, tax and escrow vaults ensured at custody, the row
 * DECLARED and its DISTRIBUTION workflow started (snapshot at the record
 * point → approval → payment date → payout, claim round or mint), with
 * `distribution.created`. The same idempotency key and body return the first
 * distribution (200); another body under the key is 409.
 */
export async function declareDistribution(ctx: PlatformContext, tokenId: string, input: DeclareDistributionInput, actor: string, correlationId?: string): Promise<{ row: DistributionRow; created: boolean }> {
  const { idempotencyKey, ...request } = input
  const hash = hashRequest({ tokenId, ...request } as unknown as Record<string, unknown>)
  const repeat = async () => {
    const existing = await ctx.db.selectFrom('distributions').selectAll().where('idempotency_key', '=', idempotencyKey).executeTakeFirst()
    if (!existing) return null
    if (existing.request_hash !== hash) throw new ConflictError('IDEMPOTENCY_KEY_REUSED', `idempotency key ${idempotencyKey} was used for another distribution`, { distributionId: existing.id })
    return { row: existing, created: false }
  }
  const found = await repeat()
  if (found) return found

  const deployments = requireDeployments(ctx)
  const token = await getTokenRow(ctx, tokenId)
  const tokenAddress = tokenAddressOf(token)
  const mode = input.mode ?? 'PUSH'
  const stock = input.kind === 'STOCK_DIVIDEND'
  if (stock && mode === 'CLAIM') throw new DistributionRefusedError('STOCK_NOT_CLAIMABLE', 'mode')
  if (mode === 'CLAIM' && !deployments.distributions) throw new DistributionRefusedError('CONTRACTS_NOT_DEPLOYED', 'mode')
  if (!stock && !deployments.distributions) throw new DistributionRefusedError('CONTRACTS_NOT_DEPLOYED', 'asset')

  const perToken = positive('amountPerToken', input.amountPerToken)
  const total = positive('totalAmount', input.totalAmount)
  if ((perToken === null) === (total === null)) throw new DistributionRefusedError('AMOUNT_MISSING', perToken === null ? 'amountPerToken' : 'totalAmount')
  if ((input.recordDate === undefined) === (input.recordBlock === undefined)) throw new DistributionRefusedError('RECORD_POINT_MISSING', input.recordDate === undefined ? 'recordDate' : 'recordBlock')
  const recordDate = input.recordDate !== undefined ? new Date(input.recordDate) : null
  const paymentDate = new Date(input.paymentDate)
  const now = ctx.clock.now()
  if (paymentDate.getTime() < now.getTime() - 60_000) throw new DistributionRefusedError('PAYMENT_DATE_PAST', 'paymentDate', `${paymentDate.toISOString()} is before now (${now.toISOString()})`)
  if (recordDate && paymentDate < recordDate) throw new DistributionRefusedError('PAYMENT_BEFORE_RECORD', 'paymentDate', `${paymentDate.toISOString()} < recordDate ${recordDate.toISOString()}`)
  let claimDeadline: Date | null = null
  if (mode === 'PUSH' && input.claimDeadline !== undefined) throw new DistributionRefusedError('CLAIM_DEADLINE_NOT_ALLOWED', 'claimDeadline')
  if (mode === 'CLAIM') {
    if (input.claimDeadline === undefined) throw new DistributionRefusedError('CLAIM_DEADLINE_MISSING', 'claimDeadline')
    claimDeadline = new Date(input.claimDeadline)
    if (claimDeadline <= paymentDate) throw new DistributionRefusedError('CLAIM_DEADLINE_TOO_EARLY', 'claimDeadline', `${claimDeadline.toISOString()} <= paymentDate ${paymentDate.toISOString()}`)
  }
  if (mode !== 'CLAIM' && input.autoClaim !== undefined) throw new DistributionRefusedError('AUTO_CLAIM_NOT_ALLOWED', 'autoClaim')
  const autoClaim = mode === 'CLAIM' ? (input.autoClaim ?? true) : false

  let asset: string
  let assetDecimals: number | null
  if (stock) {
    // A stock dividend's asset is the token: entitlements are in its base units, minted through batch mint.
    if (input.asset !== undefined && (!isAddress(input.asset) || getAddress(input.asset) !== getAddress(tokenAddress))) throw new DistributionRefusedError('STOCK_ASSET_NOT_TOKEN', 'asset', input.asset)
    asset = tokenAddress
    assetDecimals = token.decimals
  } else {
    asset = input.asset ?? deployments.stablecoin
    if (!isAddress(asset)) throw new DistributionRefusedError('ASSET_NOT_ERC20', 'asset', `${JSON.stringify(asset)} is not an address`)
    if (getAddress(asset) === getAddress(tokenAddress)) throw new DistributionRefusedError('ASSET_IS_TOKEN', 'asset')
    assetDecimals = await ctx.chain.publicClient.readContract({ address: getAddress(asset), abi: erc20Abi, functionName: 'decimals' }).catch(() => null)
    if (assetDecimals === null) throw new DistributionRefusedError('ASSET_NOT_ERC20', 'asset', getAddress(asset))
  }
  const policy: HoldersPolicy = { ...(stock ? STOCK_DIVIDEND_HOLDERS_POLICY : DEFAULT_HOLDERS_POLICY), ...input.holdersPolicy }
  if (stock) {
    for (const [field, allowed] of [['frozen', ['PAY', 'EXCLUDE']], ['suspended', ['EXCLUDE']], ['kycExpired', ['EXCLUDE']]] as const) {
      if (!(allowed as readonly string[]).includes(policy[field])) throw new DistributionRefusedError('STOCK_POLICY_NOT_IN_KIND', `holdersPolicy.${field}`, policy[field])
    }
  }

  const id = idFromKey(idempotencyKey)
  const [treasury, tax, escrow] = await Promise.all(
    (['treasury', 'tax', 'escrow'] as const).map((k) => ctx.custody.ensureVault({ name: `token-${token.id}-${k}`, tier: 'hot', purpose: DISTRIBUTION_VAULT_PURPOSES[k], externalRef: token.id })),
  )
  try {
    await ctx.db.transaction().execute(async (tx) => {
      await tx
        .insertInto('distributions')
        .values({
          id,
          token_id: token.id,
          kind: input.kind,
          asset: getAddress(asset),
          asset_decimals: assetDecimals,
          token_decimals: token.decimals,
          amount_per_token: perToken?.toString() ?? null,
          total_amount: total?.toString() ?? null,
          record_date: recordDate,
          record_block: input.recordBlock ?? null,
          payment_date: paymentDate,
          holders_policy: JSON.stringify(policy),
          mode,
          claim_deadline: claimDeadline,
          auto_claim: autoClaim,
          status: 'DECLARED',
          treasury_vault_id: treasury!.id,
          treasury_address: getAddress(treasury!.address),
          tax_vault_address: getAddress(tax!.address),
          escrow_vault_address: getAddress(escrow!.address),
          approvals: JSON.stringify([]),
          idempotency_key: idempotencyKey,
          request_hash: hash,
          created_by: actor,
          created_at: now,
          updated_at: now,
        })
        .execute()
      await startWorkflow(tx, ctx, { id: distributionWorkflowId(id), investorId: `distribution:${id}`, kind: 'DISTRIBUTION', step: 'snapshot', state: { distributionId: id }, correlationId: correlationId ?? null })
      const terms = {
        tokenId: token.id,
        kind: input.kind,
        asset: getAddress(asset),
        amountPerToken: perToken?.toString() ?? null,
        totalAmount: total?.toString() ?? null,
        recordDate: recordDate?.toISOString() ?? null,
        recordBlock: input.recordBlock ?? null,
        paymentDate: paymentDate.toISOString(),
        holdersPolicy: policy,
        mode,
        claimDeadline: claimDeadline?.toISOString() ?? null,
        autoClaim,
      }
      await recordChange(tx, ctx, {
        at: now,
        actor,
        action: 'distribution.created',
        targetType: 'distribution',
        targetId: id,
        after: { status: 'DECLARED', ...terms, treasuryAddress: treasury!.address, taxVaultAddress: tax!.address, escrowVaultAddress: escrow!.address },
        correlationId: correlationId ?? null,
        events: [{ type: 'distribution.created', resourceType: 'distribution', resourceId: id, data: { distributionId: id, ...terms } }],
      })
    })
  } catch (err) {
    const other = await repeat()
    if (other) return other
    throw err
  }
  ctx.eventsCommitted()
  ctx.wake()
  return { row: await ctx.db.selectFrom('distributions').selectAll().where('id', '=', id).executeTakeFirstOrThrow(), created: true }
}

/** A UUID-shaped id derived from the idempotency key (a retry after a crash names the same distribution). */
function idFromKey(key: string): string {
  const h = createHash('sha256').update(`custos:distribution:${key}`).digest('hex')
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`
}
