import type { Kysely } from 'kysely'
import type { PlatformDB } from '../../db/schema.ts'

export interface StoredBlock {
  number: bigint
  hash: string
}

/** The canonical chain's hash at a height (lower-case), or null past its head. */
export type CanonicalHash = (n: bigint) => Promise<string | null>

/** Stored blocks compared one by one from the top before the search halves the rest. */
const LINEAR_STEPS = 16

/**
 * The highest stored block that is still on the canonical chain, or null
 * when none is. A block hash commits to every ancestor, so once a stored
 * block matches the chain, everything the indexer stored at or below it is
 * as it was indexed; and if it does not match, nothing above it can. That
 * makes "matches" monotonic over the stored blocks: the search compares the
 * newest few (reorgs are usually shallow), then halves the older ones.
 *
 * @example
 * const ancestor = await findCommonAncestor(ctx.db, async (n) => (await client.getBlock({ blockNumber: n })).hash)
 */
export async function findCommonAncestor(db: Kysely<PlatformDB>, canonicalHash: CanonicalHash): Promise<StoredBlock | null> {
  const matches = async (b: StoredBlock) => (await canonicalHash(b.number))?.toLowerCase() === b.hash
  const stored = db.selectFrom('indexer_blocks').select(['number', 'hash'])

  const newest = await stored.orderBy('number', 'desc').limit(LINEAR_STEPS).execute()
  let bad: bigint | null = null
  for (const b of newest) {
    if (await matches(b)) return b
    bad = b.number
  }
  if (newest.length < LINEAR_STEPS || bad === null) return null

  const lowest = await stored.orderBy('number').limit(1).executeTakeFirstOrThrow()
  if (!(await matches(lowest))) return null
  // Invariant: `good` matches, `bad` does not; the answer is the highest stored block in [good, bad).
  let good: StoredBlock = lowest
  let above: bigint = bad
  for (;;) {
    const mid: bigint = (good.number + above) / 2n
    const probe: StoredBlock | undefined =
      (await stored.where('number', '>', good.number).where('number', '<=', mid).orderBy('number', 'desc').limit(1).executeTakeFirst()) ??
      (await stored.where('number', '>', mid).where('number', '<', above).orderBy('number').limit(1).executeTakeFirst())
    if (!probe) return good
    if (await matches(probe)) good = probe
    else above = probe.number
  }
}
