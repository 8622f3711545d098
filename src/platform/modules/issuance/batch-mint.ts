import { randomUUID } from 'node:crypto'
import type { Kysely, Selectable } from 'kysely'
import { ConflictError, NotFoundError } from '../../../shared/errors.ts'
import type { PlatformContext } from '../../context.ts'
import type { PlatformDB } from '../../db/schema.ts'
import { recordChange } from '../../record-change.ts'
import { startWorkflow } from '../../engine/start-workflow.ts'
import { DEFAULT_CHUNK_GAS_BUDGET, PROBE_HOLDERS, TX_GAS_CAP, holdersPerChunk, measureHolderGas, planChunks, type ProbeItem } from './batch-mint-gas.ts'
import { validateBatchItems, type BatchMintItemInput, type ValidItem } from './batch-mint-items.ts'
import type { BatchMintChunksTable, BatchMintGasModel, BatchMintItemsTable, BatchMintsTable } from './tables.ts'
import { operationsByIds, type OperationRow } from '../tokens/read-operations.ts'
import { hashRequest, tokenAddressOf, type TokenOperationStatus } from '../tokens/public.ts'
import { getTokenRow } from '../tokens/read-tokens.ts'

/** The BATCH_MINT workflow kind and ids. */
export const BATCH_MINT = 'BATCH_MINT' as const
export const batchMintWorkflowId = (batchId: string) => `batch-mint:${batchId}`
/** The custody externalTxId of a batch's chunk: fixed when the batch is planned, never reused. */
export const chunkExternalTxId = (batchId: string, chunkIndex: number) => `batch-mint:${batchId}:${chunkIndex}`

export interface BatchMintInput {
  tokenId: string
  items: BatchMintItemInput[]
  agreementRef: string
  idempotencyKey: string
  /** Lowers the gas budget of each chunk (default and maximum {@link DEFAULT_CHUNK_GAS_BUDGET}). */
  maxChunkGas?: number
}

type BatchRow = Selectable<BatchMintsTable>

/**
 * Accepts a batch mint: checks every item as a single mint would be checked
 * (any bad item refuses the whole batch, nothing recorded), sizes the chunks
 * from this token's measured batchMint gas so each custody transaction stays
 * under the per-transaction gas cap, and records the batch, its items, its
 * chunks (each with its externalTxId `batch-mint:<batchId>:<chunk>`) and the
 * BATCH_MINT workflow that sends them, in one transaction. The same key with
 * the same body returns the same batch; with another body, 409.
 */
export async function acceptBatchMint(ctx: PlatformContext, input: BatchMintInput, actor: string, correlationId?: string): Promise<{ batch: BatchMintView; created: boolean }> {
  const request = { tokenId: input.tokenId, agreementRef: input.agreementRef, items: input.items.map((i) => [i.investorId, i.quantity]), maxChunkGas: input.maxChunkGas ?? null }
  const hash = hashRequest(request)
  const existing = await findByKey(ctx.db, input.idempotencyKey)
  if (existing) return { batch: await getBatchMint(ctx, sameOrConflict(existing, hash).id), created: false }

  const token = await getTokenRow(ctx, input.tokenId)
  const tokenAddress = tokenAddressOf(token)
  const { items, total } = await validateBatchItems(ctx, token, input.items)
  const { issuerAgent } = await ctx.roles.get()
  const budget = input.maxChunkGas !== undefined && BigInt(input.maxChunkGas) < DEFAULT_CHUNK_GAS_BUDGET ? BigInt(input.maxChunkGas) : DEFAULT_CHUNK_GAS_BUDGET
  const { probe, firstTime } = probeOf(items)
  const model = await measureHolderGas(ctx.chain.publicClient, { token: tokenAddress, from: issuerAgent.address, probe, firstTime })
  const chunks = planChunks(items.length, model, budget)
  const gasModel: BatchMintGasModel = {
    baseGas: model.baseGas.toString(),
    perHolderGas: model.perHolderGas.toString(),
    probe: model.probe,
    chunkGasBudget: budget.toString(),
    holdersPerChunk: holdersPerChunk(model, budget),
    txGasCap: TX_GAS_CAP.toString(),
  }

  const id = randomUUID()
  const now = ctx.clock.now()
  try {
    await ctx.db.transaction().execute(async (tx) => {
      await tx
        .insertInto('batch_mints')
        .values({
          id,
          token_id: token.id,
          idempotency_key: input.idempotencyKey,
          request_hash: hash,
          agreement_ref: input.agreementRef,
          status: 'PROCESSING',
          item_count: items.length,
          total_quantity: total.toString(),
          chunk_count: chunks.length,
          gas_model: JSON.stringify(gasModel),
          created_by: actor,
          created_at: now,
          updated_at: now,
        })
        .execute()
      await tx
        .insertInto('batch_mint_chunks')
        .values(
          chunks.map((c) => ({
            batch_id: id,
            chunk_index: c.index,
            first_item: c.firstItem,
            last_item: c.lastItem,
            quantity: items.slice(c.firstItem, c.lastItem + 1).reduce((a, i) => a + i.quantity, 0n).toString(),
            predicted_gas: c.predictedGas,
            external_tx_id: chunkExternalTxId(id, c.index),
          })),
        )
        .execute()
      const chunkOf = chunks.flatMap((c) => Array.from({ length: c.holders }, () => c.index))
      for (let i = 0; i < items.length; i += 500) {
        await tx
          .insertInto('batch_mint_items')
          .values(items.slice(i, i + 500).map((it) => ({ batch_id: id, item_index: it.index, investor_id: it.investorId, wallet_address: it.wallet, quantity: it.quantity.toString(), chunk_index: chunkOf[it.index]! })))
          .execute()
      }
      await startWorkflow(tx, ctx, { id: batchMintWorkflowId(id), investorId: batchMintWorkflowId(id), kind: BATCH_MINT, step: 'send', state: { batchId: id }, correlationId })
      await recordChange(tx, ctx, {
        at: now,
        actor,
        action: 'batch_mint.requested',
        targetType: 'batch_mint',
        targetId: id,
        after: { status: 'PROCESSING', tokenId: token.id, agreementRef: input.agreementRef, idempotencyKey: input.idempotencyKey, requestHash: hash, itemCount: items.length, totalQuantity: total.toString(), chunkCount: chunks.length, gasModel },
        correlationId: correlationId ?? null,
        events: [{ type: 'batch_mint.requested', resourceType: 'batch_mint', resourceId: id, data: { id, tokenId: token.id, itemCount: items.length, totalQuantity: total.toString(), chunkCount: chunks.length } }],
      })
    })
  } catch (err) {
    // A concurrent request with the same key won the insert: answer as the repeat it is.
    const won = await findByKey(ctx.db, input.idempotencyKey)
    if (won) return { batch: await getBatchMint(ctx, sameOrConflict(won, hash).id), created: false }
    throw err
  }
  ctx.eventsCommitted()
  ctx.failpoint?.('batch-mint:after-plan-recorded')
  ctx.wake()
  return { batch: await getBatchMint(ctx, id), created: true }
}

/**
 * The holders the gas probe estimates: up to {@link PROBE_HOLDERS} of the
 * batch's first-time holders when it has two or more (what a holder costs at
 * most), else its first items, which the model then scales up.
 */
function probeOf(items: readonly ValidItem[]): { probe: ProbeItem[]; firstTime: boolean } {
  const fresh = items.filter((i) => i.firstTime)
  const firstTime = fresh.length >= Math.min(2, items.length)
  return { probe: (firstTime ? fresh : items).slice(0, PROBE_HOLDERS).map((i) => ({ wallet: i.wallet, quantity: i.quantity })), firstTime }
}

const findByKey = (db: Kysely<PlatformDB>, key: string) => db.selectFrom('batch_mints').selectAll().where('idempotency_key', '=', key).executeTakeFirst()

function sameOrConflict(existing: BatchRow, hash: string): BatchRow {
  if (existing.request_hash === hash) return existing
  throw new ConflictError('IDEMPOTENCY_KEY_REUSED', `idempotency key ${existing.idempotency_key} was used for another batch`, { batchId: existing.id })
}

/** A chunk's status: its operation's once sent; before that PLANNED, or NOT_SENT when the batch ended first. */
export type ChunkStatus = 'PLANNED' | 'NOT_SENT' | TokenOperationStatus
/** An item's status follows its chunk's. */
export type ItemStatus = 'PENDING' | 'MINTED' | 'FAILED' | 'NOT_SENT'

const itemStatusOf = (s: ChunkStatus): ItemStatus => (s === 'COMPLETED' ? 'MINTED' : s === 'FAILED' ? 'FAILED' : s === 'NOT_SENT' ? 'NOT_SENT' : 'PENDING')

type ChunkRow = Selectable<BatchMintChunksTable> & { op: OperationRow | null }

/** The batch with its chunks (each with its custody transaction) and its items. */
export async function getBatchMint(ctx: Pick<PlatformContext, 'db'>, id: string) {
  const batch = await ctx.db.selectFrom('batch_mints').selectAll().where('id', '=', id).executeTakeFirst()
  if (!batch) throw new NotFoundError('batch mint', id)
  const chunks = await ctx.db.selectFrom('batch_mint_chunks').selectAll().where('batch_id', '=', id).orderBy('chunk_index').execute()
  const opIds = chunks.map((c) => c.operation_id).filter((x): x is string => x !== null)
  const ops = await operationsByIds(ctx, opIds)
  const byId = new Map(ops.map((o) => [o.id, o]))
  const items = await ctx.db.selectFrom('batch_mint_items').selectAll().where('batch_id', '=', id).orderBy('item_index').execute()
  return serializeBatchMint(
    batch,
    chunks.map((c) => ({ ...c, op: c.operation_id ? (byId.get(c.operation_id) ?? null) : null })),
    items,
  )
}

export type BatchMintView = ReturnType<typeof serializeBatchMint>

function serializeBatchMint(b: BatchRow, chunks: ChunkRow[], items: Selectable<BatchMintItemsTable>[]) {
  const chunkStatus = chunks.map((c): ChunkStatus => c.op?.status ?? (b.status === 'FAILED' ? 'NOT_SENT' : 'PLANNED'))
  return {
    id: b.id,
    tokenId: b.token_id,
    status: b.status,
    statusCode: b.status_code,
    statusReason: b.status_reason,
    agreementRef: b.agreement_ref,
    idempotencyKey: b.idempotency_key,
    itemCount: b.item_count,
    totalQuantity: b.total_quantity,
    chunkCount: b.chunk_count,
    gasModel: b.gas_model,
    chunks: chunks.map((c, i) => ({
      index: c.chunk_index,
      firstItem: c.first_item,
      lastItem: c.last_item,
      holders: c.last_item - c.first_item + 1,
      quantity: c.quantity,
      predictedGas: c.predicted_gas.toString(),
      externalTxId: c.external_tx_id,
      status: chunkStatus[i]!,
      statusCode: c.op?.status_code ?? null,
      statusReason: c.op?.status_reason ?? null,
      operationId: c.operation_id,
      custodyTxId: c.op?.custody_tx_id ?? null,
      custodyStatus: c.op?.custody_status ?? null,
      txHash: c.op?.tx_hash ?? null,
    })),
    items: items.map((it) => ({
      index: it.item_index,
      investorId: it.investor_id,
      walletAddress: it.wallet_address,
      quantity: it.quantity,
      chunkIndex: it.chunk_index,
      status: itemStatusOf(chunkStatus[it.chunk_index]!),
    })),
    createdBy: b.created_by,
    createdAt: b.created_at.toISOString(),
    updatedAt: b.updated_at.toISOString(),
    completedAt: b.completed_at?.toISOString() ?? null,
  }
}
