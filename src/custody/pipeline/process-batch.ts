import { GAS_STATION_EMPTY, raiseGasStationEmpty, type GasStationShortfall } from './gas-station-empty.ts'
import type { Hex } from 'viem'
import type { CustodyContext } from '../context.ts'
import { sql, type Insertable } from 'kysely'
import { FINAL_STATUSES, type TxBroadcastsTable } from '../db/schema.ts'
import { transitionMany, type TransitionManyOptions, type TransitionRequest } from '../transactions/transition.ts'
import type { TransactionRow } from '../transactions/serialize.ts'
import { authorizeBatch, complianceBeforeSigning, needingComplianceRecheck } from './authorize.ts'
import { StaleTransitionError } from '../transactions/transition.ts'
import { sendRaw } from './broadcast.ts'
import { broadcastOrder, inNonceOrder, sendGroup } from './broadcast-order.ts'
import { planConfirm } from './confirm.ts'
import { finalBlock } from './finality.ts'
import { serializeTransaction } from '../transactions/serialize.ts'
import { reserveNonces } from './nonces.ts'
import { planPrepare, type PrepareBatch } from './prepare.ts'
import { signAt } from './sign.ts'
import { haltedAddresses } from './signing-halts.ts'
import { recordSignatures, type SignatureRecord } from './record-signatures.ts'
import { currentFees, pipelineClient, vaultOf } from './chain-cache.ts'
import { awaitOfflineSignatureStep } from '../cold/offline-signing.ts'

const SYSTEM = 'system:pipeline'

type Outcome = { row: TransactionRow; wait?: Date; hold?: boolean }

/**
 * Advances a batch of claimed transactions as far as each can go now. Every
 * stage does its slow work (RPC, signing) for the whole batch first and then
 * commits all their transitions together in one database transaction (group
 * commit). The stages run in pipeline order, so a transaction can go from
 * SUBMITTED to COMPLETED in one pass; what must wait (approval, gas, the
 * chain) is given back to the queue with its due time.
 */
export async function processBatch(ctx: CustodyContext, claimed: TransactionRow[]): Promise<void> {
  const wait = new Map<string, Date>()
  // Transactions that ended with their lease cleared in the same update (confirmStage).
  const leaseEnded = new Set<string>()
  let active = claimed
  try {
    for (let round = 0; round < 4 && active.length > 0; round++) {
      const moved: TransactionRow[] = []
      const keep = (o: Outcome) => {
        if (o.wait) wait.set(o.row.id, o.wait)
        else if (!o.hold) moved.push(o.row)
        else if (o.row.locked_by === null && FINAL_STATUSES.includes(o.row.status)) leaseEnded.add(o.row.id)
      }
      let pool = active
      const take = (status: TransactionRow['status']) => {
        const mine = pool.filter((t) => t.status === status)
        pool = pool.filter((t) => t.status !== status)
        return mine
      }
      for (const o of await authorizeStage(ctx, take('SUBMITTED'))) pool.push(o.row)
      for (const o of await prepareStage(ctx, take('QUEUED'))) o.wait || o.hold ? keep(o) : pool.push(o.row)
      const signed = new Map<string, { raw: string; tx_hash: string }>()
      for (const o of await signStage(ctx, take('PENDING_SIGNATURE'), signed)) o.wait ? keep(o) : pool.push(o.row)
      for (const o of await broadcastStage(ctx, take('BROADCASTING'), signed)) o.wait ? keep(o) : pool.push(o.row)
      for (const o of await confirmStage(ctx, take('CONFIRMING'))) keep(o)
      // Whatever is left in the pool ended, or waits for people (PENDING_AUTHORIZATION).
      active = moved
    }
  } catch (err) {
    ctx.logger.error({ err, batch: claimed.length }, 'pipeline batch failed; will retry')
    const later = new Date(ctx.clock.now().getTime() + 2000)
    for (const t of claimed) if (!wait.has(t.id)) wait.set(t.id, later)
  }
  await releaseAll(ctx, claimed.filter((t) => !leaseEnded.has(t.id)).map((t) => t.id), wait)
}

async function commit(ctx: CustodyContext, requests: TransitionRequest[], opts?: TransitionManyOptions): Promise<TransactionRow[]> {
  const rows = await transitionMany(ctx, requests, opts)
  return rows.filter((r): r is TransactionRow => r !== null)
}

/** The signed bytes of a batch, stored with their transitions and audited, by one multi-row insert each. */
function storeBroadcasts(ctx: CustodyContext, rows: Map<string, Insertable<TxBroadcastsTable>>): TransitionManyOptions {
  return {
    afterUpdate: async (tx, moved) => {
      const records: SignatureRecord[] = []
      for (const m of moved) {
        const v = rows.get(m.row.id)
        if (!v) continue
        records.push({ transactionId: v.transaction_id, nonce: v.nonce, txHash: v.tx_hash, raw: v.raw, maxFeePerGas: v.max_fee_per_gas, maxPriorityFeePerGas: v.max_priority_fee_per_gas, why: 'first', correlationId: m.row.correlation_id, at: v.created_at as Date })
      }
      await recordSignatures(ctx, tx, records)
    },
  }
}

async function authorizeStage(ctx: CustodyContext, txs: TransactionRow[]): Promise<Outcome[]> {
  if (txs.length === 0) return []
  // In batch order, each decision counted toward velocity before the next (see authorizeBatch).
  return (await authorizeBatch(ctx, txs)).map((row) => ({ row }))
}

async function prepareStage(ctx: CustodyContext, queued: TransactionRow[]): Promise<Outcome[]> {
  if (queued.length === 0) return []
  const out: Outcome[] = []
  // Token checks again if people approved after they ran: a wallet may have been frozen meanwhile.
  const txs: TransactionRow[] = []
  const recheck = await needingComplianceRecheck(ctx, queued)
  for (const t of queued) {
    const blocked = recheck.has(t.id) ? await complianceBeforeSigning(ctx, t) : null
    if (blocked) out.push({ row: blocked, hold: true })
    else txs.push(t)
  }
  const batch: PrepareBatch = { balances: new Map() }
  const plans = await Promise.all(txs.map((t) => planPrepare(ctx, t, batch)))
  const requests: TransitionRequest[] = []
  const backstop = new Date(ctx.clock.now().getTime() + 30_000)
  const stationShort = new Map<string, { shortfall: GasStationShortfall; waiting: number }>()
  // Nonces follow submission order per address.
  const order = txs.map((t, i) => ({ t, p: plans[i]! })).sort((a, b) => a.t.created_at.getTime() - b.t.created_at.getTime())
  for (const { t, p } of order) {
    if (p.kind === 'fail') requests.push({ current: t, to: 'FAILED', actor: SYSTEM, subStatus: p.subStatus, reason: p.reason, patch: { completed_at: ctx.clock.now() } })
    else if (p.kind === 'wait-gas') {
      // The top-up's completion wakes it; the due time is a backstop.
      if (t.sub_status === 'WAITING_FOR_GAS') out.push({ row: t, wait: backstop })
      else requests.push({ current: t, to: 'QUEUED', actor: SYSTEM, subStatus: 'WAITING_FOR_GAS', reason: `gas station top-up ${p.topUpId}` })
    } else if (p.kind === 'wait-station') {
      // Funding the station wakes it (checkGasStationFunded); the due time is a backstop.
      const s = stationShort.get(p.shortfall.stationId)
      stationShort.set(p.shortfall.stationId, { shortfall: !s || p.shortfall.needed > s.shortfall.needed ? p.shortfall : s.shortfall, waiting: (s?.waiting ?? 0) + 1 })
      if (t.sub_status === GAS_STATION_EMPTY) out.push({ row: t, wait: backstop })
      else requests.push({ current: t, to: 'QUEUED', actor: SYSTEM, subStatus: GAS_STATION_EMPTY, reason: p.reason })
    } else {
      ctx.failpoint?.('before-nonce-reservation')
      requests.push({
        current: t,
        to: 'PENDING_SIGNATURE',
        actor: SYSTEM,
        patch: { gas_limit: p.gas.toString(), max_fee_per_gas: p.maxFeePerGas.toString(), max_priority_fee_per_gas: p.maxPriorityFeePerGas.toString() },
      })
    }
  }
  // Nonces are reserved only for the rows that did move (a stale one must not burn a nonce),
  // in submission order, one ledger update per address and one update of the rows.
  const reserve: TransitionManyOptions = {
    afterUpdate: async (tx, moved) => {
      const signing = moved.filter((m) => m.row.status === 'PENDING_SIGNATURE')
      if (signing.length === 0) return
      const byAddress = new Map<string, TransactionRow[]>()
      for (const { row } of signing) byAddress.set(row.from_address, [...(byAddress.get(row.from_address) ?? []), row])
      for (const [address, rows] of byAddress) {
        let next = await reserveNonces(ctx, tx, address as Hex, rows.length)
        for (const row of rows) row.nonce = next++
      }
      const values = sql.join(signing.map(({ row }) => sql`(${row.id}::text, ${row.nonce}::bigint)`))
      await sql`update transactions as t set nonce = v.nonce from (values ${values}) as v (id, nonce) where t.id = v.id`.execute(tx)
    },
  }
  for (const row of await commit(ctx, requests, reserve)) {
    if (row.status === 'QUEUED') out.push({ row, wait: backstop })
    else out.push({ row, hold: row.status === 'FAILED' })
  }
  if (out.some((o) => o.row.status === 'PENDING_SIGNATURE')) ctx.failpoint?.('after-nonce-reservation')
  // One alert per episode, not per transaction or retry.
  for (const { shortfall, waiting } of stationShort.values()) await raiseGasStationEmpty(ctx, shortfall, waiting)
  return out
}

async function signStage(ctx: CustodyContext, pending: TransactionRow[], signedNow: Map<string, { raw: string; tx_hash: string }>): Promise<Outcome[]> {
  // Cold vaults are never signed online: they wait for the signed import.
  const cold: Outcome[] = []
  let txs: TransactionRow[] = []
  for (const t of pending) {
    if ((await vaultOf(ctx, t.source_vault_id)).tier === 'cold') {
      try {
        const { row, wait } = await awaitOfflineSignatureStep(ctx, t)
        cold.push({ row, wait })
      } catch (err) {
        if (!(err instanceof StaleTransitionError)) throw err
      }
    } else txs.push(t)
  }
  if (txs.length === 0) return cold
  // An address whose key may have been used elsewhere gets no signature until resumed.
  const halted = await haltedAddresses(ctx)
  if (halted.size > 0) {
    const stopped = txs.filter((t) => halted.has(t.from_address.toLowerCase()))
    const holdUntil = new Date(ctx.clock.now().getTime() + ctx.pipeline.chainWatchMs)
    const mark = stopped.filter((t) => t.sub_status !== 'SIGNING_HALTED')
    for (const t of stopped.filter((x) => x.sub_status === 'SIGNING_HALTED')) cold.push({ row: t, wait: holdUntil })
    const marked = await commit(ctx, mark.map((t) => ({ current: t, to: 'PENDING_SIGNATURE', actor: SYSTEM, subStatus: 'SIGNING_HALTED', reason: `signing is halted for ${t.from_address}: its nonce was used outside custody; an admin quorum must resume it` })))
    for (const row of marked) cold.push({ row, wait: holdUntil })
    txs = txs.filter((t) => !halted.has(t.from_address.toLowerCase()))
    if (txs.length === 0) return cold
  }
  const signed = await Promise.all(txs.map((t) => signAt(ctx, t, { maxFeePerGas: BigInt(t.max_fee_per_gas!), maxPriorityFeePerGas: BigInt(t.max_priority_fee_per_gas!) })))
  ctx.failpoint?.('after-signing')
  const now = ctx.clock.now()
  // The signed bytes are stored with the status change, before anything is sent:
  // after a crash the same bytes are broadcast again.
  const requests: TransitionRequest[] = txs.map((t, i) => ({ current: t, to: 'BROADCASTING', actor: SYSTEM, patch: { tx_hash: signed[i]!.hash, signed_at: now } }))
  const broadcasts = new Map(
    txs.map((t, i) => [t.id, { transaction_id: t.id, nonce: t.nonce!, tx_hash: signed[i]!.hash, raw: signed[i]!.raw, max_fee_per_gas: t.max_fee_per_gas!, max_priority_fee_per_gas: t.max_priority_fee_per_gas!, created_at: now }]),
  )
  const moved = await commit(ctx, requests, storeBroadcasts(ctx, broadcasts))
  for (const row of moved) signedNow.set(row.id, broadcasts.get(row.id)!)
  return [...cold, ...moved.map((row) => ({ row }))]
}

async function broadcastStage(ctx: CustodyContext, txs: TransactionRow[], signedNow: Map<string, { raw: string; tx_hash: string }>): Promise<Outcome[]> {
  if (txs.length === 0) return []
  // The bytes stored with the move to BROADCASTING: in hand if signed in this pass, else read back.
  const rawOf = new Map<string, { raw: string; tx_hash: string }>()
  for (const t of txs) if (signedNow.has(t.id)) rawOf.set(t.id, signedNow.get(t.id)!)
  const unknown = txs.filter((t) => !rawOf.has(t.id)).map((t) => t.id)
  const latest = unknown.length ? await ctx.db.selectFrom('tx_broadcasts').select(['transaction_id', 'raw', 'tx_hash', 'id']).where('transaction_id', 'in', unknown).orderBy('id', 'desc').execute() : []
  for (const b of latest) if (!rawOf.has(b.transaction_id)) rawOf.set(b.transaction_id, b)
  const ok = new Set<string>()
  const underpriced = new Set<string>()
  const byAddress = new Map<string, TransactionRow[]>()
  for (const t of txs) byAddress.set(t.from_address, [...(byAddress.get(t.from_address) ?? []), t])
  const order = await broadcastOrder(ctx)
  await Promise.all(
    [...byAddress].map(([address, mine]) =>
      inNonceOrder(ctx, address, async () => {
        const results = await sendGroup(ctx, address, mine.map((t) => ({ id: t.id, nonce: t.nonce!, raw: rawOf.get(t.id)!.raw as Hex })), order)
        for (const [id, r] of results) {
          if (r === 'sent') ok.add(id)
          else if (r === 'underpriced') underpriced.add(id)
        }
      }),
    ),
  )
  ctx.failpoint?.('after-broadcast')
  const now = ctx.clock.now()
  const out: Outcome[] = txs.filter((t) => !ok.has(t.id) && !underpriced.has(t.id)).map((row) => ({ row, wait: new Date(now.getTime() + 1000) }))
  const requests: TransitionRequest[] = txs
    .filter((t) => ok.has(t.id))
    .map((t) => ({ current: t, to: 'CONFIRMING', actor: SYSTEM, patch: { broadcast_at: now, tx_hash: rawOf.get(t.id)!.tx_hash }, subStatus: t.sub_status === 'REORGED' ? 'REORGED' : null }))
  // The node refuses the fee (the market moved since signing): sign again at the same nonce
  // with today's fee, store those bytes, and send them on the next pass.
  const halted = underpriced.size > 0 ? await haltedAddresses(ctx) : new Set<string>()
  for (const t of txs.filter((x) => underpriced.has(x.id))) {
    if (halted.has(t.from_address.toLowerCase())) {
      out.push({ row: t, wait: new Date(now.getTime() + ctx.pipeline.stuckAfterMs) })
      continue
    }
    const market = await currentFees(ctx, { fresh: true })
    const bump = (v: bigint) => (v * BigInt(100 + ctx.pipeline.replacementBumpPercent)) / 100n + 1n
    const prio = max(bump(BigInt(t.max_priority_fee_per_gas!)), market.maxPriorityFeePerGas)
    const fee = max(max(bump(BigInt(t.max_fee_per_gas!)), market.maxFeePerGas), prio)
    const { raw, hash } = await signAt(ctx, t, { maxFeePerGas: fee, maxPriorityFeePerGas: prio })
    requests.push({
      current: t,
      to: 'BROADCASTING',
      actor: SYSTEM,
      subStatus: 'REPRICED',
      reason: `the node refused max fee ${t.max_fee_per_gas}; signed again at nonce ${t.nonce} with max fee ${fee}`,
      patch: { tx_hash: hash, max_fee_per_gas: fee.toString(), max_priority_fee_per_gas: prio.toString() },
      alsoInTx: async (tx) => {
        await recordSignatures(ctx, tx, [{ transactionId: t.id, nonce: t.nonce!, txHash: hash, raw, maxFeePerGas: fee.toString(), maxPriorityFeePerGas: prio.toString(), why: 'repriced', replaces: t.tx_hash, correlationId: t.correlation_id, at: now }])
      },
    })
  }
  for (const row of await commit(ctx, requests)) out.push(row.status === 'BROADCASTING' ? { row, wait: now } : { row })
  return out
}

function max(a: bigint, b: bigint): bigint {
  return a > b ? a : b
}

async function confirmStage(ctx: CustodyContext, txs: TransactionRow[]): Promise<Outcome[]> {
  if (txs.length === 0) return []
  const now = ctx.clock.now()
  const later = new Date(now.getTime() + ctx.pipeline.confirmPollMs)
  const sent = await ctx.db.selectFrom('tx_broadcasts').selectAll().where('transaction_id', 'in', txs.map((t) => t.id)).orderBy('id', 'desc').execute()
  const head = await pipelineClient(ctx).getBlockNumber({ cacheTime: 0 })
  const final = await finalBlock(ctx, head)
  const plans = await Promise.all(txs.map((t) => planConfirm(ctx, t, sent.filter((s) => s.transaction_id === t.id), final)))
  const halted = plans.some((p) => p.kind === 'replace') ? await haltedAddresses(ctx) : new Set<string>()
  const out: Outcome[] = []
  const requests: TransitionRequest[] = []
  const replacements: { id: string; raw: Hex }[] = []
  for (const [i, t] of txs.entries()) {
    const p = plans[i]!
    if (p.kind === 'wait') out.push({ row: t, wait: later })
    else if (p.kind === 'shallow') {
      if (t.block_hash === p.receipt.blockHash) out.push({ row: t, wait: later })
      else
        requests.push({
          current: t,
          to: 'CONFIRMING',
          actor: SYSTEM,
          subStatus: 'WAITING_FOR_CONFIRMATIONS',
          patch: { block_number: p.receipt.blockNumber, block_hash: p.receipt.blockHash, tx_hash: p.receipt.transactionHash },
          // For those who want speed: mined, and named as not final (COMPLETED is final).
          alsoInTx: async (tx, row) => {
            await ctx.events.enqueue(tx, { type: 'transaction.mined_not_final', resourceType: 'transaction', resourceId: row.id, data: { ...serializeTransaction(row), final: false, finality: ctx.pipeline.finality } })
          },
        })
    } else if (p.kind === 'ceiling') {
      // The fee ceiling's policy: no higher offer; the highest bytes are sent again and the
      // transaction waits, while the chain watch raises transaction.stuck if nothing moves.
      await sendRaw(ctx, p.raw)
      out.push({ row: t, wait: new Date(now.getTime() + ctx.pipeline.stuckAfterMs) })
    } else if (p.kind === 'consumed') {
      requests.push({
        current: t,
        to: 'FAILED',
        actor: SYSTEM,
        subStatus: 'NONCE_USED_ELSEWHERE',
        reason: `nonce ${t.nonce} was used on-chain by a transaction custody did not sign (the account's nonce is ${p.chainNonce}); none of this transaction's signed bytes was mined`,
        patch: { completed_at: now, locked_until: null, locked_by: null },
      })
    } else if (p.kind === 'done') {
      const success = p.receipt.status === 'success'
      requests.push({
        current: t,
        to: success ? 'COMPLETED' : 'FAILED',
        actor: SYSTEM,
        subStatus: success ? null : 'ONCHAIN_REVERTED',
        reason: success ? null : 'the transaction was mined and reverted',
        // The lease ends with the transaction, in the same update: no release afterwards.
        patch: { tx_hash: p.receipt.transactionHash, block_number: p.receipt.blockNumber, block_hash: p.receipt.blockHash, gas_used: p.receipt.gasUsed.toString(), completed_at: now, locked_until: null, locked_by: null },
      })
    } else if (p.kind === 'reorged') {
      requests.push({ current: t, to: 'BROADCASTING', actor: SYSTEM, subStatus: 'REORGED', reason: `block ${t.block_number} was reorganised`, patch: { block_hash: null, block_number: null } })
    } else if (halted.has(t.from_address.toLowerCase())) {
      // No replacement signature for a halted address: its last bytes keep waiting.
      out.push({ row: t, wait: new Date(now.getTime() + ctx.pipeline.stuckAfterMs) })
    } else {
      const fees = { maxFeePerGas: p.maxFeePerGas, maxPriorityFeePerGas: p.maxPriorityFeePerGas }
      const { raw, hash } = await signAt(ctx, t, fees)
      replacements.push({ id: t.id, raw })
      requests.push({
        current: t,
        to: 'CONFIRMING',
        actor: SYSTEM,
        subStatus: 'REPLACED',
        reason: `not mined after ${Math.round(p.stuckFor / 1000)} s; replaced ${p.replacing} at nonce ${t.nonce} with max fee ${p.maxFeePerGas}`,
        patch: { tx_hash: hash, max_fee_per_gas: p.maxFeePerGas.toString(), max_priority_fee_per_gas: p.maxPriorityFeePerGas.toString() },
        alsoInTx: async (tx) => {
          await recordSignatures(ctx, tx, [{ transactionId: t.id, nonce: t.nonce!, txHash: hash, raw, maxFeePerGas: p.maxFeePerGas.toString(), maxPriorityFeePerGas: p.maxPriorityFeePerGas.toString(), why: 'replaced', replaces: p.replacing, correlationId: t.correlation_id, at: now }])
        },
      })
    }
  }
  const rows = await commit(ctx, requests)
  for (const r of replacements) if (rows.some((row) => row.id === r.id)) await sendRaw(ctx, r.raw)
  const parents: string[] = []
  for (const row of rows) {
    if (row.status === 'BROADCASTING') out.push({ row })
    else if (row.status === 'CONFIRMING') out.push({ row, wait: later })
    else {
      out.push({ row, hold: true })
      if (row.kind === 'GAS_TOPUP' && row.parent_id) parents.push(row.parent_id)
    }
  }
  if (parents.length) {
    await ctx.db.updateTable('transactions').set({ next_action_at: now }).where('id', 'in', parents).where('status', '=', 'QUEUED').execute()
    ctx.wake()
  }
  return out
}

async function releaseAll(ctx: CustodyContext, ids: string[], wait: Map<string, Date>): Promise<void> {
  const now = ctx.clock.now()
  const groups = new Map<number, string[]>()
  for (const id of ids) {
    const at = (wait.get(id) ?? now).getTime()
    groups.set(at, [...(groups.get(at) ?? []), id])
  }
  await ctx.db.transaction().execute(async (tx) => {
    for (const [at, group] of groups) {
      await tx.updateTable('transactions').set({ locked_until: null, locked_by: null, next_action_at: new Date(at) }).where('id', 'in', group).execute()
    }
  })
}
