/** Kysely types of the indexer's and cap table's tables (migration 0040). */
export interface IndexerTables {}
