import type { Kysely } from 'kysely'
import { CustosError } from '../../../shared/errors.ts'
import type { PlatformDB } from '../../db/schema.ts'
import type { TokenOperationKind } from './tables.ts'

const UNFINISHED = ['SUBMITTED', 'PENDING_AUTHORIZATION', 'AWAITING_REINCLUSION'] as const
/** Operations that change no balance, holder or lock-up: never held by a migration, nor holding one (a sanctioned holder is frozen at once). */
const ALWAYS_ALLOWED: readonly TokenOperationKind[] = ['PAUSE', 'FREEZE', 'UNFREEZE']

/**
 * Inside the caller's transaction, before a token operation is recorded: takes the token's
 * row lock, so that recording an operation and asking for a compliance migration are
 * serialised, and then
 * - refuses any operation but a pause, freeze or unfreeze while the token's move onto the Custos modules is
 *   under way: the modules are seeded with the holders' balances and counts, so nothing may
 *   mint, move, unpause or change a lock-up until they are bound (decision 0109);
 * - refuses a migration while another operation on the token (but those) is unfinished.
 * The refusal is retryable (409): a batch mint's next chunk waits for the migration to end.
 */
export async function serialiseWithMigration(tx: Kysely<PlatformDB>, tokenId: string, kind: TokenOperationKind): Promise<void> {
  if (ALWAYS_ALLOWED.includes(kind)) return
  await tx.selectFrom('tokens').select('id').where('id', '=', tokenId).forUpdate().executeTakeFirst()
  const unfinished = await tx
    .selectFrom('token_operations')
    .select(['id', 'kind'])
    .where('token_id', '=', tokenId)
    .where('status', 'in', [...UNFINISHED])
    .$if(kind !== 'MIGRATE_COMPLIANCE', (q) => q.where('kind', '=', 'MIGRATE_COMPLIANCE'))
    .where('kind', 'not in', [...ALWAYS_ALLOWED])
    .orderBy('created_at')
    .executeTakeFirst()
  if (!unfinished) return
  if (kind === 'MIGRATE_COMPLIANCE') {
    const code = unfinished.kind === 'MIGRATE_COMPLIANCE' ? 'COMPLIANCE_MIGRATION_IN_FLIGHT' : 'TOKEN_OPERATIONS_IN_FLIGHT'
    const message =
      unfinished.kind === 'MIGRATE_COMPLIANCE'
        ? `the token is being migrated already (operation ${unfinished.id})`
        : `a ${unfinished.kind} on the token (operation ${unfinished.id}) is not finished: its holders could change while the new modules are seeded; migrate once it is COMPLETED or FAILED`
    throw new CustosError(code, message, { status: 409, retryable: true, details: { tokenId, operationId: unfinished.id, kind: unfinished.kind } })
  }
  throw new CustosError(
    'COMPLIANCE_MIGRATION_IN_FLIGHT',
    `the token is being moved onto the Custos compliance modules (operation ${unfinished.id}): a ${kind} could change the holders while the modules are seeded; ask again once the migration is COMPLETED`,
    { status: 409, retryable: true, details: { tokenId, operationId: unfinished.id } },
  )
}
