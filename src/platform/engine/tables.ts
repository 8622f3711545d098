import type { ColumnType } from 'kysely'

type Timestamp = ColumnType<Date, Date, Date>
/** jsonb: read as parsed JSON, written as a JSON string. */
type Json<T = unknown> = ColumnType<T, string, string>

/**
 * Every kind of durable workflow the platform runs. The list lives with the
 * engine because the database checks it (migration 0035); a module adding a
 * workflow adds its kind here and to that check in its own migration
 * (`workflow-kinds.test.ts` proves the database accepts every kind listed).
 */
export const WORKFLOW_KINDS = [
  'SCREEN',
  'ONBOARD',
  'REVOKE_CLAIM',
  'TOKEN_DEPLOY',
  'TOKEN_OPERATION',
  'BATCH_MINT',
  'OFFERING_CLOSE',
  'SUBSCRIPTION_PAYMENT',
  'SUBSCRIPTION_REFUND',
  'INVESTOR_FREEZE',
  'DISTRIBUTION',
  'REDEMPTION_OFFER',
  'AGENT_ACTION',
  'WALLET_RECOVERY',
  'CASH_AUTO_PAY',
  'CASH_WITHDRAWAL',
  'DISTRIBUTION_CLAIM',
] as const
export type WorkflowKind = (typeof WORKFLOW_KINDS)[number]
export type WorkflowStatus = 'ACTIVE' | 'DONE' | 'FAILED' | 'CANCELLED'

export interface WorkflowsTable {
  id: string
  /** What the workflow is about: an investor id, or `token:<id>`, `subscription:<id>`, … (the column predates the other subjects). */
  investor_id: string
  kind: WorkflowKind
  step: string
  status: WorkflowStatus
  state: Json<Record<string, unknown>>
  attempts: number
  last_error: string | null
  last_error_code: string | null
  waiting_on: string | null
  next_run_at: Timestamp
  locked_until: Timestamp | null
  locked_by: string | null
  correlation_id: string | null
  created_at: Timestamp
  updated_at: Timestamp
  completed_at: Timestamp | null
}

/** Kysely types of the engine's tables (migration 0006). */
export interface EngineTables {
  workflows: WorkflowsTable
  platform_workers: { id: string; started_at: Timestamp; heartbeat_at: Timestamp }
}
