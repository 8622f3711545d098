import { createHash } from 'node:crypto'
import { encodeFunctionData, getAddress, isAddressEqual, parseAbiItem, zeroAddress, type Address, type Hex } from 'viem'
import {
  custosCountryModuleAbi,
  custosLockupModuleAbi,
  custosMaxBalanceModuleAbi,
  custosMaxHoldersModuleAbi,
  custosSupplyLimitModuleAbi,
  identityRegistryAbi,
  modularComplianceAbi,
  tokenAbi,
} from '../../../chain/generated/abis.ts'
import type { ComplianceModules } from '../../../chain/deploy-compliance-modules.ts'
import type { PlatformContext } from '../../context.ts'
import { compliancePlan } from './deploy-workflow.ts'
import type { TokenRow } from './token-chain.ts'

/** One custody transaction of a migration: sent from the compliance owner (the issuer-agent vault). */
export interface MigrationStep {
  /** Stable for the same work, so a step asked again finds its custody transaction (the externalTxId's suffix). */
  key: string
  to: Address
  data: Hex
  note: string
  /** The step changes what the stateful modules hold or binds one: the token must stay paused until it is done. */
  needsPause: boolean
}

/** Holders seeded per preset transaction (a few thousand gas each; well within a block). */
export const PRESET_CHUNK = 100
/** Blocks asked of the node per eth_getLogs call when listing holders. */
const LOG_RANGE = 5_000n
const transferEvent = parseAbiItem('event Transfer(address indexed from, address indexed to, uint256 value)')

/** The 4-byte selector of a call (declared to custody as the intent's method). */
export const selectorOf = (data: Hex): Hex => data.slice(0, 10) as Hex

/** Our five modules in the order a new token binds them (`complianceConfig`), with their names for notes and keys. */
export function ourModules(m: ComplianceModules): { name: string; address: Address }[] {
  return [
    { name: 'country', address: getAddress(m.country) },
    { name: 'maxBalance', address: getAddress(m.maxBalance) },
    { name: 'supplyLimit', address: getAddress(m.supplyLimit) },
    { name: 'lockup', address: getAddress(m.lockup) },
    { name: 'maxHolders', address: getAddress(m.maxHolders) },
  ]
}

/** Whether a compliance binds exactly our five modules and nothing else. */
export function isOnOurModules(bound: readonly Address[], m: ComplianceModules): boolean {
  const ours = ourModules(m).map((x) => x.address)
  return bound.length === ours.length && ours.every((a) => bound.some((b) => isAddressEqual(a, b)))
}

/**
 * Every wallet holding the token now and each one's identity (the wallet itself when
 * the registry has none, as CustosMaxBalanceModule counts it), read from the chain:
 * the token's Transfer events since its deployment, then each receiver's balance.
 */
export async function holdersOnChain(ctx: Pick<PlatformContext, 'chain'>, token: TokenRow): Promise<{ wallet: Address; identity: Address; balance: bigint }[]> {
  const client = ctx.chain.publicClient
  const address = getAddress(token.token_address!)
  const head = await client.getBlockNumber()
  const seen = new Set<Address>()
  for (let from = token.deploy_block ?? 0n; from <= head; from += LOG_RANGE) {
    const to = from + LOG_RANGE - 1n < head ? from + LOG_RANGE - 1n : head
    const logs = await client.getLogs({ address, event: transferEvent, fromBlock: from, toBlock: to, strict: true })
    for (const l of logs) if (!isAddressEqual(l.args.to, zeroAddress)) seen.add(getAddress(l.args.to))
  }
  const wallets = [...seen].sort()
  const out: { wallet: Address; identity: Address; balance: bigint }[] = []
  for (const wallet of wallets) {
    const balance = await client.readContract({ address, abi: tokenAbi, functionName: 'balanceOf', args: [wallet] })
    if (balance === 0n) continue
    const id = await client.readContract({ address: getAddress(token.identity_registry!), abi: identityRegistryAbi, functionName: 'identity', args: [wallet] })
    out.push({ wallet, identity: isAddressEqual(id, zeroAddress) ? wallet : getAddress(id), balance })
  }
  return out
}

const digest = (v: unknown) => createHash('sha256').update(JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? x.toString() : x))).digest('hex').slice(0, 16)

function chunks<T>(xs: T[], n: number): T[][] {
  const out: T[][] = []
  for (let i = 0; i < xs.length; i += n) out.push(xs.slice(i, i + n))
  return out
}

/**
 * The steps still to do to move a token onto our modules, from what the chain
 * says now: for each stateful module not yet bound, its presets (existing
 * balances per identity, existing holders) and `completePreset`; then each of
 * our modules not yet bound is bound (`addModule`, checked with
 * `isModuleBound` first) and given the token's rule; then every other module is
 * unbound. Ours are bound before theirs leave, so the token is never without
 * its rules. A step whose effect the chain shows is left out, so a migration
 * asked again after a crash, or a second time, never binds twice.
 *
 * The rules come from the platform's record of the token (`tokens.compliance`,
 * what the issuer asked for at `POST /v1/tokens`, which its old modules were
 * configured from), not from the old modules: Tokeny's modules cannot list their
 * countries, and hold no deny-list, holders cap or lock-up at all.
 */
export async function planMigration(ctx: Pick<PlatformContext, 'chain'>, token: TokenRow, m: ComplianceModules): Promise<MigrationStep[]> {
  const client = ctx.chain.publicClient
  const compliance = getAddress(token.compliance_address!)
  const tokenAddress = getAddress(token.token_address!)
  const ours = ourModules(m)
  const [bound, supply] = await Promise.all([
    client.readContract({ address: compliance, abi: modularComplianceAbi, functionName: 'getModules' }),
    client.readContract({ address: tokenAddress, abi: tokenAbi, functionName: 'totalSupply' }),
  ])
  const isBound = (a: Address) => bound.some((b) => isAddressEqual(a, b))
  const steps: MigrationStep[] = []

  // Presets: only the two modules that keep per-holder state need them (lock-up lots start
  // empty: balances held before the migration are unlocked; country and supply keep none).
  const maxBalance = getAddress(m.maxBalance)
  const maxHolders = getAddress(m.maxHolders)
  const balancesNeeded = supply > 0n && !isBound(maxBalance) && !(await client.readContract({ address: maxBalance, abi: custosMaxBalanceModuleAbi, functionName: 'presetCompleted', args: [compliance] }))
  const holdersNeeded = supply > 0n && !isBound(maxHolders) && !(await client.readContract({ address: maxHolders, abi: custosMaxHoldersModuleAbi, functionName: 'presetCompleted', args: [compliance] }))
  if (balancesNeeded || holdersNeeded) {
    const holders = await holdersOnChain(ctx, token)
    if (balancesNeeded) {
      const byIdentity = new Map<Address, bigint>()
      for (const h of holders) byIdentity.set(h.identity, (byIdentity.get(h.identity) ?? 0n) + h.balance)
      for (const part of chunks([...byIdentity.entries()].sort(([a], [b]) => (a < b ? -1 : 1)), PRESET_CHUNK)) {
        steps.push({
          key: `preset-balances:${digest(part)}`,
          to: maxBalance,
          data: encodeFunctionData({ abi: custosMaxBalanceModuleAbi, functionName: 'presetIdentityBalances', args: [compliance, part.map(([id]) => id), part.map(([, b]) => b)] }),
          note: `seed ${part.length} identity balances of ${token.symbol} in the max-balance module`,
          needsPause: true,
        })
      }
      steps.push({ key: 'complete-preset:maxBalance', to: maxBalance, data: encodeFunctionData({ abi: custosMaxBalanceModuleAbi, functionName: 'completePreset', args: [compliance] }), note: `complete the max-balance seeding of ${token.symbol}`, needsPause: true })
    }
    if (holdersNeeded) {
      for (const part of chunks(holders.map((h) => h.wallet), PRESET_CHUNK)) {
        steps.push({
          key: `preset-holders:${digest(part)}`,
          to: maxHolders,
          data: encodeFunctionData({ abi: custosMaxHoldersModuleAbi, functionName: 'presetHolders', args: [compliance, part] }),
          note: `seed ${part.length} holders of ${token.symbol} in the max-holders module`,
          needsPause: true,
        })
      }
      steps.push({ key: 'complete-preset:maxHolders', to: maxHolders, data: encodeFunctionData({ abi: custosMaxHoldersModuleAbi, functionName: 'completePreset', args: [compliance] }), note: `complete the holders seeding of ${token.symbol}`, needsPause: true })
    }
  }

  // Bind ours, each followed by its rule (a bound module without its setting is off, and
  // the old module still enforces the rule meanwhile). A rule the token does not set stays off.
  const c = compliancePlan(token)
  const settings: Record<string, Hex | null> = {
    country: c.allowedCountries?.length || c.deniedCountries?.length ? encodeFunctionData({ abi: custosCountryModuleAbi, functionName: 'setCountries', args: [c.allowedCountries ?? [], c.deniedCountries ?? []] }) : null,
    maxBalance: c.maxBalance ? encodeFunctionData({ abi: custosMaxBalanceModuleAbi, functionName: 'setMaxBalance', args: [c.maxBalance] }) : null,
    supplyLimit: c.supplyLimit ? encodeFunctionData({ abi: custosSupplyLimitModuleAbi, functionName: 'setSupplyLimit', args: [c.supplyLimit] }) : null,
    lockup: c.lockupSeconds ? encodeFunctionData({ abi: custosLockupModuleAbi, functionName: 'setLockupDuration', args: [c.lockupSeconds] }) : null,
    maxHolders: c.maxHolders ? encodeFunctionData({ abi: custosMaxHoldersModuleAbi, functionName: 'setHolderLimits', args: [c.maxHolders, [], []] }) : null,
  }
  for (const mod of ours) {
    if (!isBound(mod.address)) {
      steps.push({ key: `bind:${mod.name}`, to: compliance, data: encodeFunctionData({ abi: modularComplianceAbi, functionName: 'addModule', args: [mod.address] }), note: `bind the Custos ${mod.name} module to ${token.symbol}`, needsPause: true })
    }
    const setting = settings[mod.name]
    if (setting) {
      steps.push({
        key: `configure:${mod.name}`,
        to: compliance,
        data: encodeFunctionData({ abi: modularComplianceAbi, functionName: 'callModuleFunction', args: [setting, mod.address] }),
        note: `set ${token.symbol}'s ${mod.name} rule in the Custos module`,
        needsPause: false,
      })
    }
  }

  // Then theirs leave.
  for (const other of bound.filter((b) => !ours.some((o) => isAddressEqual(o.address, b)))) {
    steps.push({ key: `unbind:${getAddress(other)}`, to: compliance, data: encodeFunctionData({ abi: modularComplianceAbi, functionName: 'removeModule', args: [getAddress(other)] }), note: `unbind module ${getAddress(other)} from ${token.symbol}`, needsPause: false })
  }
  return steps
}
