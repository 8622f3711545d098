import { getAddress, type Address } from 'viem'
import type { Insertable } from 'kysely'
import type { PlatformContext } from '../../context.ts'
import type { IndexerBlocksTable, IndexerEventsTable } from './tables.ts'
import { hashAt, headerAt, headerOf, type BlockHeader } from './block-headers.ts'
import { decodeIndexedLog, INDEXED_EVENTS, type IndexedLog } from './decode-log.ts'
import { findCommonAncestor } from './find-common-ancestor.ts'
import { lockIndexerHead, readIndexerHead } from './indexer-head.ts'
import { rollBackTo, type RollBackHook } from './roll-back.ts'
import { ensureSources, type SourceRow } from './sources.ts'

export type IndexStep =
  /** The stored head was no longer canonical: everything above the common ancestor was dropped. */
  | { type: 'rolled_back'; from: bigint | null; to: bigint | null; removedEvents: number }
  /** One range was read and stored. */
  | { type: 'indexed'; from: bigint; to: bigint; events: number }
  /** Nothing to read: every source is at the head minus the confirmation depth. */
  | { type: 'idle'; head: bigint | null }
  /** The chain or another indexer moved while this step read; nothing was written. */
  | { type: 'raced' }

/**
 * One step of the indexer. First the stored head is compared with the
 * chain; if its hash changed, the index rolls back to the common ancestor
 * and the step ends. Otherwise it reads one bounded range of logs —
 * PLATFORM_INDEXER_BLOCK_RANGE blocks at most, never past the head minus
 * PLATFORM_INDEXER_CONFIRMATIONS — for every source that has not read it
 * yet (a token deployed later starts at its deploy block), and stores the
 * decoded events with the blocks holding them and the range's last block.
 * The step writes only if the range's last block and the stored head are
 * both still canonical after the read, so a reorg during the read costs a
 * retry, never a mixed fork.
 */
export async function indexStep(ctx: PlatformContext, opts: { onRollBack?: RollBackHook } = {}): Promise<IndexStep> {
  const client = ctx.chain.publicClient
  const head = await readIndexerHead(ctx.db)
  if (head.number !== null && (await hashAt(client, head.number)) !== head.hash) {
    const ancestor = await findCommonAncestor(ctx.db, (n) => hashAt(client, n))
    const r = await rollBackTo(ctx, head, ancestor, { onRollBack: opts.onRollBack })
    return r.applied ? { type: 'rolled_back', from: head.number, to: ancestor?.number ?? null, removedEvents: r.removedEvents } : { type: 'raced' }
  }

  const sources = await ensureSources(ctx)
  if (sources.length === 0) return { type: 'idle', head: head.number }
  const safe = (await client.getBlockNumber({ cacheTime: 0 })) - BigInt(ctx.config.PLATFORM_INDEXER_CONFIRMATIONS)
  const from = sources.reduce((m, s) => (s.synced_to < m ? s.synced_to : m), sources[0]!.synced_to) + 1n
  if (from > safe) return { type: 'idle', head: head.number }
  const range = BigInt(ctx.config.PLATFORM_INDEXER_BLOCK_RANGE)
  let to = from + range - 1n < safe ? from + range - 1n : safe
  let reading: Map<string, SourceRow>
  let logs: IndexedLog[]
  let top: BlockHeader | null
  for (;;) {
    const upTo = to
    reading = new Map(sources.filter((s) => s.synced_to < upTo).map((s) => [s.address, s]))
    // The range's last block before the logs, compared again after them: the logs belong to the chain that ends in it.
    top = await headerAt(client, to)
    if (!top) return { type: 'raced' }
    try {
      logs = await client.getLogs({ address: [...reading.keys()].map((a) => getAddress(a) as Address), events: INDEXED_EVENTS, fromBlock: from, toBlock: to, strict: true })
      break
    } catch (err) {
      // Providers cap a response (results, or blocks): read half the range instead.
      if (to === from) throw err
      ctx.logger.info({ from: from.toString(), to: to.toString(), message: (err as { shortMessage?: string }).shortMessage ?? (err as Error).message }, 'eth_getLogs refused the range; halving it')
      to = from + (to - from) / 2n
    }
  }
  const events: Insertable<IndexerEventsTable>[] = []
  for (const log of logs) {
    const source = reading.get(log.address.toLowerCase())
    if (log.removed || !source || log.blockNumber <= source.synced_to) continue
    const row = decodeIndexedLog(log, { kind: source.kind, tokenId: source.token_id })
    if (row) events.push(row)
  }
  const blocks = new Map<bigint, BlockHeader>([[top.number, top]])
  for (const e of events) {
    const n = BigInt(e.block_number)
    if (blocks.has(n)) continue
    const h = await headerOf(client, e.block_hash)
    if (!h || h.number !== n) return { type: 'raced' }
    blocks.set(n, h)
  }
  // What was read must still be the canonical chain on top of the stored head.
  if ((await hashAt(client, to)) !== top.hash) return { type: 'raced' }
  if (head.number !== null && (await hashAt(client, head.number)) !== head.hash) return { type: 'raced' }

  const now = ctx.clock.now()
  const written = await ctx.db.transaction().execute(async (tx) => {
    const locked = await lockIndexerHead(tx)
    if (locked.number !== head.number || locked.hash !== head.hash) return false
    const rows: Insertable<IndexerBlocksTable>[] = [...blocks.values()].map((b) => ({ number: b.number, hash: b.hash, parent_hash: b.parentHash, timestamp: b.timestamp, indexed_at: now }))
    await tx.insertInto('indexer_blocks').values(rows).onConflict((oc) => oc.column('number').doNothing()).execute()
    for (let i = 0; i < events.length; i += 500) {
      await tx
        .insertInto('indexer_events')
        .values(events.slice(i, i + 500))
        .onConflict((oc) => oc.columns(['block_number', 'log_index']).doNothing())
        .execute()
    }
    await tx.updateTable('indexer_sources').set({ synced_to: to }).where('address', 'in', [...reading.keys()]).where('synced_to', '<', to).execute()
    if (head.number === null || to > head.number) await tx.updateTable('indexer_state').set({ head_number: to, head_hash: top.hash, updated_at: now }).where('id', '=', 1).execute()
    return true
  })
  return written ? { type: 'indexed', from, to, events: events.length } : { type: 'raced' }
}
