import { concat, encodeAbiParameters, keccak256, type Address, type Hex } from 'viem'

/** One claim in a distribution's Merkle tree. */
export interface ClaimLeaf {
  index: number
  account: Address
  amount: bigint
}

export interface ClaimTree {
  root: Hex
  /** The proof of each leaf, by its index. */
  proofs: Hex[][]
}

/** The leaf MerkleDistributor checks: keccak256(bytes.concat(keccak256(abi.encode(index, account, amount)))). */
export function claimLeafHash(leaf: ClaimLeaf): Hex {
  const inner = keccak256(encodeAbiParameters([{ type: 'uint256' }, { type: 'address' }, { type: 'uint256' }], [BigInt(leaf.index), leaf.account, leaf.amount]))
  return keccak256(inner)
}

const hashPair = (a: Hex, b: Hex): Hex => (BigInt(a) < BigInt(b) ? keccak256(concat([a, b])) : keccak256(concat([b, a])))

/**
 * Builds the tree of a CLAIM distribution: pairs hashed sorted (as
 * OpenZeppelin's MerkleProof expects), an odd node carried up unchanged.
 * Leaves must be given with `index` = their position.
 *
 * @example
 * const { root, proofs } = buildClaimTree([{ index: 0, account, amount: 5n }])
 */
export function buildClaimTree(leaves: readonly ClaimLeaf[]): ClaimTree {
  if (leaves.length === 0) throw new Error('a claim tree needs at least one leaf')
  leaves.forEach((l, i) => {
    if (l.index !== i) throw new Error(`leaf ${i} has index ${l.index}`)
  })
  const layers: Hex[][] = [leaves.map(claimLeafHash)]
  while (layers[layers.length - 1]!.length > 1) {
    const below = layers[layers.length - 1]!
    const up: Hex[] = []
    for (let i = 0; i < below.length; i += 2) up.push(i + 1 < below.length ? hashPair(below[i]!, below[i + 1]!) : below[i]!)
    layers.push(up)
  }
  const proofs = leaves.map((_, leafIndex) => {
    const proof: Hex[] = []
    let i = leafIndex
    for (const layer of layers.slice(0, -1)) {
      const sibling = i ^ 1
      if (sibling < layer.length) proof.push(layer[sibling]!)
      i >>= 1
    }
    return proof
  })
  return { root: layers[layers.length - 1]![0]!, proofs }
}
