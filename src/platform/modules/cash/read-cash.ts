import { erc20Abi, getAddress } from 'viem'
import { ValidationError } from '../../../shared/errors.ts'
import type { PlatformContext } from '../../context.ts'
import { getInvestorRow } from '../investors/read-investors.ts'
import { acceptedAssets, describeAsset } from './accepted-assets.ts'
import { CashRefusedError } from './errors.ts'
import { balancesOf } from './ledger.ts'

/** The investor's custodial deposit address (its own vault, the one that holds its tokens) and the assets credited as cash. */
export async function depositAddress(ctx: PlatformContext, investorId: string) {
  const investor = await getInvestorRow(ctx, investorId)
  if (!investor.vault_id || !investor.wallet_address) throw new CashRefusedError('DEPOSIT_ADDRESS_NOT_READY', `investor ${investorId} is ${investor.status}`, { investorStatus: investor.status })
  return {
    investorId,
    chainId: ctx.chain.chainId,
    vaultId: investor.vault_id,
    address: investor.wallet_address,
    assets: await Promise.all(acceptedAssets(ctx).map((a) => describeAsset(ctx, a))),
  }
}

const cursorOf = (seq: string) => Buffer.from(seq).toString('base64url')
function parseCursor(c: string): string {
  const s = Buffer.from(c, 'base64url').toString()
  if (!/^[0-9]{1,19}$/.test(s)) throw new ValidationError('cursor is not one this API gave', { field: 'cursor' })
  return s
}

/**
 * The investor's cash: per asset `available` (what it may spend), `reserved` (set aside for
 * payments and withdrawals under way) and `total`, from the ledger, with `vaultBalance` read
 * from the chain; and the ledger's entries, newest first, a page at a time.
 */
export async function cashOf(ctx: PlatformContext, investorId: string, q: { limit?: number; cursor?: string }) {
  const investor = await getInvestorRow(ctx, investorId)
  const limit = Math.min(Math.max(q.limit ?? 50, 1), 200)
  let query = ctx.db.selectFrom('cash_entries').selectAll().where('investor_id', '=', investorId).orderBy('seq', 'desc').limit(limit + 1)
  if (q.cursor) query = query.where('seq', '<', parseCursor(q.cursor))
  const rows = await query.execute()
  const page = rows.slice(0, limit)
  const balances = await balancesOf(ctx.db, investorId)
  const assets = [...new Set([...acceptedAssets(ctx), ...balances.map((b) => b.asset)])]
  // What the vault holds on-chain, beside the ledger: a difference is money that moved outside the cash module.
  const wallet = investor.wallet_address ? getAddress(investor.wallet_address) : null
  const held = await Promise.all(assets.map((a) => (wallet ? ctx.chain.publicClient.readContract({ address: getAddress(a), abi: erc20Abi, functionName: 'balanceOf', args: [wallet] }) : Promise.resolve(null))))
  return {
    investorId,
    balances: assets.map((asset, i) => {
      const b = balances.find((x) => x.asset.toLowerCase() === asset.toLowerCase()) ?? { available: 0n, reserved: 0n }
      return { asset, available: b.available.toString(), reserved: b.reserved.toString(), total: (b.available + b.reserved).toString(), vaultBalance: held[i]?.toString() ?? null }
    }),
    entries: page.map((e) => ({
      id: e.id,
      asset: e.asset,
      kind: e.kind,
      phase: e.phase,
      availableDelta: e.available_delta,
      reservedDelta: e.reserved_delta,
      subject: { type: e.subject_type, id: e.subject_id },
      details: e.details,
      createdAt: e.created_at.toISOString(),
    })),
    nextCursor: rows.length > limit ? cursorOf(page[page.length - 1]!.seq) : null,
  }
}
