import { randomUUID } from 'node:crypto'
import { getAddress, isAddress } from 'viem'
import { sql } from 'kysely'
import type { CustodyContext } from '../context.ts'
import { recordChange } from '../events.ts'
import { NotFoundError, ValidationError } from '../../shared/errors.ts'
import { openChangeRequest } from '../governance/change-requests.ts'

export interface HaltSigningParameters {
  address: string
  /** The chain's (pending) nonce of the address, ahead of the ledger. */
  chainNonce: bigint
  ledgerNonce: bigint
}

/**
 * Stops all signing for an address whose on-chain nonce is ahead of custody's ledger: its
 * key may have been used outside custody (decision 0043). Records the halt, an audit entry
 * and a `vault.signing_halted` alert in one database transaction. Returns false when the
 * address was already halted.
 */
export async function haltSigning(ctx: CustodyContext, p: HaltSigningParameters): Promise<boolean> {
  const address = p.address.toLowerCase()
  const now = ctx.clock.now()
  const vault = await ctx.db.selectFrom('vaults').select(['id', 'name']).where(sql`lower(address)`, '=', address).executeTakeFirst()
  const reason = `the chain's nonce of ${getAddress(address)} is ${p.chainNonce} but custody has given out only up to ${p.ledgerNonce - 1n}: the key may have been used outside custody`
  const halted = await ctx.db.transaction().execute(async (tx) => {
    const row = await tx
      .insertInto('signing_halts')
      .values({ id: `halt_${randomUUID()}`, chain_id: ctx.chain.chainId, address, status: 'HALTED', chain_nonce: p.chainNonce, ledger_nonce: p.ledgerNonce, reason, halted_at: now, resumed_at: null, resumed_by_request: null })
      .onConflict((oc) => oc.columns(['chain_id', 'address']).where('status', '=', 'HALTED').doNothing())
      .returningAll()
      .executeTakeFirst()
    if (!row) return false
    const data = { haltId: row.id, vaultId: vault?.id ?? null, vaultName: vault?.name ?? null, address: getAddress(address), chainId: ctx.chain.chainId, chainNonce: p.chainNonce.toString(), ledgerNonce: p.ledgerNonce.toString(), alert: reason }
    await recordChange(tx, ctx.events, {
      at: now,
      actor: 'system:chain-watch',
      action: 'vault.signing_halted',
      targetType: 'vault',
      targetId: vault?.id ?? address,
      before: { signing: 'ACTIVE' },
      after: { signing: 'HALTED', ...data },
      event: { type: 'vault.signing_halted', resourceType: 'vault', resourceId: vault?.id ?? address, data },
    })
    return true
  })
  if (halted) {
    ctx.events.committed?.()
    ctx.logger.error({ address, chainNonce: p.chainNonce.toString(), ledgerNonce: p.ledgerNonce.toString() }, 'nonce used outside custody: signing halted for the address')
  }
  return halted
}

/** Lower-case addresses of this chain custody must not sign for now. */
export async function haltedAddresses(ctx: CustodyContext): Promise<Set<string>> {
  const rows = await ctx.db.selectFrom('signing_halts').select('address').where('chain_id', '=', ctx.chain.chainId).where('status', '=', 'HALTED').execute()
  return new Set(rows.map((r) => r.address))
}

/** The halts in force (newest first), for the API. */
export async function listSigningHalts(ctx: CustodyContext) {
  const rows = await ctx.db.selectFrom('signing_halts').selectAll().where('status', '=', 'HALTED').orderBy('halted_at', 'desc').execute()
  return rows.map((r) => ({ id: r.id, chainId: r.chain_id, address: getAddress(r.address), chainNonce: r.chain_nonce.toString(), ledgerNonce: r.ledger_nonce.toString(), reason: r.reason, haltedAt: new Date(r.halted_at).toISOString() }))
}

/**
 * Asks to resume signing for a halted address; nothing changes until an admin quorum
 * approves the returned change request (kind `SIGNING_RESUME`).
 *
 * @throws NotFoundError when the address is not halted; ConflictError `CHANGE_REQUEST_PENDING`.
 */
export async function requestSigningResume(ctx: CustodyContext, rawAddress: string, by: { keyId: string; correlationId?: string; comment?: string }) {
  if (!isAddress(rawAddress, { strict: false })) throw new ValidationError(`not an address: ${rawAddress}`, { field: 'address' })
  const address = rawAddress.toLowerCase()
  const result = await ctx.db.transaction().execute(async (tx) => {
    const halt = await tx.selectFrom('signing_halts').selectAll().where('chain_id', '=', ctx.chain.chainId).where('address', '=', address).where('status', '=', 'HALTED').executeTakeFirst()
    if (!halt) throw new NotFoundError('signing halt', getAddress(address))
    return openChangeRequest(ctx, tx, { kind: 'SIGNING_RESUME', target: address, payload: { address: getAddress(address), haltId: halt.id, chainNonce: halt.chain_nonce.toString(), comment: by.comment ?? null }, requestedBy: by.keyId, correlationId: by.correlationId })
  })
  ctx.events.committed?.()
  return result
}
