import { getAddress, isAddress } from 'viem'
import type { CustodyContext } from '../context.ts'
import { recordChange } from '../events.ts'
import { NotFoundError, ValidationError } from '../../shared/errors.ts'
import { serializeHold, type HoldRow } from './schema.ts'

export interface ReleaseHoldsParameters {
  /** One hold by id … */
  id?: string
  /** … or every active hold on this address (for `token` only, when given). */
  address?: string
  token?: string | null
  reason: string
}

/**
 * Releases a hold (by id) or every active hold on an address, each an audited change with
 * its before and after. Releasing what is already released changes nothing and returns
 * the holds as they are.
 *
 * @example
 * await releaseHolds(ctx, { address: investorWallet, reason: 'investor reactivated' }, 'apikey:platform')
 */
export async function releaseHolds(ctx: CustodyContext, p: ReleaseHoldsParameters, actor: string, correlationId?: string): Promise<HoldRow[]> {
  if (!p.id === !p.address) throw new ValidationError('give exactly one of id and address', { field: 'id' })
  if (p.address && !isAddress(p.address, { strict: false })) throw new ValidationError('address is not an address', { field: 'address' })
  if (p.token && !isAddress(p.token, { strict: false })) throw new ValidationError('token is not an address', { field: 'token' })
  if (!p.reason.trim()) throw new ValidationError('releasing a hold needs a reason', { field: 'reason' })
  const now = ctx.clock.now()
  const released = await ctx.db.transaction().execute(async (tx) => {
    let q = tx.selectFrom('address_holds').selectAll().where('chain_id', '=', ctx.chain.chainId).where('released_at', 'is', null)
    if (p.id) q = q.where('id', '=', p.id)
    else q = q.where('address', '=', getAddress(p.address!))
    if (p.token) q = q.where('token', '=', getAddress(p.token))
    const active = await q.forUpdate().execute()
    const out: HoldRow[] = []
    for (const before of active) {
      const after = await tx
        .updateTable('address_holds')
        .set({ released_at: now, released_by: actor, release_reason: p.reason })
        .where('id', '=', before.id)
        .where('released_at', 'is', null)
        .returningAll()
        .executeTakeFirst()
      if (!after) continue
      const view = serializeHold(after)
      await recordChange(tx, ctx.events, {
        at: now,
        actor,
        action: 'hold.released',
        targetType: 'address_hold',
        targetId: after.id,
        before: serializeHold(before),
        after: view,
        correlationId: correlationId ?? null,
        event: { type: 'hold.released', resourceType: 'address_hold', resourceId: after.id, data: view },
      })
      out.push(after)
    }
    return out
  })
  if (released.length > 0) ctx.events.committed?.()
  if (p.id && released.length === 0) {
    const row = await ctx.db.selectFrom('address_holds').selectAll().where('id', '=', p.id).executeTakeFirst()
    if (!row) throw new NotFoundError('hold', p.id)
    return [row]
  }
  return released
}
