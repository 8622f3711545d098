import { getAddress, isAddress } from 'viem'
import type { CustodyContext } from '../context.ts'
import { ConflictError, NotFoundError, ValidationError } from '../../shared/errors.ts'
import { openChangeRequest } from './change-requests.ts'
import { serializeWhitelistEntry } from './serialize.ts'

function normalise(address: string): string {
  if (!isAddress(address, { strict: false })) throw new ValidationError(`not an address: ${address}`, { field: 'address' })
  return address.toLowerCase()
}

/** The addresses on the whitelist now (changes waiting for their quorum are not). */
export async function listWhitelist(ctx: CustodyContext) {
  const rows = await ctx.db.selectFrom('whitelist_entries').selectAll().where('status', '=', 'ACTIVE').orderBy('added_at').orderBy('address').execute()
  return rows.map(serializeWhitelistEntry)
}

/**
 * Asks to put an address (with a label) on the whitelist. Nothing changes until an admin
 * quorum approves the returned change request.
 *
 * @throws ConflictError `WHITELIST_ENTRY_EXISTS` if it is already listed, `CHANGE_REQUEST_PENDING`.
 */
export async function requestWhitelistAdd(ctx: CustodyContext, input: { address: string; label: string }, by: { keyId: string; correlationId?: string }) {
  const address = normalise(input.address)
  const result = await ctx.db.transaction().execute(async (tx) => {
    const current = await tx.selectFrom('whitelist_entries').select(['status', 'label']).where('address', '=', address).executeTakeFirst()
    if (current?.status === 'ACTIVE') throw new ConflictError('WHITELIST_ENTRY_EXISTS', `${getAddress(address)} is already on the whitelist as ${JSON.stringify(current.label)}`)
    return openChangeRequest(ctx, tx, { kind: 'WHITELIST_ADD', target: address, payload: { address: getAddress(address), label: input.label }, requestedBy: by.keyId, correlationId: by.correlationId })
  })
  ctx.events.committed?.()
  return result
}

/**
 * Asks to take an address off the whitelist; effective once an admin quorum approves.
 *
 * @throws NotFoundError if it is not listed; ConflictError `CHANGE_REQUEST_PENDING`.
 */
export async function requestWhitelistRemove(ctx: CustodyContext, rawAddress: string, by: { keyId: string; correlationId?: string }) {
  const address = normalise(rawAddress)
  const result = await ctx.db.transaction().execute(async (tx) => {
    const current = await tx.selectFrom('whitelist_entries').select(['status', 'label']).where('address', '=', address).executeTakeFirst()
    if (current?.status !== 'ACTIVE') throw new NotFoundError('whitelist entry', getAddress(address))
    return openChangeRequest(ctx, tx, { kind: 'WHITELIST_REMOVE', target: address, payload: { address: getAddress(address), label: current.label }, requestedBy: by.keyId, correlationId: by.correlationId })
  })
  ctx.events.committed?.()
  return result
}
