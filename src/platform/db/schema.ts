/** Kysely table types of the platform schema. */
export interface PlatformDB {
  service_meta: { key: string; value: string; updated_at: Date }
}
