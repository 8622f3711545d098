import { getAddress, zeroAddress, type Address } from 'viem'
import { countryAllowModuleAbi, identityRegistryAbi, maxBalanceModuleAbi, modularComplianceAbi, tokenAbi } from '../../../chain/generated/abis.ts'
import { CustosError } from '../../../shared/errors.ts'
import type { PlatformContext } from '../../context.ts'
import { requireDeployments } from '../../chain/require-deployments.ts'
import { investorStatuses } from '../investors/read-investors.ts'
import type { TokenRow } from '../tokens/read-tokens.ts'
import { restriction } from '../tokens/public.ts'
import { complianceRefusal } from '../tokens/public.ts'

/** The most items one batch may hold. */
export const MAX_BATCH_ITEMS = 5000

/** Items listed in a refusal (the count says how many there were). */
const LISTED_PROBLEMS = 100
/** Items whose chain state is read at once. */
const READ_GROUP = 25

export interface BatchMintItemInput {
  investorId: string
  /** Base units, as a decimal string. */
  quantity: string
}

/** An item that passed every check, with what the plan needs. */
export interface ValidItem {
  index: number
  investorId: string
  wallet: Address
  quantity: bigint
  /** The wallet holds none of the token now. */
  firstTime: boolean
}

export type ItemRefusal =
  | 'QUANTITY_INVALID'
  | 'DUPLICATE_INVESTOR'
  | 'INVESTOR_NOT_FOUND'
  | 'INVESTOR_NOT_ACTIVE'
  | 'RECEIVER_NOT_VERIFIED'
  | 'COUNTRY_NOT_ALLOWED'
  | 'MAX_BALANCE_EXCEEDED'
  | 'COMPLIANCE_REFUSED'

export interface ItemProblem {
  itemIndex: number
  investorId: string
  reason: ItemRefusal
  message: string
  /** The ERC-1404-style code, when the token's rules refuse the item. */
  restrictionCode?: number
}

/**
 * One or more items cannot be minted, so the whole batch is refused. The
 * problem names the first item (`itemIndex`, `investorId`, `reason`) and lists
 * up to 100 (`problems`, with `problemCount`).
 */
export class BatchMintItemRefusedError extends CustosError {
  override readonly name = 'BatchMintItemRefusedError'
  constructor(problems: ItemProblem[]) {
    const [first] = problems
    super('BATCH_MINT_ITEM_REFUSED', `item ${first!.itemIndex}: ${first!.message}${problems.length > 1 ? ` (and ${problems.length - 1} more)` : ''}; nothing was recorded`, {
      status: 422,
      details: { itemIndex: first!.itemIndex, investorId: first!.investorId, reason: first!.reason, problemCount: problems.length, problems: problems.slice(0, LISTED_PROBLEMS) },
    })
  }
}

/** The batch's total would take the token's supply over its limit. */
export class BatchSupplyLimitError extends CustosError {
  override readonly name = 'BatchSupplyLimitError'
  constructor(supply: bigint, total: bigint, limit: bigint) {
    const r = restriction('SUPPLY_LIMIT_EXCEEDED', `${supply} + ${total} > ${limit}`)
    super('BATCH_MINT_SUPPLY_LIMIT_EXCEEDED', r.message, { status: 422, details: { restrictionCode: r.code, restriction: r.name, totalSupply: supply.toString(), batchTotal: total.toString(), supplyLimit: limit.toString() } })
  }
}

const refuse = (problems: ItemProblem[]) => {
  if (problems.length > 0) throw new BatchMintItemRefusedError(problems.sort((a, b) => a.itemIndex - b.itemIndex))
}

/**
 * Checks every item of a batch as a single mint would be checked, and the
 * batch as a whole, before anything is recorded: quantities are positive
 * integers; an investor appears once (a duplicate is refused, not merged);
 * every investor exists, is ACTIVE with a wallet, is verified in the
 * token's identity registry and passes the token's compliance for its
 * quantity (`canTransfer(0x0, wallet, quantity)`); the total stays within
 * the token's supply limit. Every failing item is reported, in order.
 */
export async function validateBatchItems(ctx: PlatformContext, token: TokenRow, items: readonly BatchMintItemInput[]): Promise<{ items: ValidItem[]; total: bigint }> {
  if (items.length === 0 || items.length > MAX_BATCH_ITEMS) {
    throw new CustosError('BATCH_MINT_SIZE', `a batch holds 1 to ${MAX_BATCH_ITEMS} items, not ${items.length}`, { status: 400, details: { maxItems: MAX_BATCH_ITEMS } })
  }
  const problems: ItemProblem[] = []
  const quantities: bigint[] = []
  const firstIndex = new Map<string, number>()
  items.forEach((item, itemIndex) => {
    const q = /^[0-9]{1,78}$/.test(item.quantity) ? BigInt(item.quantity) : 0n
    quantities.push(q)
    if (q <= 0n) problems.push({ itemIndex, investorId: item.investorId, reason: 'QUANTITY_INVALID', message: `quantity ${JSON.stringify(item.quantity)} is not a positive integer of base units` })
    const seen = firstIndex.get(item.investorId)
    if (seen !== undefined) problems.push({ itemIndex, investorId: item.investorId, reason: 'DUPLICATE_INVESTOR', message: `investor ${item.investorId} is already item ${seen}: give one item per investor with the summed quantity` })
    else firstIndex.set(item.investorId, itemIndex)
  })
  refuse(problems)

  const ids = [...firstIndex.keys()]
  const investors = await investorStatuses(ctx, ids)
  const wallets: Address[] = []
  items.forEach((item, itemIndex) => {
    const inv = investors.get(item.investorId)
    if (!inv) problems.push({ itemIndex, investorId: item.investorId, reason: 'INVESTOR_NOT_FOUND', message: `investor ${item.investorId} does not exist` })
    else if (inv.status !== 'ACTIVE' || !inv.wallet_address) {
      problems.push({ itemIndex, investorId: item.investorId, reason: 'INVESTOR_NOT_ACTIVE', message: `investor ${item.investorId} is ${inv.status}: only ACTIVE (onboarded, verified) investors receive tokens` })
    } else wallets[itemIndex] = getAddress(inv.wallet_address)
  })
  refuse(problems)

  const client = ctx.chain.publicClient
  const address = getAddress(token.token_address!)
  const total = quantities.reduce((a, b) => a + b, 0n)
  // CustosSupplyLimitModule reads a limit of 0 as no limit at all.
  if (token.compliance.supplyLimit !== undefined && BigInt(token.compliance.supplyLimit) > 0n) {
    const supply = await client.readContract({ address, abi: tokenAbi, functionName: 'totalSupply' })
    const limit = BigInt(token.compliance.supplyLimit)
    if (supply + total > limit) throw new BatchSupplyLimitError(supply, total, limit)
  }

  const registry = getAddress(token.identity_registry!)
  const compliance = getAddress(token.compliance_address!)
  const out: ValidItem[] = []
  for (let start = 0; start < items.length; start += READ_GROUP) {
    const group = items.slice(start, start + READ_GROUP).map((item, j) => ({ item, index: start + j }))
    const reads = await Promise.all(
      group.map(({ index }) =>
        Promise.all([
          client.readContract({ address: registry, abi: identityRegistryAbi, functionName: 'isVerified', args: [wallets[index]!] }),
          client.readContract({ address: compliance, abi: modularComplianceAbi, functionName: 'canTransfer', args: [zeroAddress, wallets[index]!, quantities[index]!] }),
          client.readContract({ address, abi: tokenAbi, functionName: 'balanceOf', args: [wallets[index]!] }),
        ]),
      ),
    )
    for (let j = 0; j < group.length; j++) {
      const { item, index } = group[j]!
      const [verified, allowed, balance] = reads[j]!
      const wallet = wallets[index]!
      if (!verified) problems.push({ itemIndex: index, investorId: item.investorId, ...fromRestriction('RECEIVER_NOT_VERIFIED', `${wallet} is not verified in the token's identity registry`) })
      else if (!allowed) problems.push({ itemIndex: index, investorId: item.investorId, ...(await explainRefusal(ctx, token, wallet, quantities[index]!)) })
      else out.push({ index, investorId: item.investorId, wallet, quantity: quantities[index]!, firstTime: balance === 0n })
    }
  }
  refuse(problems)
  return { items: out, total }
}

function fromRestriction(name: 'RECEIVER_NOT_VERIFIED' | 'COUNTRY_NOT_ALLOWED' | 'MAX_BALANCE_EXCEEDED' | 'COMPLIANCE_REFUSED', detail?: string) {
  const r = restriction(name, detail)
  return { reason: name, message: r.message, restrictionCode: r.code }
}

/** Why compliance refuses minting `quantity` to `wallet`, as an item problem. */
async function explainRefusal(ctx: PlatformContext, token: TokenRow, wallet: Address, quantity: bigint) {
  const r = await complianceRefusal(ctx, token, wallet, quantity)
  return { reason: r.name as ItemRefusal, message: r.message, restrictionCode: r.code }
}
