/** One tender (or redemption request) to allocate, in the order it was received. */
export interface AllocationRequest {
  id: string
  /** Tendered quantity in token base units (> 0). */
  quantity: bigint
}

export interface Allocation {
  id: string
  quantity: bigint
  allocated: bigint
}

/**
 * Allocates at most `max` token base units over `requests`.
 *
 * Not oversubscribed (Σ quantity ≤ max): everyone gets what they tendered.
 * Oversubscribed: everyone first gets `floor(quantity × max / total)`; the
 * units flooring left over (fewer than the number of requests) go one each
 * to the requests with the largest discarded fraction (`quantity × max mod
 * total`), ties to the earlier request. No request gets more than it
 * tendered, and Σ allocated = max exactly.
 *
 * @example allocateProRata([{ id: 'a', quantity: 100n }, { id: 'b', quantity: 100n }, { id: 'c', quantity: 100n }], 200n)
 * // a 67, b 67, c 66
 */
export function allocateProRata(requests: readonly AllocationRequest[], max: bigint): Allocation[] {
  const total = requests.reduce((s, r) => s + r.quantity, 0n)
  if (total <= max) return requests.map((r) => ({ ...r, allocated: r.quantity }))
  const out = requests.map((r, order) => ({ id: r.id, quantity: r.quantity, allocated: (r.quantity * max) / total, fraction: (r.quantity * max) % total, order }))
  let left = max - out.reduce((s, r) => s + r.allocated, 0n)
  const byFraction = [...out].sort((a, b) => (a.fraction === b.fraction ? a.order - b.order : a.fraction > b.fraction ? -1 : 1))
  for (const r of byFraction) {
    if (left === 0n) break
    if (r.fraction === 0n) continue
    r.allocated += 1n
    left -= 1n
  }
  return out.map(({ id, quantity, allocated }) => ({ id, quantity, allocated }))
}
