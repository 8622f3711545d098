/** Kysely types of the offerings' tables (migration 0050). */
export interface OfferingTables {}
