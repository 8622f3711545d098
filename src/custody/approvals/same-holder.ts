import type { Kysely } from 'kysely'
import type { ApiKeysTable } from '../../shared/auth/api-key-store.ts'

// Rotation chains are short; the bound only guards against a corrupted cycle.
const MAX_LINEAGE = 32

async function lineage(db: Kysely<{ api_keys: ApiKeysTable }>, keyId: string): Promise<Set<string>> {
  const seen = new Set<string>([keyId])
  let current: string | null = keyId
  for (let i = 0; i < MAX_LINEAGE && current; i++) {
    const row: { rotated_from: string | null } | undefined = await db.selectFrom('api_keys').select('rotated_from').where('key_id', '=', current).executeTakeFirst()
    current = row?.rotated_from ?? null
    if (current === null || seen.has(current)) break
    seen.add(current)
  }
  return seen
}

/**
 * Whether two API keys belong to the same holder: the same key, or keys where one was
 * rotated (directly or through several rotations) from the other, or both from a common
 * ancestor. Four eyes must not be defeated by rotating a key and approving with the new one.
 */
export async function sameKeyHolder(db: Kysely<any>, a: string, b: string): Promise<boolean> {
  if (a === b) return true
  const [la, lb] = await Promise.all([lineage(db, a), lineage(db, b)])
  for (const k of la) if (lb.has(k)) return true
  return false
}
