import { createPublicKey, randomUUID } from 'node:crypto'
import type { CustodyContext } from '../context.ts'
import { recordChange } from '../events.ts'
import { ForbiddenError, NotFoundError, ValidationError } from '../../shared/errors.ts'
import { findPrincipal } from '../../shared/auth/principals.ts'
import type { LookupKey, Principal } from '../../shared/auth/verify-request.ts'
import type { FireblocksApiUsersTable } from './schema.ts'
import type { Selectable } from 'kysely'

export type ApiUserRow = Selectable<FireblocksApiUsersTable>

export interface RegisterApiUserParameters {
  name: string
  /** PEM of the RSA public key whose private half signs the user's JWTs (2048 bits or more). */
  publicKeyPem: string
  /** The custody API key the user acts as: its role, scopes and groups are the user's. */
  principalKeyId: string
}

/** The API shape of an API user: never more than its public key. */
export function serializeApiUser(u: ApiUserRow) {
  return {
    apiKey: u.api_key,
    name: u.name,
    publicKeyPem: u.public_key_pem,
    principalKeyId: u.principal_key_id,
    status: u.status,
    createdBy: u.created_by,
    createdAt: u.created_at.toISOString(),
    revokedAt: u.revoked_at?.toISOString() ?? null,
  }
}

/**
 * Registers a Fireblocks-style API user: an RSA public key, given an API key (a uuid, the
 * `X-API-Key` and JWT `sub` of its requests) and bound to the custody identity it acts as.
 */
export async function registerApiUser(
  ctx: CustodyContext,
  p: RegisterApiUserParameters,
  deps: { lookupKey: LookupKey },
  actor: string,
  correlationId?: string,
  caller?: Principal,
): Promise<ApiUserRow> {
  let pem: string
  try {
    const key = createPublicKey(p.publicKeyPem)
    if (key.asymmetricKeyType !== 'rsa') throw new Error('not an RSA key')
    const bits = key.asymmetricKeyDetails?.modulusLength ?? 0
    if (bits < 2048) throw new Error(`RSA key of ${bits} bits; at least 2048 are needed`)
    pem = key.export({ type: 'spki', format: 'pem' }).toString()
  } catch (err) {
    throw new ValidationError(`publicKeyPem is not a usable RSA public key: ${(err as Error).message}`, { field: 'publicKeyPem' })
  }
  const bound = await deps.lookupKey(p.principalKeyId)
  if (!bound || bound.status !== 'active') throw new ValidationError(`principalKeyId ${p.principalKeyId} is not an active custody API key`, { field: 'principalKeyId' })
  if (caller) await checkBinding(ctx, caller, bound)
  const now = ctx.clock.now()
  const row = await ctx.db.transaction().execute(async (tx) => {
    const inserted = await tx
      .insertInto('fireblocks_api_users')
      .values({ api_key: randomUUID(), name: p.name, public_key_pem: pem, principal_key_id: p.principalKeyId, status: 'ACTIVE', created_by: actor, created_at: now, revoked_at: null })
      .returningAll()
      .executeTakeFirstOrThrow()
    await recordChange(tx, ctx.events, { at: now, actor, action: 'fireblocks.api_user.created', targetType: 'fireblocks_api_user', targetId: inserted.api_key, after: serializeApiUser(inserted), correlationId: correlationId ?? null })
    return inserted
  })
  return row
}

/** Stops an API user's requests at once. */
export async function revokeApiUser(ctx: CustodyContext, apiKey: string, actor: string, correlationId?: string): Promise<ApiUserRow> {
  const now = ctx.clock.now()
  return ctx.db.transaction().execute(async (tx) => {
    const before = await tx.selectFrom('fireblocks_api_users').selectAll().where('api_key', '=', apiKey).forUpdate().executeTakeFirst()
    if (!before) throw new NotFoundError('fireblocks api user', apiKey)
    if (before.status === 'REVOKED') return before
    const after = await tx.updateTable('fireblocks_api_users').set({ status: 'REVOKED', revoked_at: now }).where('api_key', '=', apiKey).returningAll().executeTakeFirstOrThrow()
    await recordChange(tx, ctx.events, { at: now, actor, action: 'fireblocks.api_user.revoked', targetType: 'fireblocks_api_user', targetId: apiKey, before: serializeApiUser(before), after: serializeApiUser(after), correlationId: correlationId ?? null })
    return after
  })
}

export async function listApiUsers(ctx: CustodyContext): Promise<ApiUserRow[]> {
  return ctx.db.selectFrom('fireblocks_api_users').selectAll().orderBy('created_at').execute()
}

export async function findApiUser(ctx: CustodyContext, apiKey: string): Promise<ApiUserRow | undefined> {
  return ctx.db.selectFrom('fireblocks_api_users').selectAll().where('api_key', '=', apiKey).executeTakeFirst()
}

/**
 * An API user acts as the principal of the key it is bound to, so binding one is handing
 * out that principal's powers: a caller binds to its own principal, or to a service
 * principal (the platform) holding nothing the caller lacks — never to another person.
 */
async function checkBinding(ctx: CustodyContext, caller: Principal, bound: { principalId: string; scopes: string[] }): Promise<void> {
  if (bound.principalId === caller.principalId) return
  const target = await findPrincipal(ctx.db, bound.principalId)
  // An admin may itself open a whitelist change request, so the platform's
  // `whitelist-request` scope is no power beyond an admin's.
  const held = new Set([...caller.scopes, ...(caller.scopes.includes('admin') ? ['whitelist-request'] : [])])
  const beyond = bound.scopes.filter((s) => !held.has(s))
  if (target?.kind !== 'service' || beyond.length > 0) {
    throw new ForbiddenError('KEY_OF_OTHER_PRINCIPAL', `an API user acts as ${bound.principalId}: bind it to a key of your own principal, or of a service holding no more than you`, { principalId: bound.principalId, beyond })
  }
}

/**
 * The one seam between an API user and the identity it acts as: a custody API key and its
 * principal (its role is the client that owns transactions, its scopes and groups are the
 * user's; four eyes counts its principal).
 * Returns undefined when that key is gone, revoked or expired.
 */
export async function principalOfApiUser(user: ApiUserRow, lookupKey: LookupKey, now: Date): Promise<Principal | undefined> {
  const key = await lookupKey(user.principal_key_id)
  if (!key || key.status !== 'active') return undefined
  if (key.notBefore && now < key.notBefore) return undefined
  if (key.expiresAt && now >= key.expiresAt) return undefined
  return { keyId: key.keyId, principalId: key.principalId, role: key.role, scopes: [...key.scopes], groups: [...key.groups] }
}
