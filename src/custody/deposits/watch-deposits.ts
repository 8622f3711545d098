import { sql } from 'kysely'
import { BlockNotFoundError, type Address, type Chain, type PublicClient, type Transport } from 'viem'
import type { CustodyContext } from '../context.ts'
import { listAssets } from '../assets/read-assets.ts'
import { pipelineClient } from '../pipeline/chain-cache.ts'
import { HEARTBEAT_MS } from '../pipeline/claim.ts'
import { finalBlock } from '../pipeline/finality.ts'
import { recordDepositChanges, type DepositMove } from './record-deposits.ts'
import { scanBlocks, type WatchedVault } from './scan-blocks.ts'
import type { DepositRow } from './schema.ts'

/** How long the scan cursor stays with the process that took it without a new pass. */
const LEASE_MS = 30_000
/** Scanned block hashes kept to find where a reorg began (beyond the confirmation depth). */
const MIN_KEPT_BLOCKS = 64
/** DETECTED deposits settled in one pass at most (the oldest first). */
const SETTLE_LIMIT = 1000

export interface DepositPassResult {
  /** False when another process holds the scan cursor (it scans; this one only settles). */
  scanned: boolean
  /** The cursor is still below the head after this pass (catching up: run the next one at once). */
  behind: boolean
  detected: DepositRow[]
  moved: DepositRow[]
}

type Client = PublicClient<Transport, Chain>

/**
 * One pass of the deposit watch (decision 0070): take the scan cursor's lease, step back
 * if the blocks last scanned are no longer canonical, read the next blocks for transfers
 * into vaults (DETECTED), then settle DETECTED deposits: RETRACTED where their block left
 * the canonical chain, CONFIRMED once final by custody's finality settings. Every write is
 * conditional (cursor position, status), so two processes cannot both advance the cursor
 * or both move one deposit; the lease only saves them from doing the same work twice.
 */
export async function runDepositPass(ctx: CustodyContext, watcherId: string): Promise<DepositPassResult> {
  const client = pipelineClient(ctx)
  const head = await client.getBlockNumber({ cacheTime: 0 })
  const result: DepositPassResult = { scanned: false, behind: false, detected: [], moved: [] }
  const cursor = await claimCursor(ctx, watcherId, head)
  if (cursor !== null) {
    result.scanned = true
    const from = await rewindAfterReorg(ctx, client, cursor, head)
    if (from !== null && from <= head) {
      const to = min(head, from + BigInt(ctx.config.CUSTODY_DEPOSIT_BLOCKS_PER_PASS) - 1n)
      const scanned = await scanRange(ctx, client, watcherId, from, to)
      if (scanned) result.detected.push(...scanned.detected), result.moved.push(...scanned.moved)
      result.behind = scanned !== null && to < head
    }
  }
  result.moved.push(...(await settleDetected(ctx, client, head)))
  return result
}

/** The cursor's next block when this process holds (or now takes) its lease; null if another holds it. */
async function claimCursor(ctx: CustodyContext, watcherId: string, head: bigint): Promise<bigint | null> {
  const now = ctx.clock.now()
  const chainId = ctx.chain.chainId
  const start = ctx.config.CUSTODY_DEPOSIT_START_BLOCK === 'latest' ? head : BigInt(ctx.config.CUSTODY_DEPOSIT_START_BLOCK)
  await ctx.db.insertInto('deposit_watch').values({ chain_id: chainId, next_block: start, locked_by: null, locked_until: null, updated_at: now }).onConflict((oc) => oc.doNothing()).execute()
  const deadSince = new Date(now.getTime() - HEARTBEAT_MS * 3)
  const row = await sql<{ next_block: bigint | string }>`
    update deposit_watch set locked_by = ${watcherId}, locked_until = ${new Date(now.getTime() + LEASE_MS)}
    where chain_id = ${chainId}
      and (locked_by is null or locked_by = ${watcherId} or locked_until < ${now}
           or not exists (select 1 from pipeline_workers w where w.id = deposit_watch.locked_by and w.heartbeat_at >= ${deadSince}))
    returning next_block`.execute(ctx.db)
  const got = row.rows[0]
  return got ? BigInt(got.next_block) : null
}

/**
 * Compares the hashes of the blocks last scanned with the chain's; where they differ, moves
 * the cursor back to just after the highest block still canonical and forgets the blocks
 * above it. Returns the cursor's block, or null when another process moved it meanwhile.
 */
async function rewindAfterReorg(ctx: CustodyContext, client: Client, next: bigint, head: bigint): Promise<bigint | null> {
  const chainId = ctx.chain.chainId
  const kept = await ctx.db.selectFrom('deposit_blocks').select(['number', 'hash']).where('chain_id', '=', chainId).where('number', '<', next).orderBy('number', 'desc').limit(keptBlocks(ctx)).execute()
  if (kept.length === 0) return next
  let match: bigint | null = null
  for (const k of kept) {
    const n = BigInt(k.number)
    if ((await canonicalHash(client, n, head)) === k.hash) {
      match = n
      break
    }
  }
  const top = BigInt(kept[0]!.number)
  if (match === top) return next
  // Deeper than the hashes kept: scan again from the oldest one kept (rescans never duplicate).
  const resume = match === null ? BigInt(kept[kept.length - 1]!.number) : match + 1n
  const moved = await ctx.db.transaction().execute(async (tx) => {
    const r = await tx.updateTable('deposit_watch').set({ next_block: resume, updated_at: ctx.clock.now() }).where('chain_id', '=', chainId).where('next_block', '=', next).executeTakeFirst()
    if (Number(r.numUpdatedRows) !== 1) return false
    await tx.deleteFrom('deposit_blocks').where('chain_id', '=', chainId).where('number', '>=', resume).execute()
    return true
  })
  if (!moved) return null
  ctx.logger.warn({ from: next.toString(), resume: resume.toString() }, 'deposit watch: blocks it scanned left the canonical chain; scanning again from the fork')
  return resume
}

async function scanRange(ctx: CustodyContext, client: Client, watcherId: string, from: bigint, to: bigint) {
  const chainId = ctx.chain.chainId
  const [vaultRows, assets, parent] = await Promise.all([
    ctx.db.selectFrom('vaults').select(['id', 'address']).execute(),
    listAssets(ctx),
    ctx.db.selectFrom('deposit_blocks').select('hash').where('chain_id', '=', chainId).where('number', '=', from - 1n).executeTakeFirst(),
  ])
  const vaults = new Map<string, WatchedVault>(vaultRows.map((v) => [v.address.toLowerCase(), { id: v.id, address: v.address as Address }]))
  const read = await scanBlocks(client, { from, to, vaults, assets, parentHash: parent?.hash })
  if (!read) {
    ctx.logger.info({ from: from.toString(), to: to.toString() }, 'deposit watch: the chain changed during the read; next pass looks for the fork')
    return null
  }
  const now = ctx.clock.now()
  const out = await ctx.db.transaction().execute(async (tx) => {
    const advanced = await tx.updateTable('deposit_watch').set({ next_block: to + 1n, updated_at: now }).where('chain_id', '=', chainId).where('next_block', '=', from).where('locked_by', '=', watcherId).executeTakeFirst()
    if (Number(advanced.numUpdatedRows) !== 1) return null
    for (const b of read.blocks) {
      await tx.insertInto('deposit_blocks').values({ chain_id: chainId, number: b.number, hash: b.hash }).onConflict((oc) => oc.columns(['chain_id', 'number']).doUpdateSet({ hash: b.hash })).execute()
    }
    await tx.deleteFrom('deposit_blocks').where('chain_id', '=', chainId).where('number', '<=', to - BigInt(keptBlocks(ctx))).execute()
    // A transfer seen again in another block (a reorg moved it) retracts the live row first.
    const hashes = [...new Set(read.transfers.map((t) => t.txHash.toLowerCase()))]
    const live = hashes.length === 0 ? [] : await tx.selectFrom('deposits').selectAll().where('chain_id', '=', chainId).where('status', '!=', 'RETRACTED').where('tx_hash', 'in', hashes).execute()
    const moves: DepositMove[] = []
    for (const t of read.transfers) {
      const row = live.find((d) => d.tx_hash === t.txHash.toLowerCase() && d.log_index === t.logIndex && d.address === t.address && d.asset_id === t.assetId)
      if (!row || row.block_hash === t.blockHash.toLowerCase()) continue
      if (row.status === 'DETECTED') moves.push({ current: row, to: 'RETRACTED', reason: `mined again in block ${t.blockNumber} (${t.blockHash.toLowerCase()})` })
      else ctx.logger.warn({ depositId: row.id, txHash: row.tx_hash, block: t.blockNumber.toString() }, 'deposit watch: a CONFIRMED deposit appears in another block (a reorg deeper than finality); kept as it is')
    }
    return recordDepositChanges(ctx, tx, { seen: read.transfers, moves })
  })
  if (!out) return null
  ctx.events.committed?.(out.written ?? undefined)
  for (const d of out.detected) ctx.logger.info({ depositId: d.id, vaultId: d.vault_id, assetId: d.asset_id, amount: d.amount, txHash: d.tx_hash }, 'deposit detected')
  if (out.detected.length > 0) ctx.failpoint?.('deposit-detected')
  return out
}

/** DETECTED deposits whose block left the chain are RETRACTED; those deep enough are CONFIRMED. */
async function settleDetected(ctx: CustodyContext, client: Client, head: bigint): Promise<DepositRow[]> {
  const open = await ctx.db.selectFrom('deposits').selectAll().where('chain_id', '=', ctx.chain.chainId).where('status', '=', 'DETECTED').orderBy('block_number').limit(SETTLE_LIMIT).execute()
  if (open.length === 0) return []
  const numbers = [...new Set(open.map((d) => BigInt(d.block_number)))]
  const hashes = new Map<bigint, string | null>()
  for (const n of numbers) hashes.set(n, await canonicalHash(client, n, head))
  const final = await finalBlock(ctx, head)
  const moves: DepositMove[] = []
  for (const d of open) {
    const n = BigInt(d.block_number)
    if (hashes.get(n) !== d.block_hash) moves.push({ current: d, to: 'RETRACTED', reason: `block ${n} (${d.block_hash}) is no longer on the canonical chain` })
    else if (n <= final) moves.push({ current: d, to: 'CONFIRMED', reason: ctx.pipeline.finality === 'finalized' ? 'at or below the finalized block' : `${head - n + 1n} confirmations` })
  }
  if (moves.length === 0) return []
  const out = await ctx.db.transaction().execute((tx) => recordDepositChanges(ctx, tx, { moves }))
  ctx.events.committed?.(out.written ?? undefined)
  for (const d of out.moved) ctx.logger.info({ depositId: d.id, status: d.status, txHash: d.tx_hash }, 'deposit settled')
  return out.moved
}

/** The canonical hash at `n` (lower case), or null when the chain has no block there. */
async function canonicalHash(client: Client, n: bigint, head: bigint): Promise<string | null> {
  if (n > head) return null
  try {
    const b = await client.getBlock({ blockNumber: n })
    return b.hash?.toLowerCase() ?? null
  } catch (err) {
    if (err instanceof BlockNotFoundError) return null
    throw err
  }
}

function keptBlocks(ctx: CustodyContext): number {
  return Math.max(MIN_KEPT_BLOCKS, ctx.pipeline.confirmations * 2)
}

const min = (a: bigint, b: bigint) => (a < b ? a : b)
