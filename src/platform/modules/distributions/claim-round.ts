import { encodeFunctionData, getAddress, keccak256, stringToHex, type Address, type Hex } from 'viem'
import { merkleDistributorAbi } from '../../../chain/generated/abis.ts'
import { buildClaimTree } from './merkle-tree.ts'
import type { EntitlementRow } from './tables.ts'

/** One leaf of a claim round before it is stored. */
export interface PlannedLeaf {
  index: number
  kind: 'HOLDER' | 'ESCROW'
  account: Address
  amount: bigint
  holders: string[]
  investorId: string | null
  proof: Hex[]
}

export interface ClaimRoundPlan {
  root: Hex
  total: bigint
  leaves: PlannedLeaf[]
}

/** The round's id on MerkleDistributor: fixed by the distribution, so the contract refuses a second round for it. */
export const claimRoundId = (distributionId: string): Hex => keccak256(stringToHex(`custos:distribution:${distributionId}:claims`))

/**
 * The leaves of a CLAIM distribution, in a fixed order: every holder paid
 * (treatment PAY, net > 0) by address, then the escrow vault's sum of the
 * escrowed nets. Σ amounts is what the round is funded with; the escrow leaf
 * is claimed by the platform as soon as the round is open, the holders' on
 * request. Withholding is not in the round: it stays in the treasury and only
 * the withholding of what was claimed (and escrowed) goes to the tax vault
 * after the deadline (decision 0089).
 *
 * @example
 * const { root, total, leaves } = planClaimRound(entitlements, { escrow })
 */
export function planClaimRound(ents: readonly Pick<EntitlementRow, 'holder' | 'investor_id' | 'treatment' | 'net'>[], vaults: { escrow: string }): ClaimRoundPlan | null {
  const sorted = [...ents].sort((a, b) => (a.holder.toLowerCase() < b.holder.toLowerCase() ? -1 : a.holder.toLowerCase() > b.holder.toLowerCase() ? 1 : 0))
  const leaves: Omit<PlannedLeaf, 'index' | 'proof'>[] = sorted
    .filter((e) => e.treatment === 'PAY' && BigInt(e.net) > 0n)
    .map((e) => ({ kind: 'HOLDER', account: getAddress(e.holder), amount: BigInt(e.net), holders: [getAddress(e.holder)], investorId: e.investor_id }))
  const escrowed = sorted.filter((e) => e.treatment === 'ESCROW' && BigInt(e.net) > 0n)
  const escrowTotal = escrowed.reduce((s, e) => s + BigInt(e.net), 0n)
  if (escrowTotal > 0n) leaves.push({ kind: 'ESCROW', account: getAddress(vaults.escrow), amount: escrowTotal, holders: escrowed.map((e) => getAddress(e.holder)), investorId: null })
  if (leaves.length === 0) return null
  const tree = buildClaimTree(leaves.map((l, index) => ({ index, account: l.account, amount: l.amount })))
  return { root: tree.root, total: leaves.reduce((s, l) => s + l.amount, 0n), leaves: leaves.map((l, index) => ({ ...l, index, proof: tree.proofs[index]! })) }
}

/** Calldata of MerkleDistributor.claim for one leaf. */
export const claimCalldata = (roundId: Hex, leaf: { index: number; account: string; amount: bigint; proof: readonly string[] }): Hex =>
  encodeFunctionData({ abi: merkleDistributorAbi, functionName: 'claim', args: [roundId, BigInt(leaf.index), getAddress(leaf.account), leaf.amount, leaf.proof as Hex[]] })
