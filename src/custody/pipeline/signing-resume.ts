import { getAddress } from 'viem'
import { sql, type Kysely } from 'kysely'
import type { CustodyContext } from '../context.ts'
import type { CustodyDB } from '../db/schema.ts'
import { recordChange } from '../events.ts'
import { NotFoundError } from '../../shared/errors.ts'
import type { ChangeRequestRow } from '../governance/serialize.ts'

// Apart from signing-halts.ts, which opens the change request: applying it is called by
// governance/apply-change.ts, and would otherwise close an import cycle through change-requests.ts.

/**
 * Carries out an approved SIGNING_RESUME inside the change request's database transaction:
 * the halt ends, the ledger moves past every nonce the chain had used when it was halted
 * (nothing custody signs afterwards reuses one), and the address's transactions held
 * unsigned go back to QUEUED to take fresh nonces.
 */
export async function applySigningResume(ctx: CustodyContext, tx: Kysely<CustodyDB>, r: ChangeRequestRow, approvers: string[], now: Date): Promise<void> {
  const address = r.target
  const halt = await tx
    .updateTable('signing_halts')
    .set({ status: 'RESUMED', resumed_at: now, resumed_by_request: r.id })
    .where('chain_id', '=', ctx.chain.chainId)
    .where('address', '=', address)
    .where('status', '=', 'HALTED')
    .returningAll()
    .executeTakeFirst()
  if (!halt) throw new NotFoundError('signing halt', getAddress(address))
  await sql`update nonces set next_nonce = greatest(next_nonce, ${halt.chain_nonce}::bigint) where chain_id = ${ctx.chain.chainId} and address = ${address}`.execute(tx)
  // Unsigned rows hold nonces the chain may have used: they take new ones. The abandoned
  // nonces are all below the chain's, so no gap is left behind.
  const requeued = await tx
    .updateTable('transactions')
    .set({ status: 'QUEUED', sub_status: null, status_reason: `signing resumed by change request ${r.id}; a fresh nonce is reserved`, nonce: null, next_action_at: now, updated_at: now })
    .where('chain_id', '=', ctx.chain.chainId)
    .where('from_address', 'in', [address, getAddress(address)])
    .where('status', '=', 'PENDING_SIGNATURE')
    .where('nonce', '<', halt.chain_nonce)
    .returning('id')
    .execute()
  const data = { haltId: halt.id, address: getAddress(address), chainNonce: halt.chain_nonce.toString(), requeued: requeued.map((q) => q.id), changeRequestId: r.id, requestedBy: r.requested_by, approvedBy: approvers }
  await recordChange(tx, ctx.events, {
    at: now,
    actor: `change_request:${r.id}`,
    action: 'vault.signing_resumed',
    targetType: 'vault',
    targetId: address,
    before: { signing: 'HALTED' },
    after: { signing: 'ACTIVE', ...data },
    event: { type: 'vault.signing_resumed', resourceType: 'vault', resourceId: address, data },
  })
}
