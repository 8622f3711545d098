// The reconciliation module's door: its routes, the periodic run, and what the indexer
// calls when it rolls back. See README.md.
export { forgetReconciledAbove } from './reconciled-operations.ts'
export { raiseCustodyReorgAlert, resolveCustodyReorgAlerts, type CustodyReorgAlertParameters } from './custody-reorg-alert.ts'
export { registerReconciliationRoutes } from './routes.ts'
export { startReconciliation, type Reconciliation } from './start-reconciliation.ts'
