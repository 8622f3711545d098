import type { Selectable } from 'kysely'
import type { VaultsTable } from '../db/schema.ts'

export type VaultRow = Selectable<VaultsTable>

/** The API shape of a vault: never the key reference's secret parts (there are none), never key material. */
export function serializeVault(v: VaultRow) {
  return {
    id: v.id,
    name: v.name,
    tier: v.tier,
    purpose: v.purpose,
    externalRef: v.external_ref,
    address: v.address,
    keyBackend: v.key_backend,
    createdBy: v.created_by,
    createdAt: v.created_at.toISOString(),
  }
}
