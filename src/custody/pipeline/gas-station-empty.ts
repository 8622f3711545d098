import { randomUUID } from 'node:crypto'
import { getAddress, type Address } from 'viem'
import type { CustodyContext } from '../context.ts'
import { recordChange } from '../events.ts'
import { pipelineClient } from './chain-cache.ts'

/** The sub-status of a transaction waiting because the gas station cannot pay its gas. */
export const GAS_STATION_EMPTY = 'GAS_STATION_EMPTY'

export interface GasStationShortfall {
  stationId: string
  address: string
  /** Wei the station holds, and wei it would need to pay this transaction's gas. */
  balance: bigint
  needed: bigint
}

/** What a waiting transaction says (its status reason): the station, what it holds, what it lacks. */
export function shortfallReason(s: GasStationShortfall, forWhat: string): string {
  return `gas station ${getAddress(s.address)} holds ${s.balance} wei and needs ${s.needed} wei ${forWhat}: short ${s.needed - s.balance} wei; funding the station resumes this transaction`
}

/**
 * Raises the `gas_station.empty` alert (webhook and audit entry) once per episode: one OPEN
 * alert per (chain, station), whatever the number of waiting transactions and retries
 * (decision 0092). A later, larger need only raises the OPEN alert's `needed`. Returns
 * whether this call raised it.
 */
export async function raiseGasStationEmpty(ctx: CustodyContext, s: GasStationShortfall, waiting: number): Promise<boolean> {
  const now = ctx.clock.now()
  const raised = await ctx.db.transaction().execute(async (tx) => {
    const open = await tx.selectFrom('gas_station_alerts').select(['id', 'needed']).where('chain_id', '=', ctx.chain.chainId).where('vault_id', '=', s.stationId).where('status', '=', 'OPEN').forUpdate().executeTakeFirst()
    if (open) {
      if (BigInt(open.needed) < s.needed) await tx.updateTable('gas_station_alerts').set({ needed: s.needed.toString() }).where('id', '=', open.id).execute()
      return false
    }
    const row = await tx
      .insertInto('gas_station_alerts')
      .values({ id: `gsa_${randomUUID()}`, chain_id: ctx.chain.chainId, vault_id: s.stationId, address: s.address.toLowerCase(), status: 'OPEN', balance: s.balance.toString(), needed: s.needed.toString(), raised_at: now, resolved_at: null })
      .onConflict((oc) => oc.columns(['chain_id', 'vault_id']).where('status', '=', 'OPEN').doNothing())
      .returningAll()
      .executeTakeFirst()
    if (!row) return false
    const data = {
      alertId: row.id,
      vaultId: s.stationId,
      address: getAddress(s.address),
      chainId: ctx.chain.chainId,
      balance: s.balance.toString(),
      needed: s.needed.toString(),
      shortfall: (s.needed - s.balance).toString(),
      waitingTransactions: waiting,
      alert: `the gas station cannot pay the gas of waiting transactions: ${shortfallReason(s, 'for the first of them')}`,
    }
    await recordChange(tx, ctx.events, {
      at: now,
      actor: 'system:pipeline',
      action: 'gas_station.empty',
      targetType: 'vault',
      targetId: s.stationId,
      after: data,
      event: { type: 'gas_station.empty', resourceType: 'vault', resourceId: s.stationId, data },
    })
    return true
  })
  if (raised) {
    ctx.events.committed?.()
    ctx.logger.error({ station: s.address, balance: s.balance.toString(), needed: s.needed.toString(), waiting }, 'gas station cannot pay: transactions wait for it to be funded')
  }
  return raised
}

/**
 * A chain-watch step: an OPEN `gas_station.empty` alert whose station now holds what the
 * largest waiting need was is resolved (`gas_station.funded`, audited), and the
 * transactions waiting with GAS_STATION_EMPTY are woken: funding resumes them, no
 * operator action. Returns the alerts resolved.
 */
export async function checkGasStationFunded(ctx: CustodyContext): Promise<number> {
  const open = await ctx.db.selectFrom('gas_station_alerts').selectAll().where('chain_id', '=', ctx.chain.chainId).where('status', '=', 'OPEN').execute()
  let resolved = 0
  for (const a of open) {
    const balance = await pipelineClient(ctx).getBalance({ address: a.address as Address })
    if (balance < BigInt(a.needed)) continue
    const now = ctx.clock.now()
    const done = await ctx.db.transaction().execute(async (tx) => {
      const row = await tx.updateTable('gas_station_alerts').set({ status: 'RESOLVED', resolved_at: now }).where('id', '=', a.id).where('status', '=', 'OPEN').returningAll().executeTakeFirst()
      if (!row) return false
      const woken = await tx.updateTable('transactions').set({ next_action_at: now }).where('status', '=', 'QUEUED').where('sub_status', '=', GAS_STATION_EMPTY).returning('id').execute()
      const data = { alertId: a.id, vaultId: a.vault_id, address: getAddress(a.address), chainId: a.chain_id, balance: balance.toString(), needed: a.needed, resumedTransactions: woken.length }
      await recordChange(tx, ctx.events, {
        at: now,
        actor: 'system:chain-watch',
        action: 'gas_station.funded',
        targetType: 'vault',
        targetId: a.vault_id,
        before: { status: 'OPEN', balance: a.balance },
        after: data,
        event: { type: 'gas_station.funded', resourceType: 'vault', resourceId: a.vault_id, data },
      })
      return true
    })
    if (!done) continue
    resolved++
    ctx.events.committed?.()
    ctx.wake()
    ctx.logger.info({ station: a.address, balance: balance.toString() }, 'gas station funded: waiting transactions resume')
  }
  return resolved
}
