import type { WorkflowDefinitions } from '../../engine/types.ts'
import { cashAutoPayWorkflow } from './auto-pay-workflow.ts'
import { cashWithdrawalWorkflow } from './withdrawal-workflow.ts'

/** The workflows of cash: paying subscriptions from a deposit, and withdrawals. */
export const CASH_WORKFLOW_DEFINITIONS: WorkflowDefinitions = {
  CASH_AUTO_PAY: cashAutoPayWorkflow,
  CASH_WITHDRAWAL: cashWithdrawalWorkflow,
}
