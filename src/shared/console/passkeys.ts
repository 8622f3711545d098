import type { Kysely, Selectable } from 'kysely'
import { NotFoundError } from '../errors.ts'
import { appendChange } from '../../audit/log/record-change.ts'
import { verifyAssertion, type AssertionResponse, type VerifiedAssertion } from '../webauthn/verify-assertion.ts'
import type { VerifiedRegistration } from '../webauthn/verify-registration.ts'
import { WebAuthnError } from '../webauthn/webauthn-error.ts'
import type { ConsoleContext } from './console-context.ts'
import type { ConsoleTables, PasskeyCredentialsTable } from './console-migration.ts'

/** A passkey as listed to its owner and to auditors: public data only. */
export interface PasskeyView {
  credentialId: string
  principalId: string
  label: string
  alg: number
  /** COSE public key, base64url: what an auditor verifies an approval's signature with. */
  publicKey: string
  createdAt: string
  lastUsedAt: string | null
  revokedAt: string | null
}

type Row = Selectable<PasskeyCredentialsTable>

const view = (r: Row): PasskeyView => ({
  credentialId: r.credential_id,
  principalId: r.principal_id,
  label: r.label,
  alg: r.alg,
  publicKey: r.public_key,
  createdAt: r.created_at.toISOString(),
  lastUsedAt: r.last_used_at?.toISOString() ?? null,
  revokedAt: r.revoked_at?.toISOString() ?? null,
})

/** Stores a verified registration for a principal (inside the caller's transaction). */
export async function storePasskey(tx: Kysely<ConsoleTables>, now: Date, p: { principalId: string; enrolmentId: string; label: string; registration: VerifiedRegistration }): Promise<PasskeyView> {
  const exists = await tx.selectFrom('passkey_credentials').select('credential_id').where('credential_id', '=', p.registration.credentialId).executeTakeFirst()
  if (exists) throw new WebAuthnError('PASSKEY_ALREADY_ENROLLED', 'this passkey is already enrolled', 409)
  const row = await tx
    .insertInto('passkey_credentials')
    .values({
      credential_id: p.registration.credentialId,
      principal_id: p.principalId,
      public_key: Buffer.from(p.registration.publicKey).toString('base64url'),
      alg: p.registration.alg,
      sign_count: p.registration.signCount,
      transports: JSON.stringify(p.registration.transports),
      aaguid: p.registration.aaguid,
      label: p.label,
      enrolment_id: p.enrolmentId,
      created_at: now,
      last_used_at: null,
      revoked_at: null,
      revoked_by: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow()
  return view(row)
}

export interface PasskeyAssertionResult {
  principalId: string
  passkey: PasskeyView
  verified: VerifiedAssertion
}

/**
 * Verifies a passkey assertion for `challenge` against the stored credential it names,
 * inside the caller's transaction (the credential row is locked, so two assertions
 * cannot both pass the counter check), and records the new counter. With `principalId`,
 * the passkey must be that principal's.
 *
 * @throws WebAuthnError `WEBAUTHN_UNKNOWN_CREDENTIAL` (no such live passkey, or someone
 *   else's), and every code of {@link verifyAssertion}.
 */
export async function verifyPasskeyAssertion(
  tx: Kysely<ConsoleTables>,
  ctx: ConsoleContext,
  p: { assertion: AssertionResponse; challenge: Uint8Array; principalId?: string },
): Promise<PasskeyAssertionResult> {
  const id = typeof p.assertion?.rawId === 'string' ? p.assertion.rawId : ''
  const row = await tx.selectFrom('passkey_credentials').selectAll().where('credential_id', '=', id).forUpdate().executeTakeFirst()
  if (!row || row.revoked_at) throw new WebAuthnError('WEBAUTHN_UNKNOWN_CREDENTIAL', 'this passkey is not enrolled here (or was revoked)', 401)
  if (p.principalId !== undefined && row.principal_id !== p.principalId) throw new WebAuthnError('WEBAUTHN_UNKNOWN_CREDENTIAL', 'this passkey belongs to another principal than the one signed in', 403)
  const rp = ctx.relyingParty()
  const verified = verifyAssertion({
    assertion: p.assertion,
    credential: { credentialId: row.credential_id, publicKey: new Uint8Array(Buffer.from(row.public_key, 'base64url')), signCount: Number(row.sign_count) },
    challenge: p.challenge,
    origins: [rp.origin],
    rpId: rp.rpId,
  })
  const now = ctx.clock.now()
  const updated = await tx.updateTable('passkey_credentials').set({ sign_count: verified.signCount, last_used_at: now }).where('credential_id', '=', row.credential_id).returningAll().executeTakeFirstOrThrow()
  return { principalId: row.principal_id, passkey: view(updated), verified }
}

/** A principal's passkeys (revoked ones too), newest first. */
export async function listPasskeys(ctx: ConsoleContext, principalId: string): Promise<PasskeyView[]> {
  const rows = await ctx.db.selectFrom('passkey_credentials').selectAll().where('principal_id', '=', principalId).orderBy('created_at', 'desc').execute()
  return rows.map(view)
}

/** One passkey by id, for an auditor checking an approval's signature. */
export async function getPasskey(ctx: ConsoleContext, credentialId: string): Promise<PasskeyView> {
  const row = await ctx.db.selectFrom('passkey_credentials').selectAll().where('credential_id', '=', credentialId).executeTakeFirst()
  if (!row) throw new NotFoundError('passkey', credentialId)
  return view(row)
}

/** Revokes one of a principal's passkeys and ends the sessions it opened; audited. */
export async function revokePasskey(ctx: ConsoleContext, p: { principalId: string; credentialId: string; actor: string; correlationId?: string }): Promise<PasskeyView> {
  const now = ctx.clock.now()
  return ctx.db.transaction().execute(async (tx) => {
    const row = await tx.selectFrom('passkey_credentials').selectAll().where('credential_id', '=', p.credentialId).where('principal_id', '=', p.principalId).forUpdate().executeTakeFirst()
    if (!row) throw new NotFoundError('passkey', p.credentialId)
    if (row.revoked_at) return view(row)
    const after = await tx.updateTable('passkey_credentials').set({ revoked_at: now, revoked_by: p.actor }).where('credential_id', '=', p.credentialId).returningAll().executeTakeFirstOrThrow()
    await tx.updateTable('console_sessions').set({ revoked_at: now, revoked_by: p.actor }).where('credential_id', '=', p.credentialId).where('revoked_at', 'is', null).execute()
    await appendChange(tx, { at: now, actor: p.actor, action: 'console.passkey_revoked', targetType: 'passkey', targetId: p.credentialId, before: { revokedAt: null }, after: { revokedAt: now.toISOString(), principalId: p.principalId }, correlationId: p.correlationId })
    return view(after)
  })
}
