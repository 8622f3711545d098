import { randomUUID } from 'node:crypto'
import { getAddress, isAddress } from 'viem'
import type { CustodyContext } from '../context.ts'
import { recordChange } from '../events.ts'
import { ValidationError } from '../../shared/errors.ts'
import { HOLD_RULES, serializeHold, type HoldRow, type HoldRule } from './schema.ts'

export interface PlaceHoldParameters {
  address: string
  /** A token contract; absent: every token. */
  token?: string | null
  /** ON_HOLD unless given. */
  rule?: HoldRule
  reason: string
  reference?: string | null
}

/**
 * Stops, from this moment, every token movement from or to `address` (for `token`, or for
 * every token) that custody is asked to sign: the token checks refuse it with
 * `COMPLIANCE_HELD`, and a transaction already past its checks is checked again before
 * signing. Placing the same hold again (same address and token, still active) returns the
 * active one; the first reason stands.
 *
 * @example
 * await placeHold(ctx, { address: investorWallet, reason: 'investor suspended', reference: 'inv_42' }, 'apikey:platform')
 */
export async function placeHold(ctx: CustodyContext, p: PlaceHoldParameters, actor: string, correlationId?: string): Promise<{ hold: HoldRow; created: boolean }> {
  if (!isAddress(p.address, { strict: false })) throw new ValidationError('address is not an address', { field: 'address' })
  if (p.token && !isAddress(p.token, { strict: false })) throw new ValidationError('token is not an address', { field: 'token' })
  if (!p.reason.trim()) throw new ValidationError('a hold needs a reason', { field: 'reason' })
  if (p.rule && !HOLD_RULES.includes(p.rule)) throw new ValidationError(`rule must be one of ${HOLD_RULES.join(', ')}`, { field: 'rule' })
  const address = getAddress(p.address)
  const token = p.token ? getAddress(p.token) : null
  const now = ctx.clock.now()
  const inserted = await ctx.db.transaction().execute(async (tx) => {
    const row = await tx
      .insertInto('address_holds')
      .values({ id: randomUUID(), chain_id: ctx.chain.chainId, address, token, rule: p.rule ?? 'ON_HOLD', reason: p.reason, reference: p.reference ?? null, created_by: actor, created_at: now, released_at: null, released_by: null, release_reason: null })
      .onConflict((oc) => oc.doNothing())
      .returningAll()
      .executeTakeFirst()
    if (!row) return null
    const view = serializeHold(row)
    await recordChange(tx, ctx.events, {
      at: now,
      actor,
      action: 'hold.placed',
      targetType: 'address_hold',
      targetId: row.id,
      after: view,
      correlationId: correlationId ?? null,
      event: { type: 'hold.placed', resourceType: 'address_hold', resourceId: row.id, data: view },
    })
    return row
  })
  if (inserted) {
    ctx.events.committed?.()
    return { hold: inserted, created: true }
  }
  const active = await ctx.db
    .selectFrom('address_holds')
    .selectAll()
    .where('chain_id', '=', ctx.chain.chainId)
    .where('address', '=', address)
    .where((eb) => (token ? eb('token', '=', token) : eb('token', 'is', null)))
    .where('released_at', 'is', null)
    .executeTakeFirstOrThrow()
  return { hold: active, created: false }
}
