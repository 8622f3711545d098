/** Kysely types of the batch-mint tables (migration 0045). */
export interface BatchMintTables {}
