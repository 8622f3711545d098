import type { TreasuryDirection } from './schema.ts'

export type TreasuryState = 'OK' | 'BELOW_FLOOR' | 'ABOVE_CEILING'

export interface Bounds {
  floor: bigint
  target: bigint
  ceiling: bigint
}

export interface Assessment {
  state: TreasuryState
  /** What to propose, if anything: a top-up to the target, or a sweep down to it. */
  proposal: { direction: TreasuryDirection; amount: bigint } | null
}

/**
 * Where a hot vault's balance stands against its rule. Strictly below the floor: top up by
 * `target − balance`; strictly above the ceiling: sweep `balance − target`; at a bound or
 * between them: nothing to do.
 */
export function assessBalance(balance: bigint, b: Bounds): Assessment {
  if (balance < b.floor) return { state: 'BELOW_FLOOR', proposal: { direction: 'TOPUP', amount: b.target - balance } }
  if (balance > b.ceiling) return { state: 'ABOVE_CEILING', proposal: { direction: 'SWEEP', amount: balance - b.target } }
  return { state: 'OK', proposal: null }
}

/** Why a set of bounds is not a rule, or null when it is one: 0 ≤ floor < target < ceiling. */
export function boundsProblem(b: Bounds): string | null {
  if (b.floor < 0n) return 'floor must not be negative'
  if (!(b.floor < b.target)) return `floor (${b.floor}) must be below target (${b.target})`
  if (!(b.target < b.ceiling)) return `target (${b.target}) must be below ceiling (${b.ceiling})`
  return null
}

/** The externalTxId of a rule's proposal in one episode: the same for every check of that episode. */
export function proposalExternalTxId(ruleId: string, episode: number): string {
  return `treasury:${ruleId}:${episode}`
}
