import { randomUUID } from 'node:crypto'
import { getAddress } from 'viem'
import type { CustodyContext } from '../context.ts'
import type { VaultTier } from '../db/schema.ts'
import { recordChange } from '../events.ts'
import { ConflictError } from '../../shared/errors.ts'
import { serializeVault, type VaultRow } from './serialize.ts'

export interface CreateVaultInput {
  name: string
  tier: VaultTier
  purpose?: string
  externalRef?: string
}

/**
 * Creates a vault and its key in the key backend. The key is made first (the
 * backend is idempotent per vault id), then the row; a name already in use is
 * refused.
 */
export async function createVault(ctx: CustodyContext, input: CreateVaultInput, actor: string, correlationId?: string): Promise<VaultRow> {
  const taken = await ctx.db.selectFrom('vaults').select('id').where('name', '=', input.name).executeTakeFirst()
  if (taken) throw new ConflictError('VAULT_NAME_TAKEN', `a vault named ${JSON.stringify(input.name)} already exists`, { vaultId: taken.id })
  const id = randomUUID()
  const { keyRef, address } = await ctx.keys.createKey(id)
  const now = ctx.clock.now()
  const row = await ctx.db.transaction().execute(async (tx) => {
    const inserted = await tx
      .insertInto('vaults')
      .values({
        id,
        name: input.name,
        tier: input.tier,
        purpose: input.purpose ?? null,
        external_ref: input.externalRef ?? null,
        address: getAddress(address),
        key_backend: ctx.keys.kind,
        key_ref: keyRef,
        created_by: actor,
        created_at: now,
      })
      .onConflict((oc) => oc.column('name').doNothing())
      .returningAll()
      .executeTakeFirst()
    if (!inserted) throw new ConflictError('VAULT_NAME_TAKEN', `a vault named ${JSON.stringify(input.name)} already exists`)
    const view = serializeVault(inserted)
    await recordChange(tx, ctx.events, {
      at: now,
      actor,
      action: 'vault.created',
      targetType: 'vault',
      targetId: id,
      after: view,
      correlationId: correlationId ?? null,
      event: { type: 'vault.created', resourceType: 'vault', resourceId: id, data: view },
    })
    return inserted
  })
  ctx.events.committed?.()
  ctx.logger.info({ correlationId, vaultId: id, address: row.address, tier: row.tier }, 'vault created')
  return row
}

/** Returns the vault with this purpose, creating it if there is none (system vaults such as the gas station). */
export async function ensureSystemVault(ctx: CustodyContext, name: string, purpose: string, tier: VaultTier = 'hot'): Promise<VaultRow> {
  const existing = await ctx.db.selectFrom('vaults').selectAll().where('purpose', '=', purpose).orderBy('created_at').executeTakeFirst()
  if (existing) return existing
  try {
    return await createVault(ctx, { name, tier, purpose }, 'system:boot')
  } catch (err) {
    if (err instanceof ConflictError) return ctx.db.selectFrom('vaults').selectAll().where('name', '=', name).executeTakeFirstOrThrow()
    throw err
  }
}
