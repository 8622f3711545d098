import { randomUUID } from 'node:crypto'
import { encodeFunctionData, getAddress } from 'viem'
import type { Kysely, Selectable } from 'kysely'
import { tokenAbi } from '../../../chain/generated/abis.ts'
import type { PlatformContext } from '../../context.ts'
import type { PlatformDB } from '../../db/schema.ts'
import { recordChange } from '../../record-change.ts'
import type { WorkflowRow } from '../../engine/types.ts'
import { stateOf, type StepOutcome, type WorkflowDefinition, type WorkflowDefinitions } from '../../engine/types.ts'
import { BATCH_MINT } from './batch-mint.ts'
import type { BatchMintChunksTable, BatchMintsTable } from './tables.ts'
import { hashRequest, insertOperation, recordCustodyOutcome, TOKEN_SELECTORS, tokenAddressOf } from '../tokens/public.ts'
import { operationsByIds } from '../tokens/read-operations.ts'
import { getTokenRow } from '../tokens/read-tokens.ts'
import { type CustodyTransaction, findOrSubmit, isFinal, type SubmitTransactionParameters } from '../custody/public.ts'

type Batch = Selectable<BatchMintsTable>
type Chunk = Selectable<BatchMintChunksTable>

const ACTOR = 'system:workflow:batch_mint'

/** The custody transaction of a chunk: batchMint(wallets, quantities) of its items, in order, from the issuer-agent vault. */
async function chunkRequest(ctx: PlatformContext, batch: Batch, chunk: Chunk): Promise<Omit<SubmitTransactionParameters, 'externalTxId'>> {
  const token = await getTokenRow(ctx, batch.token_id)
  const contract = tokenAddressOf(token)
  const items = await ctx.db
    .selectFrom('batch_mint_items')
    .select(['wallet_address', 'quantity'])
    .where('batch_id', '=', batch.id)
    .where('chunk_index', '=', chunk.chunk_index)
    .orderBy('item_index')
    .execute()
  const { issuerAgent } = await ctx.roles.get()
  const data = encodeFunctionData({ abi: tokenAbi, functionName: 'batchMint', args: [items.map((i) => getAddress(i.wallet_address)), items.map((i) => BigInt(i.quantity))] })
  return {
    sourceVaultId: issuerAgent.id,
    to: contract,
    data,
    intent: { type: 'contract.call', contract, method: TOKEN_SELECTORS.batchMint },
    note: `batch mint ${batch.id}, chunk ${chunk.chunk_index + 1} of ${batch.chunk_count}: ${items.length} holders, ${chunk.quantity} ${token.symbol}`,
  }
}

/** Records the chunk as a BATCH_MINT token operation (once), so it shows among the token's operations with its custody transaction. */
async function openChunk(ctx: PlatformContext, batch: Batch, chunk: Chunk): Promise<string> {
  const id = randomUUID()
  const now = ctx.clock.now()
  await ctx.db.transaction().execute(async (tx) => {
    await insertOperation(tx, {
      id,
      tokenId: batch.token_id,
      kind: 'BATCH_MINT',
      quantity: chunk.quantity,
      agreementRef: batch.agreement_ref,
      requestHash: hashRequest({ batchId: batch.id, chunkIndex: chunk.chunk_index, firstItem: chunk.first_item, lastItem: chunk.last_item }),
      externalTxId: chunk.external_tx_id,
      createdBy: batch.created_by,
      at: now,
    })
    await tx.updateTable('batch_mint_chunks').set({ operation_id: id }).where('batch_id', '=', batch.id).where('chunk_index', '=', chunk.chunk_index).where('operation_id', 'is', null).execute()
    await recordChange(tx, ctx, {
      at: now,
      actor: batch.created_by,
      action: 'token.batch_mint_requested',
      targetType: 'token',
      targetId: batch.token_id,
      after: { operationId: id, kind: 'BATCH_MINT', batchId: batch.id, chunkIndex: chunk.chunk_index, firstItem: chunk.first_item, lastItem: chunk.last_item, quantity: chunk.quantity, externalTxId: chunk.external_tx_id },
    })
  })
  return id
}

const why = (tx: CustodyTransaction) => [tx.subStatus, tx.statusReason].filter(Boolean).join(': ')

/** Ends a batch that is still PROCESSING, with its audit record and webhook event. */
async function endBatch(tx: Kysely<PlatformDB>, ctx: PlatformContext, batch: Batch, wf: WorkflowRow, status: 'COMPLETED' | 'FAILED', code: string | null, reason: string | null): Promise<void> {
  const now = ctx.clock.now()
  const ended = await tx
    .updateTable('batch_mints')
    .set({ status, status_code: code, status_reason: reason, updated_at: now, completed_at: now })
    .where('id', '=', batch.id)
    .where('status', '=', 'PROCESSING')
    .executeTakeFirst()
  if (Number(ended.numUpdatedRows) === 0) return
  const data = { id: batch.id, tokenId: batch.token_id, status, statusCode: code, statusReason: reason, itemCount: batch.item_count, totalQuantity: batch.total_quantity, chunkCount: batch.chunk_count }
  await recordChange(tx, ctx, {
    at: now,
    actor: ACTOR,
    action: status === 'COMPLETED' ? 'batch_mint.completed' : 'batch_mint.failed',
    targetType: 'batch_mint',
    targetId: batch.id,
    before: { status: 'PROCESSING' },
    after: { status, statusCode: code, statusReason: reason },
    correlationId: wf.correlation_id,
    events: [{ type: status === 'COMPLETED' ? 'batch_mint.completed' : 'batch_mint.failed', resourceType: 'batch_mint', resourceId: batch.id, data }],
  })
}

/**
 * Sends the batch's chunks in order, one at a time: the first chunk not yet
 * COMPLETED is found or submitted at custody under its planned externalTxId,
 * and the step waits until custody's transaction is final. A COMPLETED chunk
 * is recorded and the next one goes; a chunk that ends any other way ends the
 * batch FAILED (later chunks are never sent, nothing is re-sent under another
 * id). After a crash anywhere the step starts over from the records and
 * custody's answer for the same externalTxId, so no chunk is sent twice or
 * skipped.
 */
async function send(ctx: PlatformContext, wf: WorkflowRow): Promise<StepOutcome> {
  const { batchId } = stateOf<{ batchId: string }>(wf)
  const batch = await ctx.db.selectFrom('batch_mints').selectAll().where('id', '=', batchId).executeTakeFirstOrThrow()
  if (batch.status !== 'PROCESSING') return { type: 'done' }
  const chunks = await ctx.db.selectFrom('batch_mint_chunks').selectAll().where('batch_id', '=', batchId).orderBy('chunk_index').execute()
  const opIds = chunks.map((c) => c.operation_id).filter((x): x is string => x !== null)
  const done = new Set((await operationsByIds(ctx, opIds)).filter((o) => o.status === 'COMPLETED').map((o) => o.id))
  const chunk = chunks.find((c) => !c.operation_id || !done.has(c.operation_id))
  if (!chunk) {
    return {
      type: 'done',
      apply: (tx) => endBatch(tx, ctx, batch, wf, 'COMPLETED', null, null),
      audit: { action: 'batch_mint.workflow_completed', details: { batchId, chunkCount: batch.chunk_count, itemCount: batch.item_count } },
    }
  }

  const operationId = chunk.operation_id ?? (await openChunk(ctx, batch, chunk))
  const { tx, submitted } = await findOrSubmit(ctx, chunk.external_tx_id, () => chunkRequest(ctx, batch, chunk), wf.id)
  // Custody holds the chunk's transaction; the platform's records do not say so yet.
  if (submitted) ctx.failpoint?.('batch-mint:after-chunk-submitted')
  const details = { batchId, chunkIndex: chunk.chunk_index, firstItem: chunk.first_item, lastItem: chunk.last_item, quantity: chunk.quantity, externalTxId: chunk.external_tx_id, custodyTxId: tx.id, custodyStatus: tx.status, txHash: tx.txHash }

  if (tx.status === 'COMPLETED') {
    // On-chain and final at custody; the chunk's record still says otherwise.
    ctx.failpoint?.('batch-mint:before-chunk-recorded')
    return {
      type: 'next',
      step: 'send',
      apply: async (t) => {
        await recordCustodyOutcome(t, ctx, operationId, tx)
        await t.updateTable('batch_mints').set({ updated_at: ctx.clock.now() }).where('id', '=', batchId).execute()
        await recordChange(t, ctx, { at: ctx.clock.now(), actor: ACTOR, action: 'batch_mint.chunk_completed', targetType: 'batch_mint', targetId: batchId, after: { chunkIndex: chunk.chunk_index, status: 'COMPLETED' }, correlationId: wf.correlation_id, details })
      },
      audit: { action: 'batch_mint.chunk_recorded', details },
    }
  }
  if (isFinal(tx)) {
    const later = batch.chunk_count - chunk.chunk_index - 1
    const reason = `chunk ${chunk.chunk_index} (${chunk.external_tx_id}): custody transaction ended ${tx.status}${why(tx) ? ` (${why(tx)})` : ''}; ${chunk.chunk_index} earlier chunk(s) minted, ${later} later chunk(s) not sent`
    return {
      type: 'done',
      apply: async (t) => {
        await recordCustodyOutcome(t, ctx, operationId, tx)
        await endBatch(t, ctx, batch, wf, 'FAILED', `CUSTODY_TX_${tx.status}`, reason)
      },
      audit: { action: 'batch_mint.workflow_failed', details },
    }
  }
  await recordCustodyOutcome(ctx.db, ctx, operationId, tx)
  return { type: 'wait', ms: ctx.settings.custodyPollMs, waitingOn: chunk.external_tx_id, audit: submitted ? { action: 'batch_mint.chunk_submitted', details } : undefined }
}

/** BATCH_MINT: the chunks of one batch, sent through custody one after another, each exactly once. */
export const batchMintWorkflow: WorkflowDefinition = {
  kind: BATCH_MINT,
  steps: { send },
  // Custody could not be asked (retries exhausted, or a refusal that cannot change): the batch ends too.
  onFailed: async (tx, ctx, wf, code, message) => {
    const { batchId } = stateOf<{ batchId: string }>(wf)
    const batch = await tx.selectFrom('batch_mints').selectAll().where('id', '=', batchId).executeTakeFirst()
    if (batch) await endBatch(tx, ctx, batch, wf, 'FAILED', code, message)
  },
}

/** The batch-mint workflows, by kind. */
export const BATCH_MINT_WORKFLOW_DEFINITIONS: WorkflowDefinitions = { BATCH_MINT: batchMintWorkflow }
