import type { Migration } from 'kysely'
import { serviceMetaMigration } from '../../shared/service/meta.ts'

/** Custody's schema, in order. Never edit a migration that has shipped; add one. */
export const custodyMigrations: Record<string, Migration> = {
  '0001_service_meta': serviceMetaMigration,
}
