import { getAddress, parseAbi, zeroAddress, type Address, type Hex } from 'viem'
import { identityRegistryAbi, modularComplianceAbi, tokenAbi } from '../../chain/generated/abis.ts'
import { revertReason } from '../../chain/revert-reason.ts'
import { countryLabel } from '../../shared/compliance/country-numeric.ts'
import { formatAmount, restriction, restrictionOfModule, RESTRICTIONS, type RestrictionName } from '../../shared/compliance/restriction-codes.ts'
import type { CustodyContext } from '../context.ts'
import { activeHoldsOn } from '../holds/read-holds.ts'
import type { HoldRow } from '../holds/schema.ts'
import { lockedBalanceOf, type BoundModule } from './locked-balance.ts'
import { reservedOutgoing, type HolderDemand } from './reservations.ts'
import { isContractRefusal } from './security-token.ts'
import { decodeTokenCall, type TokenMovement } from './token-calls.ts'

/** A refusal custody names outside the shared code table: it cannot check, or the chain itself refuses. */
export type CustodyOnlySubStatus = 'COMPLIANCE_UNKNOWN_METHOD' | 'COMPLIANCE_CHECK_UNAVAILABLE' | 'COMPLIANCE_SIMULATION_REVERTED'

export interface ComplianceFailure {
  /** The shared restriction (docs/compliance-codes.md), or null for a custody-only refusal. */
  restriction: RestrictionName | null
  code: number | null
  subStatus: string
  message: string
}

export type SecurityTokenCheck =
  | { ok: true; blockNumber: bigint; method: string; demands: HolderDemand[] }
  | { ok: false; subStatus: string; code: number | null; reason: string; failures: ComplianceFailure[]; blockNumber: bigint | null; method: string | null }

// The views custody reads from bound modules: the Custos modules (contracts/compliance/) first,
// Tokeny's T-REX modules (getIDBalance, getSupplyLimit) for tokens still bound to them.
const MODULE_ABI = parseAbi([
  'function name() view returns (string)',
  'function moduleCheck(address from, address to, uint256 value, address compliance) view returns (bool)',
  'function identityBalance(address compliance, address identity) view returns (uint256)',
  'function maxBalanceOf(address compliance) view returns (uint256)',
  'function supplyLimitOf(address compliance) view returns (uint256)',
  'function getIDBalance(address compliance, address identity) view returns (uint256)',
  'function getSupplyLimit(address compliance) view returns (uint256)',
  'function holderCount(address compliance) view returns (uint256)',
])

type ModuleRead = <T>(address: Address, abi: readonly unknown[], functionName: string, args?: readonly unknown[]) => Promise<T>

// The first of the module's views that answers (Custos name, then Tokeny's), or null when none does.
async function firstAnswer(read: ModuleRead, module: Address, functionNames: string[], args: readonly unknown[]): Promise<bigint | null> {
  for (const fn of functionNames) {
    const value = await read<bigint>(module, MODULE_ABI, fn, args).catch(() => null)
    if (value !== null) return value
  }
  return null
}
const supplyLimitOf = (read: ModuleRead, module: Address, compliance: Address) => firstAnswer(read, module, ['supplyLimitOf', 'getSupplyLimit'], [compliance])

export interface CheckSecurityTokenCallParameters {
  /** The transaction being checked: its own amounts are never counted as reserved. */
  txId: string
  /** The signing vault's address. */
  sender: string
  token: string
  data: string
  value: bigint
}

const HOLD_SIDE: Record<HoldRow['rule'], { from: RestrictionName; to: RestrictionName }> = {
  ON_HOLD: { from: 'SENDER_ON_HOLD', to: 'RECEIVER_ON_HOLD' },
  KYC_EXPIRED: { from: 'SENDER_KYC_EXPIRED', to: 'RECEIVER_KYC_EXPIRED' },
  ACCREDITATION_EXPIRED: { from: 'SENDER_ACCREDITATION_EXPIRED', to: 'RECEIVER_ACCREDITATION_EXPIRED' },
}

/**
 * Custody's checks of one call to an ERC-3643 (T-REX) token, read at one block before
 * anything is signed, for every state-changing method (transfer, transferFrom,
 * batchTransfer, forcedTransfer, batchForcedTransfer, mint, batchMint, burn, batchBurn,
 * recoveryAddress; pause, freeze and setter methods move nothing and pass):
 *
 * - address holds (custody's own, placed the moment the platform suspends, expires or
 *   sanctions an investor) on a sender or receiver;
 * - paused; verified sender and receiver; frozen wallets;
 * - the holder's free balance: unfrozen, unlocked (the lock-up module's view when the
 *   token binds one) and not already committed to its own pending transactions;
 * - the compliance modules, each named by its rule (country, max balance, supply limit,
 *   lock-up, max holders), with the numbers in the token's units;
 * - last, the exact call simulated from the vault (`eth_call`).
 *
 * The first failure in that order names the sub-status; the reason lists every failure.
 * A call that is no method of the token is refused (`COMPLIANCE_UNKNOWN_METHOD`).
 * Transport errors are thrown, for the caller to retry.
 *
 * @example
 * const r = await checkSecurityTokenCall(ctx, { txId, sender: vault, token, data, value: 0n })
 * if (!r.ok) block(r.subStatus, r.reason) // e.g. COMPLIANCE_COUNTRY: "… United States (US, 840)"
 */
export async function checkSecurityTokenCall(ctx: CustodyContext, p: CheckSecurityTokenCallParameters): Promise<SecurityTokenCheck> {
  const token = getAddress(p.token)
  const sender = getAddress(p.sender)
  const call = decodeTokenCall(sender, p.data)
  if (!call) {
    const message = `calldata ${p.data.slice(0, 10)} is no method of ERC-3643 token ${token}: custody does not sign a call to a security token it cannot decode`
    return { ok: false, subStatus: 'COMPLIANCE_UNKNOWN_METHOD', code: null, reason: message, failures: [{ restriction: null, code: null, subStatus: 'COMPLIANCE_UNKNOWN_METHOD', message }], blockNumber: null, method: null }
  }
  const client = ctx.chain.publicClient
  // Never a cached head: a freeze mined a moment ago must be seen.
  const blockNumber = await client.getBlockNumber({ cacheTime: 0 })
  const read = <T>(address: Address, abi: readonly unknown[], functionName: string, args: readonly unknown[] = []) =>
    client.readContract({ address, abi: abi as never, functionName: functionName as never, args: args as never, blockNumber }) as Promise<T>

  const failures: ComplianceFailure[] = []
  const add = (name: RestrictionName, detail?: string) => {
    const r = restriction(name, detail)
    failures.push({ restriction: name, code: r.code, subStatus: RESTRICTIONS[name].subStatus ?? 'COMPLIANCE_REFUSED', message: r.message })
  }
  const done = (demands: HolderDemand[]): SecurityTokenCheck => {
    if (failures.length === 0) return { ok: true, blockNumber, method: call.method, demands }
    const first = failures[0]!
    return { ok: false, subStatus: first.subStatus, code: first.code, reason: `${call.method} refused at block ${blockNumber}: ${failures.map((f) => f.message).join('; ')}`, failures, blockNumber, method: call.method }
  }

  let registry: Address, compliance: Address, paused: boolean, decimals: number, symbol: string
  try {
    ;[registry, compliance, paused, decimals, symbol] = await Promise.all([
      read<Address>(token, tokenAbi, 'identityRegistry'),
      read<Address>(token, tokenAbi, 'compliance'),
      read<boolean>(token, tokenAbi, 'paused'),
      read<number>(token, tokenAbi, 'decimals'),
      read<string>(token, tokenAbi, 'symbol'),
    ])
  } catch (err) {
    if (!isContractRefusal(err)) throw err
    const message = `token ${token} does not answer the ERC-3643 calls (identityRegistry, compliance, paused): its compliance cannot be checked`
    return { ok: false, subStatus: 'COMPLIANCE_CHECK_UNAVAILABLE', code: null, reason: message, failures: [{ restriction: null, code: null, subStatus: 'COMPLIANCE_CHECK_UNAVAILABLE', message }], blockNumber, method: call.method }
  }
  const fmt = (x: bigint) => formatAmount(x, decimals, symbol)
  const moves = call.movements

  // 1. Holds: the platform's word is law from the moment it is given.
  const holds = await activeHoldsOn(ctx.db, ctx.chain.chainId, token, moves.flatMap((m) => [m.from, m.to]).filter((a) => a !== zeroAddress))
  const holdOn = (a: Address) => holds.find((h) => h.address === a)
  for (const m of moves) {
    const fromHold = m.kind === 'TRANSFER' ? holdOn(m.from) : undefined
    if (fromHold) add(HOLD_SIDE[fromHold.rule].from, `${m.from} held since ${fromHold.created_at.toISOString()} (${fromHold.reason})`)
    const toHold = m.kind !== 'BURN' ? holdOn(m.to) : undefined
    if (toHold) add(HOLD_SIDE[toHold.rule].to, `${m.to} held since ${toHold.created_at.toISOString()} (${toHold.reason})`)
  }

  // 2. The token's own state: paused, verified, frozen.
  const transfers = moves.filter((m) => m.kind === 'TRANSFER')
  if (paused && transfers.length > 0) add('TOKEN_PAUSED', `${symbol} (${token}) is paused`)
  const unique = (xs: Address[]) => [...new Set(xs)]
  const mustBeVerified = unique(moves.flatMap((m) => (m.kind === 'TRANSFER' ? [m.from, m.to] : m.kind === 'FORCED' || m.kind === 'MINT' ? [m.to] : [])))
  const frozenCheck = unique(transfers.flatMap((m) => [m.from, m.to]))
  const holders = unique(moves.filter((m) => m.kind !== 'MINT').map((m) => m.from))
  const [verified, frozen, balances] = await Promise.all([
    Promise.all(mustBeVerified.map((a) => read<boolean>(registry, identityRegistryAbi, 'isVerified', [a]))),
    Promise.all(frozenCheck.map((a) => read<boolean>(token, tokenAbi, 'isFrozen', [a]))),
    Promise.all(holders.map(async (a) => ({ holder: a, balance: await read<bigint>(token, tokenAbi, 'balanceOf', [a]), frozen: await read<bigint>(token, tokenAbi, 'getFrozenTokens', [a]) }))),
  ])
  const isVerified = new Map(mustBeVerified.map((a, i) => [a, verified[i]!]))
  const isFrozen = new Map(frozenCheck.map((a, i) => [a, frozen[i]!]))
  for (const a of unique(transfers.map((m) => m.from))) if (!isVerified.get(a)) add('SENDER_NOT_VERIFIED', `${a} is not verified in identity registry ${registry}`)
  for (const a of unique(moves.filter((m) => m.kind !== 'BURN' && m.kind !== 'RECOVERY').map((m) => m.to))) {
    if (isVerified.has(a) && !isVerified.get(a)) add('RECEIVER_NOT_VERIFIED', `${a} is not verified in identity registry ${registry}`)
  }
  for (const a of unique(transfers.map((m) => m.from))) if (isFrozen.get(a)) add('SENDER_FROZEN', `${a} is frozen on ${symbol}`)
  for (const a of unique(transfers.map((m) => m.to))) if (isFrozen.get(a)) add('RECEIVER_FROZEN', `${a} is frozen on ${symbol}`)

  // 3. Free balance per holder: unfrozen, unlocked, and not committed to its pending transactions.
  const modules = await boundModules(ctx, compliance, blockNumber)
  const demands: HolderDemand[] = []
  for (const b of balances) {
    const own = moves.filter((m) => m.from === b.holder && m.kind !== 'MINT')
    const recovery = own.some((m) => m.kind === 'RECOVERY')
    const amount = own.reduce((s, m) => s + (m.amount ?? b.balance), 0n)
    if (recovery) continue // the whole balance moves to the new wallet; nothing else can be reserved against it
    const reserved = await reservedOutgoing(ctx.db, { chainId: ctx.chain.chainId, token, holder: b.holder, excludeId: p.txId, atBlock: blockNumber })
    const isHolderTransfer = own.some((m) => m.kind === 'TRANSFER')
    const unfrozen = b.balance > b.frozen ? b.balance - b.frozen : 0n
    // An agent's forced transfer and burn unfreeze what they need (T-REX): only the balance bounds them.
    const bound = isHolderTransfer ? unfrozen : b.balance
    const pending = reserved > 0n ? `, ${fmt(reserved)} committed to its pending transactions` : ''
    if (reserved + amount > bound) {
      add('INSUFFICIENT_UNFROZEN_BALANCE', `${b.holder} holds ${fmt(b.balance)}, ${fmt(b.frozen)} frozen${pending}: ${fmt(bound > reserved ? bound - reserved : 0n)} free for ${fmt(amount)}`)
      continue
    }
    let spendable = bound
    let limitedBy: HolderDemand['limitedBy'] = 'INSUFFICIENT_UNFROZEN_BALANCE'
    if (isHolderTransfer) {
      const lock = await lockedBalanceOf(ctx, { token, compliance, wallet: b.holder, modules, blockNumber })
      const unlocked = b.balance > lock.locked ? b.balance - lock.locked : 0n
      if (unlocked < spendable) {
        spendable = unlocked
        limitedBy = 'LOCKUP_NOT_OVER'
      }
      if (reserved + amount > unlocked) {
        add('LOCKUP_NOT_OVER', `${fmt(lock.locked)} of ${b.holder}'s ${fmt(b.balance)} locked${lock.until ? ` until ${lock.until.toISOString()}` : ''}${pending}: ${fmt(unlocked > reserved ? unlocked - reserved : 0n)} may move, asked ${fmt(amount)}`)
        continue
      }
    }
    demands.push({ token, holder: b.holder, amount, spendable, atBlock: blockNumber, limitedBy })
  }

  // 4. The compliance modules, each named by its rule, for the movements they judge.
  const judged = new Map<string, { from: Address; to: Address; amount: bigint }>()
  for (const m of moves) {
    if ((m.kind !== 'TRANSFER' && m.kind !== 'MINT') || m.amount === null) continue
    const key = `${m.from}:${m.to}`
    const j = judged.get(key) ?? { from: m.from, to: m.to, amount: 0n }
    j.amount += m.amount
    judged.set(key, j)
  }
  for (const j of judged.values()) {
    if (await read<boolean>(compliance, modularComplianceAbi, 'canTransfer', [j.from, j.to, j.amount])) continue
    await explainRefusal({ read, add, fmt, registry, compliance, token, modules, ...j })
  }
  const minted = moves.filter((m) => m.kind === 'MINT').reduce((s, m) => s + (m.amount ?? 0n), 0n)
  const supplyModule = modules.find((m) => restrictionOfModule(m.name) === 'SUPPLY_LIMIT_EXCEEDED')
  if (minted > 0n && judged.size > 1 && supplyModule && !failures.some((f) => f.restriction === 'SUPPLY_LIMIT_EXCEEDED')) {
    const [supply, limit] = await Promise.all([read<bigint>(token, tokenAbi, 'totalSupply'), supplyLimitOf(read, supplyModule.address, compliance)])
    // CustosSupplyLimitModule reads a limit of 0 as no limit (every token binds it, at 0 unless the issuer sets one).
    if (limit !== null && limit > 0n && supply + minted > limit) add('SUPPLY_LIMIT_EXCEEDED', `${fmt(supply)} issued + ${fmt(minted)} in this batch > limit ${fmt(limit)}`)
  }

  // 5. Last guard: the exact call, from the vault, at the same block.
  if (failures.length === 0) {
    try {
      await client.call({ account: sender, to: token, data: p.data as Hex, value: p.value, blockNumber })
    } catch (err) {
      if (!isRevertish(err)) throw err
      const reason = revertReason(err)
      failures.push({ restriction: null, code: null, subStatus: 'COMPLIANCE_SIMULATION_REVERTED', message: `the token reverts ${call.method} when simulated from ${sender}: ${reason}` })
    }
  }
  return done(demands)
}

interface ExplainParameters {
  read: ModuleRead
  add: (name: RestrictionName, detail?: string) => void
  fmt: (x: bigint) => string
  registry: Address
  compliance: Address
  token: Address
  modules: BoundModule[]
  from: Address
  to: Address
  amount: bigint
}

// canTransfer said no: ask each module, and name the rule of each that refuses.
async function explainRefusal(e: ExplainParameters): Promise<void> {
  let named = false
  for (const mod of e.modules) {
    const ok = await e.read<boolean>(mod.address, MODULE_ABI, 'moduleCheck', [e.from, e.to, e.amount, e.compliance]).catch(() => false)
    if (ok) continue
    named = true
    const rule = restrictionOfModule(mod.name)
    if (rule === 'COUNTRY_NOT_ALLOWED') {
      const country = await e.read<number>(e.registry, identityRegistryAbi, 'investorCountry', [e.to])
      e.add(rule, `${e.to} is registered in ${countryLabel(Number(country))}`)
    } else if (rule === 'MAX_BALANCE_EXCEEDED') {
      const identity = await e.read<Address>(e.registry, identityRegistryAbi, 'identity', [e.to])
      const [held, max] = await Promise.all([
        firstAnswer(e.read, mod.address, ['identityBalance', 'getIDBalance'], [e.compliance, identity]),
        // Tokeny's MaxBalance module has no view of its maximum; the Custos module does.
        firstAnswer(e.read, mod.address, ['maxBalanceOf'], [e.compliance]),
      ])
      const over = max === null ? '' : ` > maximum ${e.fmt(max)}`
      e.add(rule, held === null ? `${e.to} receiving ${e.fmt(e.amount)}${over}` : `${e.to}'s identity holds ${e.fmt(held)} + ${e.fmt(e.amount)} = ${e.fmt(held + e.amount)}${over}`)
    } else if (rule === 'SUPPLY_LIMIT_EXCEEDED') {
      const [supply, limit] = await Promise.all([e.read<bigint>(e.token, tokenAbi, 'totalSupply'), supplyLimitOf(e.read, mod.address, e.compliance)])
      e.add(rule, limit === null ? `${e.fmt(supply)} issued + ${e.fmt(e.amount)}` : `${e.fmt(supply)} issued + ${e.fmt(e.amount)} > limit ${e.fmt(limit)}`)
    } else if (rule === 'MAX_HOLDERS_EXCEEDED') {
      const count = await e.read<bigint>(mod.address, MODULE_ABI, 'holderCount', [e.compliance]).catch(() => null)
      e.add(rule, count === null ? `${e.to} would be a new holder` : `${count} holders already; ${e.to} would be one more`)
    } else if (rule === 'LOCKUP_NOT_OVER') {
      e.add(rule, `${e.fmt(e.amount)} from ${e.from}`)
    } else {
      e.add(rule, `module ${mod.name} (${mod.address}) refuses ${e.fmt(e.amount)} from ${e.from} to ${e.to}`)
    }
  }
  if (!named) e.add('COMPLIANCE_REFUSED', `compliance ${e.compliance} refuses ${e.fmt(e.amount)} from ${e.from} to ${e.to}`)
}

async function boundModules(ctx: CustodyContext, compliance: Address, blockNumber: bigint): Promise<BoundModule[]> {
  const client = ctx.chain.publicClient
  const addresses = await client.readContract({ address: compliance, abi: modularComplianceAbi, functionName: 'getModules', blockNumber })
  return Promise.all(
    addresses.map(async (address) => ({
      address: getAddress(address),
      name: await client.readContract({ address, abi: MODULE_ABI, functionName: 'name', blockNumber }).catch(() => 'unnamed module'),
    })),
  )
}

function isRevertish(err: unknown): boolean {
  const text = String((err as Error)?.message ?? err)
  return isContractRefusal(err) || /revert|execution reverted/i.test(text)
}

export type { TokenMovement }
