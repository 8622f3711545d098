import { getAbiItem, getAddress, type Address } from 'viem'
import { sql } from 'kysely'
import { custosLockupModuleAbi } from '../../../chain/generated/abis.ts'
import type { PlatformContext } from '../../context.ts'
import { recordChange } from '../../record-change.ts'
import { investorIdsByWallet } from '../investors/read-investors.ts'
import { activeTokenContracts, getTokenRow } from '../tokens/read-tokens.ts'
import { lockupModuleOf } from './agent-chain.ts'
import { investorOfRecoveredWallets } from './read-recoveries.ts'

const SCAN_ID = 'lockup'
/** Blocks asked of the node per getLogs call. */
const LOG_SPAN = 5_000n

const lotLocked = getAbiItem({ abi: custosLockupModuleAbi, name: 'LotLocked' })
const lockedMoved = getAbiItem({ abi: custosLockupModuleAbi, name: 'LockedTokensMoved' })
const lockedBurnt = getAbiItem({ abi: custosLockupModuleAbi, name: 'LockedTokensBurnt' })

/**
 * Follows the lock-up module's logs up to the head: every lot locked for a
 * wallet of one of the platform's tokens is recorded once (LotLocked adds to
 * the lot of that wallet and release time), and a wallet whose locked tokens
 * moved or were burnt has its lots re-read from the module, so a lot handed
 * to a recovered wallet is counted there and no longer on the lost one. The
 * lots and the new cursor commit together: a crash re-reads the same blocks
 * into the same state.
 */
export async function scanLockupLots(ctx: PlatformContext): Promise<{ lots: number; toBlock: bigint | null }> {
  const lockup = ctx.chain.deployments?.modules?.lockup
  if (!lockup) return { lots: 0, toBlock: null }
  const cursor = await ctx.db.selectFrom('lockup_scan').select('last_block').where('id', '=', SCAN_ID).executeTakeFirst()
  const head = await ctx.chain.publicClient.getBlockNumber()
  if (cursor && cursor.last_block >= head) return { lots: 0, toBlock: head }
  const byCompliance = new Map<string, { tokenId: string; compliance: Address }>()
  let firstBlock: bigint | null = null
  for (const t of await activeTokenContracts(ctx)) {
    const token = await getTokenRow(ctx, t.id)
    if (!token.compliance_address || !lockupModuleOf(ctx, token)) continue
    byCompliance.set(token.compliance_address.toLowerCase(), { tokenId: token.id, compliance: getAddress(token.compliance_address) })
    if (t.deploy_block !== null && (firstBlock === null || t.deploy_block < firstBlock)) firstBlock = t.deploy_block
  }
  if (byCompliance.size === 0) return { lots: 0, toBlock: null }
  const from = cursor ? cursor.last_block + 1n : (firstBlock ?? 0n)
  if (from > head) return { lots: 0, toBlock: head }
  const to = from + LOG_SPAN - 1n < head ? from + LOG_SPAN - 1n : head
  const logs = await ctx.chain.publicClient.getLogs({ address: getAddress(lockup), events: [lotLocked, lockedMoved, lockedBurnt], fromBlock: from, toBlock: to })

  const locked: Array<{ tokenId: string; wallet: string; releaseAt: Date; amount: bigint; block: bigint }> = []
  const touched = new Map<string, { tokenId: string; compliance: Address; wallet: Address }>()
  for (const log of logs) {
    const args = log.args as { compliance?: Address; wallet?: Address; from?: Address; amount?: bigint; releaseTime?: bigint }
    const token = args.compliance ? byCompliance.get(args.compliance.toLowerCase()) : undefined
    if (!token) continue
    if (log.eventName === 'LotLocked') {
      locked.push({ tokenId: token.tokenId, wallet: getAddress(args.wallet!), releaseAt: new Date(Number(args.releaseTime!) * 1000), amount: args.amount!, block: log.blockNumber! })
    } else {
      const wallet = getAddress(log.eventName === 'LockedTokensMoved' ? args.from! : args.wallet!)
      touched.set(`${token.tokenId}:${wallet}`, { ...token, wallet })
    }
  }
  // What is left locked in the touched wallets' lots at the scanned head (a lot not listed and not yet due was taken).
  const refreshed: Array<{ tokenId: string; wallet: string; lots: Map<number, bigint>; chainNow: Date }> = []
  if (touched.size > 0) {
    const block = await ctx.chain.publicClient.getBlock({ blockNumber: to })
    const chainNow = new Date(Number(block.timestamp) * 1000)
    for (const t of touched.values()) {
      const lots = await ctx.chain.publicClient.readContract({ address: getAddress(lockup), abi: custosLockupModuleAbi, functionName: 'lotsOf', args: [t.compliance, t.wallet], blockNumber: to })
      refreshed.push({ tokenId: t.tokenId, wallet: t.wallet, lots: new Map(lots.map((l) => [Number(l.releaseTime) * 1000, l.amount])), chainNow })
    }
  }
  const now = ctx.clock.now()
  await ctx.db.transaction().execute(async (tx) => {
    for (const l of locked) {
      await tx
        .insertInto('lockup_lots')
        .values({ token_id: l.tokenId, wallet: l.wallet, release_at: l.releaseAt, amount: l.amount.toString(), first_seen_block: l.block, created_at: now, updated_at: now })
        .onConflict((oc) => oc.columns(['token_id', 'wallet', 'release_at']).doUpdateSet({ amount: sql`lockup_lots.amount + excluded.amount`, updated_at: now }))
        .execute()
    }
    for (const r of refreshed) {
      const stored = await tx.selectFrom('lockup_lots').select(['release_at', 'amount']).where('token_id', '=', r.tokenId).where('wallet', '=', r.wallet).where('released_notified_at', 'is', null).execute()
      for (const s of stored) {
        if (s.release_at <= r.chainNow) continue
        const left = r.lots.get(s.release_at.getTime()) ?? 0n
        if (left.toString() === s.amount) continue
        await tx.updateTable('lockup_lots').set({ amount: left.toString(), updated_at: now }).where('token_id', '=', r.tokenId).where('wallet', '=', r.wallet).where('release_at', '=', s.release_at).execute()
      }
    }
    await tx
      .insertInto('lockup_scan')
      .values({ id: SCAN_ID, last_block: to, updated_at: now })
      .onConflict((oc) => oc.column('id').doUpdateSet({ last_block: to, updated_at: now }))
      .execute()
  })
  return { lots: locked.length, toBlock: to }
}

/**
 * Sends `lockup.released` once per lot whose release time the business clock
 * has passed (the lot still holding tokens): the mark and the webhook commit
 * together, and a lot already marked is never sent again.
 */
export async function notifyReleasedLots(ctx: PlatformContext, limit = 200): Promise<number> {
  const now = ctx.clock.now()
  const due = await ctx.db
    .selectFrom('lockup_lots')
    .selectAll()
    .where('released_notified_at', 'is', null)
    .where('release_at', '<=', now)
    .where(sql<boolean>`amount > 0`)
    .orderBy('release_at')
    .limit(limit)
    .execute()
  if (due.length === 0) return 0
  const wallets = [...new Set(due.map((l) => l.wallet.toLowerCase()))]
  const [current, recovered] = await Promise.all([investorIdsByWallet(ctx, wallets), investorOfRecoveredWallets(ctx, wallets)])
  let sent = 0
  for (const lot of due) {
    const investorId = current.get(lot.wallet.toLowerCase()) ?? recovered.get(lot.wallet.toLowerCase()) ?? null
    const data = { tokenId: lot.token_id, investorId, address: lot.wallet, amount: lot.amount, releasedAt: lot.release_at.toISOString() }
    const marked = await ctx.db.transaction().execute(async (tx) => {
      const row = await tx
        .updateTable('lockup_lots')
        .set({ released_notified_at: now, updated_at: now })
        .where('token_id', '=', lot.token_id)
        .where('wallet', '=', lot.wallet)
        .where('release_at', '=', lot.release_at)
        .where('released_notified_at', 'is', null)
        .returning('token_id')
        .executeTakeFirst()
      if (!row) return false
      await recordChange(tx, ctx, {
        at: now,
        actor: 'system:lockup-watch',
        action: 'token.lockup_released',
        targetType: 'token',
        targetId: lot.token_id,
        after: data,
        events: [{ type: 'lockup.released', resourceType: 'lockup_lot', resourceId: `${lot.token_id}:${lot.wallet}:${lot.release_at.toISOString()}`, data }],
      })
      return true
    })
    if (marked) sent++
  }
  if (sent > 0) ctx.eventsCommitted()
  return sent
}
