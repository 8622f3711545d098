import { getAddress, isAddress, type Address } from 'viem'
import { custosLockupModuleAbi, identityRegistryAbi, modularComplianceAbi, tokenAbi } from '../../../chain/generated/abis.ts'
import { ValidationError } from '../../../shared/errors.ts'
import type { PlatformContext } from '../../context.ts'
import { requireDeployments } from '../../chain/require-deployments.ts'
import { lockedQuantity } from '../offerings/read-lockups.ts'
import { getInvestorRow, type InvestorRow } from '../investors/read-investors.ts'
import { getTokenRow } from '../tokens/read-tokens.ts'
import { formatAmount, restriction, type Restriction, type RestrictionName, tokenAddressOf } from '../tokens/public.ts'
import { pendingTransferQuantity } from '../tokens/read-operations.ts'
import { complianceRefusal } from '../tokens/public.ts'
import { parseQuantity } from '../tokens/public.ts'

export interface TransferCheckInput {
  tokenId: string
  fromInvestorId: string
  toInvestorId?: string
  toAddress?: string
  quantity: string
}

export interface TransferCheck extends Restriction {
  from: Address | null
  to: Address | null
  quantity: string
}

/**
 * What the token's Custos lock-up module holds locked for `wallet` (its lots,
 * released by chain time), when the token binds it; null when nothing is locked.
 */
async function onChainLockup(ctx: PlatformContext, compliance: Address, wallet: Address): Promise<{ locked: bigint; until: Date } | null> {
  const d = requireDeployments(ctx)
  const client = ctx.chain.publicClient
  if (!d.modules?.lockup) return null
  const bound = await client.readContract({ address: d.modules.lockup, abi: custosLockupModuleAbi, functionName: 'isComplianceBound', args: [compliance] })
  if (!bound) return null
  const lots = await client.readContract({ address: d.modules.lockup, abi: custosLockupModuleAbi, functionName: 'lotsOf', args: [compliance, wallet] })
  if (lots.length === 0) return null
  const locked = lots.reduce((sum, l) => sum + l.amount, 0n)
  const until = lots.reduce((max, l) => (l.releaseTime > max ? l.releaseTime : max), 0n)
  return { locked, until: new Date(Number(until) * 1000) }
}

/** The sender's and receiver's wallets, resolved from the platform's records (or the given address). */
export async function resolveParties(ctx: PlatformContext, input: TransferCheckInput): Promise<{ sender: InvestorRow; receiver: InvestorRow | null; to: Address | null }> {
  if (!input.toInvestorId === !input.toAddress) throw new ValidationError('give exactly one of toInvestorId and toAddress', { field: 'toInvestorId' })
  if (input.toAddress && !isAddress(input.toAddress, { strict: false })) throw new ValidationError('toAddress is not an address', { field: 'toAddress' })
  const sender = await getInvestorRow(ctx, input.fromInvestorId)
  const receiver = input.toInvestorId ? await getInvestorRow(ctx, input.toInvestorId) : null
  const to = receiver ? (receiver.wallet_address ? getAddress(receiver.wallet_address) : null) : getAddress(input.toAddress!)
  return { sender, receiver, to }
}

/**
 * Whether a transfer may go, and if not the first reason why, from the
 * platform's records (investor status) and chain reads in the order the
 * token checks them (paused, frozen, unfrozen balance, receiver verified,
 * compliance modules). The platform is stricter than the token on two
 * points: the sender must be an ACTIVE, verified investor too (the token
 * itself only verifies the receiver), and tokens an offering allocated
 * under a lock-up stay put until it ends (checked after the unfrozen
 * balance, before the receiver's verification and the compliance modules).
 * The lots the token's Custos lock-up module records on-chain are read the
 * same way (what the chain itself enforces, by chain time), besides the
 * offering records: the first that locks the quantity answers.
 */
export async function checkTransfer(ctx: PlatformContext, input: TransferCheckInput): Promise<TransferCheck> {
  const quantity = parseQuantity(input.quantity)
  const token = await getTokenRow(ctx, input.tokenId)
  const address = tokenAddressOf(token)
  const { sender, receiver, to } = await resolveParties(ctx, input)
  const from = sender.wallet_address ? getAddress(sender.wallet_address) : null
  const out = (r: Restriction): TransferCheck => ({ ...r, from, to, quantity: quantity.toString() })

  const client = ctx.chain.publicClient
  const registry = getAddress(token.identity_registry!)
  const compliance = getAddress(token.compliance_address!)
  const read = <T>(p: Promise<T>) => p

  if (await read(client.readContract({ address, abi: tokenAbi, functionName: 'paused' }))) return out(restriction('TOKEN_PAUSED'))

  const senderRefusal = statusRestriction(sender, 'SENDER')
  if (senderRefusal) return out(senderRefusal)
  if (!from) return out(restriction('SENDER_NOT_VERIFIED', `investor ${sender.id} has no wallet`))
  if (!(await client.readContract({ address: registry, abi: identityRegistryAbi, functionName: 'isVerified', args: [from] }))) {
    return out(restriction('SENDER_NOT_VERIFIED', `${from} is not verified on-chain`))
  }

  const receiverRefusal = receiver ? statusRestriction(receiver, 'RECEIVER') : null
  if (receiverRefusal) return out(receiverRefusal)
  if (receiver && !to) return out(restriction('RECEIVER_NOT_VERIFIED', `investor ${receiver.id} has no wallet`))
  if (!to) return out(restriction('RECEIVER_NOT_VERIFIED'))

  const [fromFrozen, toFrozen, balance, frozenTokens] = await Promise.all([
    client.readContract({ address, abi: tokenAbi, functionName: 'isFrozen', args: [from] }),
    client.readContract({ address, abi: tokenAbi, functionName: 'isFrozen', args: [to] }),
    client.readContract({ address, abi: tokenAbi, functionName: 'balanceOf', args: [from] }),
    client.readContract({ address, abi: tokenAbi, functionName: 'getFrozenTokens', args: [from] }),
  ])
  if (fromFrozen) return out(restriction('SENDER_FROZEN', `${from} is frozen on ${token.symbol}`))
  if (toFrozen) return out(restriction('RECEIVER_FROZEN', `${to} is frozen on ${token.symbol}`))
  const fmt = (x: bigint) => formatAmount(x, token.decimals, token.symbol)
  // What the sender's own transfers, asked and not yet mined, will take: never promised twice.
  const pending = await pendingTransferQuantity(ctx, token.id, sender.id)
  const committed = pending > 0n ? `, ${fmt(pending)} committed to its pending transfers` : ''
  const free = (x: bigint) => fmt(x > pending ? x - pending : 0n)
  if (balance - frozenTokens - pending < quantity) return out(restriction('INSUFFICIENT_UNFROZEN_BALANCE', `holds ${fmt(balance)}, ${fmt(frozenTokens)} frozen${committed}: ${free(balance - frozenTokens)} free for ${fmt(quantity)}`))
  const lockup = await lockedQuantity(ctx, { tokenId: token.id, investorId: sender.id, at: ctx.clock.now() })
  if (balance - lockup.locked - pending < quantity) {
    return out(restriction('LOCKUP_NOT_OVER', `${fmt(lockup.locked)} of ${fmt(balance)} locked ${lockup.until ? `until ${lockup.until.toISOString()}` : 'until the offering closes and its lock-up ends'}${committed}: ${free(balance - lockup.locked)} may move, asked ${fmt(quantity)}`))
  }
  const onChain = await onChainLockup(ctx, compliance, from)
  if (onChain && balance - frozenTokens - onChain.locked - pending < quantity) {
    return out(restriction('LOCKUP_NOT_OVER', `${fmt(onChain.locked)} of ${fmt(balance)} locked on-chain until ${onChain.until.toISOString()}${committed}: ${free(balance - frozenTokens - onChain.locked)} may move, asked ${fmt(quantity)}`))
  }

  if (!(await client.readContract({ address: registry, abi: identityRegistryAbi, functionName: 'isVerified', args: [to] }))) {
    return out(restriction('RECEIVER_NOT_VERIFIED', `${to} is not verified in the token's identity registry`))
  }
  if (await client.readContract({ address: compliance, abi: modularComplianceAbi, functionName: 'canTransfer', args: [from, to, quantity] })) return out(restriction('SUCCESS'))

  // Compliance refuses: name the module that does, when it is one we configure.
  return out(await complianceRefusal(ctx, token, to, quantity, from))
}

/**
 * Why an investor's status stops a transfer, named as custody names the hold the platform
 * placed for it: KYC or accreditation expired (4/5, 15/16), suspended — a sanctions match
 * or an escalated rescreening — (on hold, 17/18), or not (yet) an active investor (2/3).
 */
function statusRestriction(investor: InvestorRow, side: 'SENDER' | 'RECEIVER'): Restriction | null {
  if (investor.status === 'ACTIVE') return null
  const name = (rule: string) => `${side}_${rule}` as RestrictionName
  const why = `investor ${investor.id} is ${investor.status}${investor.status_reason ? ` (${investor.status_reason})` : ''}`
  if (investor.status === 'EXPIRED') return restriction(name(investor.status_code === 'ACCREDITATION_EXPIRED' ? 'ACCREDITATION_EXPIRED' : 'KYC_EXPIRED'), why)
  if (investor.status === 'SUSPENDED') return restriction(name('ON_HOLD'), why)
  return restriction(name('NOT_VERIFIED'), why)
}
