/** Kysely table types of the custody schema. */
export interface CustodyDB {
  service_meta: { key: string; value: string; updated_at: Date }
}
