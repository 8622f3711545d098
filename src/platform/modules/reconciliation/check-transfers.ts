import { sql } from 'kysely'
import type { PlatformContext } from '../../context.ts'
import type { Drift } from './raise-alert.ts'
import { operationsInFlight } from '../tokens/read-operations.ts'
import { agentActionTransactions } from '../agent/read-actions.ts'
import { settlementTransactions } from '../redemptions/read-offers.ts'

export interface CheckTransfersReturnType {
  /** Transactions whose movements no platform operation explains. */
  drifts: Drift[]
  /** Dedupe keys of unexplained movements that an operation still in flight may yet explain (not raised this run). */
  deferred: string[]
}

export const unexplainedKey = (tokenId: string, txHash: string) => `UNEXPLAINED_TRANSFER:${tokenId}:${txHash}`

/**
 * Every indexed Transfer on a platform token must come from a transaction
 * the platform asked for: an operation of that token (not FAILED) with that
 * hash, an agent's action on it (a forced transfer or burn through the
 * agent API, a wallet recovery's moves), or the settlement of a tender or
 * redemption (tokens burned or moved delivery-versus-payment). A movement without one — a forced
 * transfer, a mint or burn sent outside the platform — is drift, one per transaction. Before calling
 * it so, the operations of the token still in flight are looked up at
 * custody: one of them may have been mined before the platform recorded
 * its hash (or custody cannot be asked now — then it waits for the next run).
 */
export async function checkTransfers(ctx: PlatformContext): Promise<CheckTransfersReturnType> {
  const rows = await sql<{ token_id: string; tx_hash: string; block_number: string; from_address: string; to_address: string; amount: string; log_index: number }>`
    select e.token_id, e.tx_hash, e.block_number::text as block_number, e.from_address, e.to_address, e.amount::text as amount, e.log_index
    from indexer_events e
    where e.kind = 'TRANSFER' and e.token_id is not null
      and not exists (
        select 1 from token_operations o
        where o.token_id = e.token_id and lower(o.tx_hash) = e.tx_hash and o.status <> 'FAILED'
      )
    order by e.block_number, e.log_index`.execute(ctx.db)
  const byTx = new Map<string, { tokenId: string; txHash: string; blockNumber: bigint; moves: Array<{ from: string; to: string; amount: string }> }>()
  const explained = new Map<string, Promise<{ hashes: string[]; inFlight: string[] }>>()
  const explainedOf = (tokenId: string) => {
    if (!explained.has(tokenId)) {
      explained.set(
        tokenId,
        Promise.all([agentActionTransactions(ctx, tokenId), settlementTransactions(ctx, tokenId)]).then(([a, s]) => ({ hashes: [...a.hashes, ...s.hashes], inFlight: [...a.inFlight, ...s.inFlight] })),
      )
    }
    return explained.get(tokenId)!
  }
  for (const r of rows.rows) {
    if ((await explainedOf(r.token_id)).hashes.includes(r.tx_hash.toLowerCase())) continue
    const k = unexplainedKey(r.token_id, r.tx_hash)
    const entry = byTx.get(k) ?? { tokenId: r.token_id, txHash: r.tx_hash, blockNumber: BigInt(r.block_number), moves: [] }
    entry.moves.push({ from: r.from_address, to: r.to_address, amount: r.amount })
    byTx.set(k, entry)
  }

  const out: CheckTransfersReturnType = { drifts: [], deferred: [] }
  const inFlight = new Map<string, Promise<Set<string> | null>>()
  for (const [k, m] of byTx) {
    if (!inFlight.has(m.tokenId)) inFlight.set(m.tokenId, explainedOf(m.tokenId).then((a) => inFlightHashes(ctx, m.tokenId, a.inFlight)))
    const hashes = await inFlight.get(m.tokenId)!
    if (hashes === null || hashes.has(m.txHash)) {
      out.deferred.push(k)
      continue
    }
    out.drifts.push({
      kind: 'UNEXPLAINED_TRANSFER',
      key: k,
      tokenId: m.tokenId,
      txHash: m.txHash,
      blockNumber: m.blockNumber,
      details: { moves: m.moves, message: 'tokens moved on-chain in a transaction no platform operation asked for (an agent’s forced transfer, a mint or burn outside the platform?)' },
    })
  }
  return out
}

/** The current transaction hashes of the token's operations and agent actions in flight, as custody knows them (null: custody not reachable). */
async function inFlightHashes(ctx: PlatformContext, tokenId: string, agentInFlight: string[]): Promise<Set<string> | null> {
  const ops = await operationsInFlight(ctx, tokenId)
  const hashes = new Set<string>()
  for (const op of [...ops, ...agentInFlight.map((external_tx_id) => ({ external_tx_id, tx_hash: null as string | null }))]) {
    if (op.tx_hash) hashes.add(op.tx_hash.toLowerCase())
    try {
      const tx = await ctx.custody.findTransaction(op.external_tx_id)
      if (tx?.txHash) hashes.add(tx.txHash.toLowerCase())
    } catch (err) {
      ctx.logger.info({ code: (err as { code?: string }).code, message: (err as Error).message }, 'custody not reachable: unexplained movements of this token wait for the next reconciliation')
      return null
    }
  }
  return hashes
}
