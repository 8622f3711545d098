import { encodeFunctionData, getAddress, type Address } from 'viem'
import { tokenAbi } from '../../../chain/generated/abis.ts'
import type { PlatformContext } from '../../context.ts'
import type { WorkflowRow } from '../../engine/types.ts'
import { stateOf, type StepOutcome, type WorkflowDefinition } from '../../engine/types.ts'
import { recordChange } from '../../record-change.ts'
import { findOrSubmit, isFinal, type CustodyTransaction, type SubmitTransactionParameters } from '../custody/public.ts'
import { getTokenRow } from '../tokens/read-tokens.ts'
import { tokenAddressOf } from '../tokens/public.ts'
import { AGENT_SELECTORS, readHolder } from './agent-chain.ts'
import { getActionRow, serializeAction, type AgentActionRow } from './read-actions.ts'
import { AGENT_ACTION, actionWorkflowId } from './workflow-kinds.ts'

/** The custody transaction an action asks for: the token's agent vault calls the T-REX agent method. */
async function requestFor(ctx: PlatformContext, a: AgentActionRow): Promise<Omit<SubmitTransactionParameters, 'externalTxId'>> {
  const token = await getTokenRow(ctx, a.token_id)
  const contract = tokenAddressOf(token)
  const { issuerAgent } = await ctx.roles.get()
  const who = getAddress(a.address) as Address
  const amount = a.amount === null ? 0n : BigInt(a.amount)
  const call = (method: keyof typeof AGENT_SELECTORS, data: `0x${string}`, what: string) => ({
    sourceVaultId: issuerAgent.id,
    to: contract,
    data,
    intent: { type: 'contract.call' as const, contract, method: AGENT_SELECTORS[method] },
    note: `${what} on ${token.symbol}: ${a.reason}`,
  })
  switch (a.kind) {
    case 'FREEZE':
    case 'UNFREEZE':
      return call('setAddressFrozen', encodeFunctionData({ abi: tokenAbi, functionName: 'setAddressFrozen', args: [who, a.kind === 'FREEZE'] }), `${a.kind === 'FREEZE' ? 'freeze' : 'unfreeze'} ${who}`)
    case 'PARTIAL_FREEZE':
      return call('freezePartialTokens', encodeFunctionData({ abi: tokenAbi, functionName: 'freezePartialTokens', args: [who, amount] }), `freeze ${amount} of ${who}`)
    case 'PARTIAL_UNFREEZE':
      return call('unfreezePartialTokens', encodeFunctionData({ abi: tokenAbi, functionName: 'unfreezePartialTokens', args: [who, amount] }), `unfreeze ${amount} of ${who}`)
    case 'FORCED_TRANSFER': {
      const to = getAddress(a.to_address!) as Address
      return call('forcedTransfer', encodeFunctionData({ abi: tokenAbi, functionName: 'forcedTransfer', args: [who, to, amount] }), `forced transfer of ${amount} from ${who} to ${to}`)
    }
    case 'BURN':
      return call('burn', encodeFunctionData({ abi: tokenAbi, functionName: 'burn', args: [who, amount] }), `burn ${amount} of ${who}`)
  }
}

/**
 * Asks custody for an action's transaction (once, by its externalTxId) and
 * records that custody has it. Called by the request that creates the action,
 * so the answer carries the custody transaction at once, and by the workflow.
 */
export async function sendAction(ctx: PlatformContext, actionId: string): Promise<{ action: AgentActionRow; tx: CustodyTransaction }> {
  const action = await getActionRow(ctx, actionId)
  const { tx } = await findOrSubmit(ctx, action.external_tx_id, async () => ({ ...(await requestFor(ctx, action)), onBehalfOf: action.created_by }), actionWorkflowId(action.id), {
    afterSubmit: () => ctx.failpoint?.('agent-action:after-submitted'),
  })
  const updated = await ctx.db
    .updateTable('agent_actions')
    .set({ custody_tx_id: tx.id, custody_status: tx.status, status: 'SUBMITTED', tx_hash: tx.txHash, updated_at: ctx.clock.now() })
    .where('id', '=', actionId)
    .where('status', 'in', ['PENDING', 'SUBMITTED'])
    .returningAll()
    .executeTakeFirst()
  return { action: updated ?? action, tx }
}

/**
 * Once custody's transaction is final: the action COMPLETED (with the
 * holder's state after, read from the chain) or FAILED with custody's
 * reason, its audit entry and its `agent_action.completed` /
 * `agent_action.failed` webhook, in one transaction.
 */
async function send(ctx: PlatformContext, wf: WorkflowRow): Promise<StepOutcome> {
  const { actionId } = stateOf<{ actionId: string }>(wf)
  const { action, tx } = await sendAction(ctx, actionId)
  if (action.status === 'COMPLETED' || action.status === 'FAILED') return { type: 'done' }
  if (!isFinal(tx)) return { type: 'wait', ms: ctx.settings.custodyPollMs, waitingOn: action.external_tx_id }
  const ok = tx.status === 'COMPLETED'
  const why = [tx.subStatus, tx.statusReason].filter(Boolean).join(': ')
  const token = await getTokenRow(ctx, action.token_id)
  const holder = await readHolder(ctx, token, getAddress(action.address))
  const after = action.to_address ? { holder, receiver: await readHolder(ctx, token, getAddress(action.to_address)) } : { holder }
  const now = ctx.clock.now()
  return {
    type: 'done',
    apply: async (t) => {
      const row = await t
        .updateTable('agent_actions')
        .set({
          status: ok ? 'COMPLETED' : 'FAILED',
          status_code: ok ? null : `CUSTODY_TX_${tx.status}`,
          status_reason: ok ? null : `custody transaction ended ${tx.status}${why ? ` (${why})` : ''}`,
          custody_tx_id: tx.id,
          custody_status: tx.status,
          tx_hash: tx.txHash,
          after_state: JSON.stringify(after),
          completed_at: now,
          updated_at: now,
        })
        .where('id', '=', action.id)
        .where('status', 'not in', ['COMPLETED', 'FAILED'])
        .returningAll()
        .executeTakeFirst()
      if (!row) return
      const view = serializeAction(row)
      await recordChange(t, ctx, {
        at: now,
        actor: row.created_by,
        action: `agent.${row.kind.toLowerCase()}_${ok ? 'completed' : 'failed'}`,
        targetType: 'token',
        targetId: row.token_id,
        before: row.before_state,
        after: { actionId: row.id, kind: row.kind, reason: row.reason, status: row.status, statusCode: row.status_code, custodyTxId: tx.id, txHash: tx.txHash, ...after },
        correlationId: wf.correlation_id,
        events: [{ type: ok ? 'agent_action.completed' : 'agent_action.failed', resourceType: 'agent_action', resourceId: row.id, data: { ...view, before: undefined } }],
      })
    },
  }
}

/** AGENT_ACTION: one custody transaction for an agent's action on a holder, followed to its end. */
export const agentActionWorkflow: WorkflowDefinition = {
  kind: AGENT_ACTION,
  steps: { send },
  // Custody could not be asked (retries exhausted, or a refusal that cannot change): the action ends too.
  onFailed: async (tx, ctx, wf, code, message) => {
    const { actionId } = stateOf<{ actionId: string }>(wf)
    const now = ctx.clock.now()
    const row = await tx
      .updateTable('agent_actions')
      .set({ status: 'FAILED', status_code: code, status_reason: message, completed_at: now, updated_at: now })
      .where('id', '=', actionId)
      .where('status', 'not in', ['COMPLETED', 'FAILED'])
      .returningAll()
      .executeTakeFirst()
    if (row) {
      await recordChange(tx, ctx, {
        at: now,
        actor: 'system:agent-action',
        action: `agent.${row.kind.toLowerCase()}_failed`,
        targetType: 'token',
        targetId: row.token_id,
        after: { actionId: row.id, code, message },
        correlationId: wf.correlation_id,
        events: [{ type: 'agent_action.failed', resourceType: 'agent_action', resourceId: row.id, data: { ...serializeAction(row), before: undefined } }],
      })
    }
  },
}
