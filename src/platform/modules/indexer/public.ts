// The chain indexer's door: the loop, its routes, and the chain facts reconciliation compares against.
// Cap-table queries for other modules are its read-*.ts files. See README.md.
export { hashAt } from './block-headers.ts'
export { totalsAt } from './cap-table-queries.ts'
export { readIndexerHead, type IndexerHead } from './indexer-head.ts'
export type { RollBackHook } from './roll-back.ts'
export { registerHolderRoutes } from './routes.ts'
export { startIndexer, type Indexer } from './start-indexer.ts'
