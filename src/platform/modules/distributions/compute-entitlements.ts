import type { HolderTreatment, HoldersPolicy } from './tables.ts'

export interface SnapshotHolder {
  holder: string
  investorId: string | null
  country: string | null
  balance: bigint
  frozen: boolean
  /** The investor's status at the snapshot (null: not a platform investor). */
  investorStatus: string | null
}

export interface Rate {
  bps: number
  /** DEFAULT, COUNTRY:<cc> or INVESTOR (an override on file). */
  source: string
}

export interface ComputedEntitlement extends SnapshotHolder {
  gross: bigint
  rate: Rate
  withheld: bigint
  net: bigint
  treatment: HolderTreatment
  treatmentReason: string | null
}

export interface ComputeEntitlementsParameters {
  holders: readonly SnapshotHolder[]
  /** Asset base units per whole token (10^tokenDecimals base units); or give totalAmount. */
  amountPerToken: bigint | null
  totalAmount: bigint | null
  tokenDecimals: number
  policy: HoldersPolicy
  rateOf(h: SnapshotHolder): Rate
  /** Why a holder cannot be paid at all (it is then EXCLUDED), or null; e.g. a stock dividend mints only to ACTIVE investors. */
  unpayable?(h: SnapshotHolder): string | null
}

export interface ComputeEntitlementsReturnType {
  items: ComputedEntitlement[]
  /** What the holders are entitled to before withholding (sum of gross). */
  grossTotal: bigint
  withheldTotal: bigint
  /** Net paid to holders (PAY). */
  netTotal: bigint
  /** Net kept in the escrow vault for holders under the ESCROW policy. */
  escrowedTotal: bigint
  /** Gross of EXCLUDED holders: kept by the issuer. */
  excludedTotal: bigint
  /** What flooring to the asset's base units left over: kept by the issuer. */
  remainder: bigint
}

function treatmentOf(h: SnapshotHolder, policy: HoldersPolicy, unpayable?: (h: SnapshotHolder) => string | null): { treatment: HolderTreatment; reason: string | null } {
  // The strictest rule that applies wins: EXCLUDE over ESCROW over PAY.
  const rules: [boolean, HolderTreatment, string][] = [
    [h.frozen, policy.frozen, 'address frozen at the record block'],
    [h.investorStatus === 'SUSPENDED', policy.suspended, 'investor suspended'],
    [h.investorStatus === 'EXPIRED', policy.kycExpired, 'investor KYC expired'],
  ]
  const applies = rules.filter(([hit, t]) => hit && t !== 'PAY')
  const pick = applies.find(([, t]) => t === 'EXCLUDE') ?? applies.find(([, t]) => t === 'ESCROW')
  if (pick?.[1] === 'EXCLUDE') return { treatment: 'EXCLUDE', reason: pick[2] }
  const cannot = unpayable?.(h) ?? null
  if (cannot) return { treatment: 'EXCLUDE', reason: cannot }
  return pick ? { treatment: pick[1], reason: pick[2] } : { treatment: 'PAY', reason: null }
}

/**
 * The entitlements of a distribution, in exact integer arithmetic. Gross is
 * floored to the asset's base units — `balance × amountPerToken / 10^decimals`,
 * or pro rata `totalAmount × balance / Σ balance` — and what flooring leaves
 * is the `remainder`, kept by the issuer. Withholding is `floor(gross × bps /
 * 10,000)`, so the holder keeps the sub-unit. Σ gross + remainder is the
 * declared amount, and net + withheld = gross for every holder.
 *
 * @example
 * computeEntitlements({ holders, amountPerToken: 500_000n, totalAmount: null, tokenDecimals: 0, policy, rateOf: () => ({ bps: 1500, source: 'DEFAULT' }) })
 */
export function computeEntitlements(p: ComputeEntitlementsParameters): ComputeEntitlementsReturnType {
  const holders = p.holders.filter((h) => h.balance > 0n)
  const supply = holders.reduce((s, h) => s + h.balance, 0n)
  const unit = 10n ** BigInt(p.tokenDecimals)
  const declared = p.totalAmount ?? (supply * p.amountPerToken!) / unit
  const items = holders.map((h): ComputedEntitlement => {
    const gross = p.totalAmount !== null ? (supply === 0n ? 0n : (p.totalAmount * h.balance) / supply) : (h.balance * p.amountPerToken!) / unit
    const rate = p.rateOf(h)
    const withheld = (gross * BigInt(rate.bps)) / 10_000n
    const { treatment, reason } = treatmentOf(h, p.policy, p.unpayable)
    return { ...h, gross, rate, withheld, net: gross - withheld, treatment, treatmentReason: reason }
  })
  const sum = (f: (e: ComputedEntitlement) => bigint, t?: HolderTreatment) => items.filter((e) => !t || e.treatment === t).reduce((s, e) => s + f(e), 0n)
  const grossTotal = sum((e) => e.gross)
  return {
    items,
    grossTotal,
    withheldTotal: sum((e) => e.withheld, 'PAY') + sum((e) => e.withheld, 'ESCROW'),
    netTotal: sum((e) => e.net, 'PAY'),
    escrowedTotal: sum((e) => e.net, 'ESCROW'),
    excludedTotal: sum((e) => e.gross, 'EXCLUDE'),
    remainder: declared - grossTotal,
  }
}
