import { encodeFunctionData, getAddress, type Address } from 'viem'
import { custosLockupModuleAbi, modularComplianceAbi, tokenAbi } from '../../../chain/generated/abis.ts'
import { requireDeployments } from '../../chain/require-deployments.ts'
import { CustosError } from '../../../shared/errors.ts'
import type { PlatformContext } from '../../context.ts'
import type { WorkflowRow } from '../../engine/types.ts'
import { stateOf, type StepOutcome, type WorkflowDefinition } from '../../engine/types.ts'
import { getInvestorRow } from '../investors/read-investors.ts'
import { getTokenRow } from './read-tokens.ts'
import { findOperationByKey, getOperationRow, type OperationRow } from './read-operations.ts'
import { recordCustodyOutcome } from './record-custody-outcome.ts'
import { runMigrationStep } from './migration-step.ts'
import { TOKEN_OPERATION, operationWorkflowId } from './workflow-kinds.ts'
import { COMPLIANCE_SELECTORS, TOKEN_SELECTORS, tokenAddressOf } from './token-chain.ts'
import { type CustodyTransaction, findOrSubmit, type SubmitTransactionParameters } from '../custody/public.ts'

/** The custody transaction an operation asks for: who sends it, to which contract, with which calldata. */
async function requestFor(ctx: PlatformContext, op: OperationRow): Promise<Omit<SubmitTransactionParameters, 'externalTxId'>> {
  const token = await getTokenRow(ctx, op.token_id)
  const contract = tokenAddressOf(token)
  const call = (method: keyof typeof TOKEN_SELECTORS, data: `0x${string}`, sourceVaultId: string, note: string) => ({
    sourceVaultId,
    to: contract,
    data,
    intent: { type: 'contract.call' as const, contract, method: TOKEN_SELECTORS[method] },
    note,
  })
  switch (op.kind) {
    case 'MINT': {
      const { issuerAgent } = await ctx.roles.get()
      const to = getAddress(op.to_address!) as Address
      return call('mint', encodeFunctionData({ abi: tokenAbi, functionName: 'mint', args: [to, BigInt(op.quantity!)] }), issuerAgent.id, `mint ${op.quantity} ${token.symbol} to investor ${op.investor_id}`)
    }
    case 'TRANSFER': {
      const sender = await getInvestorRow(ctx, op.investor_id!)
      if (!sender.vault_id) throw new CustosError('INVESTOR_VAULT_MISSING', `investor ${op.investor_id} has no custody vault`, { status: 422 })
      const to = getAddress(op.to_address!) as Address
      return call('transfer', encodeFunctionData({ abi: tokenAbi, functionName: 'transfer', args: [to, BigInt(op.quantity!)] }), sender.vault_id, `transfer ${op.quantity} ${token.symbol} from investor ${op.investor_id}`)
    }
    case 'PAUSE':
    case 'UNPAUSE': {
      const { issuerAgent } = await ctx.roles.get()
      const fn = op.kind === 'PAUSE' ? 'pause' : 'unpause'
      return call(fn, encodeFunctionData({ abi: tokenAbi, functionName: fn }), issuerAgent.id, `${fn} ${token.symbol}`)
    }
    case 'FREEZE':
    case 'UNFREEZE': {
      const { issuerAgent } = await ctx.roles.get()
      const who = getAddress(op.to_address!) as Address
      const freeze = op.kind === 'FREEZE'
      return call('setAddressFrozen', encodeFunctionData({ abi: tokenAbi, functionName: 'setAddressFrozen', args: [who, freeze] }), issuerAgent.id, `${freeze ? 'freeze' : 'unfreeze'} ${who} on ${token.symbol} (investor ${op.investor_id})`)
    }
    case 'SET_MINT_LOCKUP': {
      // The compliance owner (the issuer-agent vault) calls the lock-up module through the token's compliance.
      const { issuerAgent } = await ctx.roles.get()
      const lockup = requireDeployments(ctx).modules?.lockup
      if (!lockup) throw new CustosError('LOCKUP_MODULE_MISSING', 'no lock-up module is deployed', { status: 500 })
      const compliance = getAddress(token.compliance_address!)
      const wallet = getAddress(op.to_address!) as Address
      const inner = encodeFunctionData({ abi: custosLockupModuleAbi, functionName: 'setNextMintLockup', args: [wallet, BigInt(op.quantity!)] })
      return {
        sourceVaultId: issuerAgent.id,
        to: compliance,
        data: encodeFunctionData({ abi: modularComplianceAbi, functionName: 'callModuleFunction', args: [inner, getAddress(lockup)] }),
        intent: { type: 'contract.call' as const, contract: compliance, method: COMPLIANCE_SELECTORS.callModuleFunction },
        note: `lock the next mint of ${token.symbol} to investor ${op.investor_id} for ${op.quantity} s`,
      }
    }
    default:
      throw new CustosError('TOKEN_OPERATION_UNSUPPORTED', `operation kind ${op.kind} is not sent by this workflow`, { status: 500 })
  }
}

/**
 * Asks custody for an operation's transaction (once, by its externalTxId) and
 * records what custody says of it on the operation. Called by the request
 * that creates the operation, so the caller sees the custody transaction at
 * once, and by the workflow until the transaction is final.
 */
export async function sendOperation(ctx: PlatformContext, operationId: string): Promise<{ op: OperationRow; tx: CustodyTransaction | null }> {
  const op = await getOperationRow(ctx, operationId)
  // A migration is several custody transactions, one step at a time (decision 0109).
  if (op.kind === 'MIGRATE_COMPLIANCE') return runMigrationStep(ctx, op)
  // A mint asked with its own lock-up goes only once the lock-up is recorded on-chain (0098).
  if (op.kind === 'MINT' && op.status === 'SUBMITTED' && op.custody_tx_id === null && op.idempotency_key) {
    const lockup = await findOperationByKey(ctx, 'SET_MINT_LOCKUP', op.idempotency_key)
    if (lockup?.status === 'FAILED') {
      const failed = await failOperation(ctx.db, ctx, op.id, 'MINT_LOCKUP_FAILED', `the lock-up was not recorded on-chain (operation ${lockup.id}): ${lockup.status_code}: ${lockup.status_reason}`)
      return { op: failed ?? op, tx: null }
    }
    if (lockup && lockup.status !== 'COMPLETED') return { op, tx: null }
  }
  const { tx } = await findOrSubmit(ctx, op.external_tx_id, async () => ({ ...(await requestFor(ctx, op)), onBehalfOf: op.created_by }), operationWorkflowId(op.id))
  const updated = await recordCustodyOutcome(ctx.db, ctx, op.id, tx)
  return { op: updated ?? op, tx }
}

async function send(ctx: PlatformContext, wf: WorkflowRow): Promise<StepOutcome> {
  const { operationId } = stateOf<{ operationId: string }>(wf)
  const { op, tx } = await sendOperation(ctx, operationId)
  if (op.status === 'COMPLETED' || op.status === 'FAILED') {
    return { type: 'done', audit: { action: op.status === 'COMPLETED' ? 'token.operation_completed' : 'token.operation_failed', details: { operationId, kind: op.kind, tokenId: op.token_id, custodyTxId: tx?.id ?? null, custodyStatus: tx?.status ?? null, txHash: tx?.txHash ?? null, code: op.status_code } } }
  }
  // A migration's step has its own externalTxId (the operation's plus the step).
  return { type: 'wait', ms: ctx.settings.custodyPollMs, waitingOn: tx ? (op.kind === 'MIGRATE_COMPLIANCE' ? tx.externalTxId : op.external_tx_id) : `mint-lockup:${op.idempotency_key}` }
}

/** Ends an operation FAILED before anything was asked of custody (its audit entry is the workflow's). */
async function failOperation(db: PlatformContext['db'], ctx: PlatformContext, id: string, code: string, reason: string): Promise<OperationRow | undefined> {
  return db
    .updateTable('token_operations')
    .set({ status: 'FAILED', status_code: code, status_reason: reason, updated_at: ctx.clock.now() })
    .where('id', '=', id)
    .where('status', 'not in', ['COMPLETED', 'FAILED'])
    .returningAll()
    .executeTakeFirst()
}

/** TOKEN_OPERATION: one custody transaction for a mint, transfer, pause or unpause (a migration: one per step), followed to its end. */
export const tokenOperationWorkflow: WorkflowDefinition = {
  kind: TOKEN_OPERATION,
  steps: { send },
  // Custody could not be asked (retries exhausted, or a refusal that cannot change): the operation ends too.
  onFailed: async (tx, ctx, wf, code, message) => {
    const { operationId } = stateOf<{ operationId: string }>(wf)
    await tx
      .updateTable('token_operations')
      .set({ status: 'FAILED', status_code: code, status_reason: message, updated_at: ctx.clock.now() })
      .where('id', '=', operationId)
      .where('status', 'not in', ['COMPLETED', 'AWAITING_REINCLUSION', 'FAILED'])
      .execute()
  },
}
