import { createHash, randomUUID } from 'node:crypto'
import { hashMessage, serializeSignature, type Hex } from 'viem'
import type { Selectable } from 'kysely'
import type { CustodyContext } from '../context.ts'
import { recordChange } from '../events.ts'
import { ConflictError, ValidationError } from '../../shared/errors.ts'
import { getVaultRow } from '../vaults/read-vaults.ts'
import { authorizeMessageSigning } from '../vaults/sign-message.ts'
import type { FireblocksSignedMessagesTable } from './schema.ts'
import { actorOfKey } from '../../shared/auth/actor-of-key.ts'

export type SignedMessageRow = Selectable<FireblocksSignedMessagesTable>

export interface SignEthMessageParameters {
  initiator: { keyId: string; clientId: string; groups: readonly string[] }
  sourceVaultId: string
  /** The message bytes (EIP-191 personal message), at most 1 KiB. */
  content: Hex
  externalTxId: string
  note?: string
  correlationId?: string
}

/**
 * Signs an EIP-191 personal message (Fireblocks' TYPED_MESSAGE of type ETH_MESSAGE) with a
 * vault's key, under the policy (operation MESSAGE_SIGN, the vault itself as destination;
 * a rule that wants approval refuses it, as signatures are not held). The prefix makes the
 * signature useless as a transaction. Idempotent by external id like a transaction: the
 * same id and body return the stored signature, another body is a 409.
 */
export async function signEthMessage(ctx: CustodyContext, p: SignEthMessageParameters): Promise<{ row: SignedMessageRow; created: boolean }> {
  const bytes = (p.content.length - 2) / 2
  if (bytes < 1 || bytes > 1024) throw new ValidationError('a message is 1 to 1024 bytes', { field: 'content' })
  const hash = createHash('sha256').update(JSON.stringify({ sourceVaultId: p.sourceVaultId, content: p.content.toLowerCase(), note: p.note ?? null })).digest('hex')
  const stored = () => ctx.db.selectFrom('fireblocks_signed_messages').selectAll().where('client_id', '=', p.initiator.clientId).where('external_tx_id', '=', p.externalTxId).executeTakeFirst()
  const sameOrConflict = (row: SignedMessageRow) => {
    if (row.request_hash !== hash) throw new ConflictError('EXTERNAL_TX_ID_REUSED', `externalTxId ${p.externalTxId} was already used for a different request`, { transactionId: row.id })
    return { row, created: false }
  }
  const existing = await stored()
  if (existing) return sameOrConflict(existing)

  const vault = await getVaultRow(ctx, p.sourceVaultId)
  if (vault.tier === 'cold') throw new ValidationError('cold vaults never sign online')
  await authorizeMessageSigning(ctx, vault, { address: vault.address, internal: true }, { keyId: p.initiator.keyId, groups: p.initiator.groups })
  const signer = await ctx.keys.signer(vault.key_ref)
  const { r, s, yParity } = await signer.signDigest(hashMessage({ raw: p.content }))
  const signature = serializeSignature({ r, s, yParity })
  const now = ctx.clock.now()
  const id = randomUUID()
  const row = await ctx.db.transaction().execute(async (tx) => {
    const inserted = await tx
      .insertInto('fireblocks_signed_messages')
      .values({ id, client_id: p.initiator.clientId, external_tx_id: p.externalTxId, request_hash: hash, source_vault_id: vault.id, content: p.content.toLowerCase(), signature, note: p.note ?? null, created_by: p.initiator.keyId, created_at: now })
      .onConflict((oc) => oc.columns(['client_id', 'external_tx_id']).doNothing())
      .returningAll()
      .executeTakeFirst()
    if (inserted) {
      await recordChange(tx, ctx.events, {
        at: now,
        actor: await actorOfKey(tx, p.initiator.keyId),
        action: 'vault.message_signed',
        targetType: 'vault',
        targetId: vault.id,
        after: { type: 'eth.personal_message', id, externalTxId: p.externalTxId, content: p.content, signature },
        correlationId: p.correlationId ?? null,
      })
    }
    return inserted
  })
  if (!row) return sameOrConflict((await stored())!)
  return { row, created: true }
}

export async function findSignedMessage(ctx: CustodyContext, id: string): Promise<SignedMessageRow | undefined> {
  return ctx.db.selectFrom('fireblocks_signed_messages').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function findSignedMessageByExternalId(ctx: CustodyContext, clientId: string, externalTxId: string): Promise<SignedMessageRow | undefined> {
  return ctx.db.selectFrom('fireblocks_signed_messages').selectAll().where('client_id', '=', clientId).where('external_tx_id', '=', externalTxId).executeTakeFirst()
}
