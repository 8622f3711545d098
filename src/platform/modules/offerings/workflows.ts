import type { WorkflowDefinitions } from '../../engine/types.ts'
import { offeringCloseWorkflow } from './close-workflow.ts'
import { subscriptionPaymentWorkflow } from './payment-workflow.ts'
import { subscriptionRefundWorkflow } from './refund-workflow.ts'

/** The workflows of offerings: stablecoin payments, refunds, and the close that allocates and mints or refunds. */
export const OFFERING_WORKFLOW_DEFINITIONS: WorkflowDefinitions = {
  OFFERING_CLOSE: offeringCloseWorkflow,
  SUBSCRIPTION_PAYMENT: subscriptionPaymentWorkflow,
  SUBSCRIPTION_REFUND: subscriptionRefundWorkflow,
}
