import { appendChange } from '../../audit/log/record-change.ts'
import { ConflictError, NotFoundError, UnauthorizedError, ValidationError } from '../errors.ts'
import { verifyRegistration, type RegistrationResponse } from '../webauthn/verify-registration.ts'
import { consumeChallenge, issueChallenge } from './challenges.ts'
import { hashToken, newId, newToken, sessionActor, type ConsoleContext } from './console-context.ts'
import { storePasskey, type PasskeyView } from './passkeys.ts'
import { startSession, type StartedSession } from './sessions.ts'

/** How long an enrolment link works unless the issuer says otherwise. */
export const DEFAULT_ENROLMENT_TTL_MINUTES = 24 * 60

export interface IssuedEnrolment {
  id: string
  principalId: string
  /** The console page that enrols a passkey; the one-time token is in its fragment, never sent to a server log. */
  url: string
  expiresAt: string
}

/**
 * Issues a one-time link with which a principal enrols a passkey (an admin hands it over
 * out of band). The token is shown once; only its hash is stored. Audited.
 *
 * @throws NotFoundError when the principal does not exist or cannot sign in.
 */
export async function issueEnrolment(ctx: ConsoleContext, p: { principalId: string; actor: string; ttlMinutes?: number; correlationId?: string }): Promise<IssuedEnrolment> {
  const principal = await ctx.directory.find(p.principalId)
  if (!principal) throw new NotFoundError('principal', p.principalId)
  const ttl = p.ttlMinutes ?? DEFAULT_ENROLMENT_TTL_MINUTES
  if (!Number.isInteger(ttl) || ttl < 1 || ttl > 7 * 24 * 60) throw new ValidationError('ttlMinutes must be 1 to 10080')
  const now = ctx.clock.now()
  const token = newToken()
  const row = { id: newId('enr'), token_hash: hashToken(token), principal_id: principal.id, issued_by: p.actor, issued_at: now, expires_at: new Date(now.getTime() + ttl * 60_000), used_at: null, credential_id: null }
  await ctx.db.transaction().execute(async (tx) => {
    await tx.insertInto('console_enrolments').values(row).execute()
    await appendChange(tx, { at: now, actor: p.actor, action: 'console.enrolment_issued', targetType: 'principal', targetId: principal.id, after: { enrolmentId: row.id, expiresAt: row.expires_at.toISOString() }, correlationId: p.correlationId })
  })
  return { id: row.id, principalId: principal.id, url: `${ctx.relyingParty().origin}/console/enrol#${token}`, expiresAt: row.expires_at.toISOString() }
}

async function openEnrolment(ctx: ConsoleContext, token: string) {
  const row = typeof token === 'string' && token.length <= 128 ? await ctx.db.selectFrom('console_enrolments').selectAll().where('token_hash', '=', hashToken(token)).executeTakeFirst() : undefined
  if (!row) throw new UnauthorizedError('ENROLMENT_INVALID', 'this enrolment link is not valid: ask an administrator for a new one')
  if (row.used_at) throw new UnauthorizedError('ENROLMENT_USED', 'this enrolment link was already used: ask an administrator for a new one')
  if (row.expires_at.getTime() <= ctx.clock.now().getTime()) throw new UnauthorizedError('ENROLMENT_EXPIRED', 'this enrolment link expired: ask an administrator for a new one')
  const principal = await ctx.directory.find(row.principal_id)
  if (!principal) throw new UnauthorizedError('ENROLMENT_INVALID', 'the principal of this link can no longer sign in')
  return { row, principal }
}

/**
 * The `PublicKeyCredentialCreationOptions` (JSON form) for the link's principal: a
 * discoverable ES256/EdDSA/RS256 passkey that verifies its user, no attestation, and the
 * principal's existing passkeys excluded.
 */
export async function enrolmentOptions(ctx: ConsoleContext, token: string) {
  const { row, principal } = await openEnrolment(ctx, token)
  const challenge = await issueChallenge(ctx, 'enrol', row.id)
  const existing = await ctx.db.selectFrom('passkey_credentials').select('credential_id').where('principal_id', '=', principal.id).where('revoked_at', 'is', null).execute()
  const rp = ctx.relyingParty()
  return {
    challengeId: challenge.id,
    principal: { id: principal.id, name: principal.name, role: principal.role },
    publicKey: {
      challenge: challenge.challenge,
      rp: { id: rp.rpId, name: rp.name },
      user: { id: Buffer.from(principal.id).toString('base64url'), name: principal.name, displayName: `${principal.name} (${ctx.service})` },
      pubKeyCredParams: [-7, -8, -257].map((alg) => ({ type: 'public-key' as const, alg })),
      timeout: 300_000,
      attestation: 'none' as const,
      authenticatorSelection: { residentKey: 'required' as const, requireResidentKey: true, userVerification: 'required' as const },
      excludeCredentials: existing.map((c) => ({ type: 'public-key' as const, id: c.credential_id })),
    },
  }
}

/**
 * Finishes an enrolment: verifies the new passkey against the link's challenge, stores it
 * for the link's principal, spends the link, and signs the principal in. All in one
 * database transaction, audited.
 */
export async function completeEnrolment(
  ctx: ConsoleContext,
  p: { token: string; challengeId: string; credential: RegistrationResponse; label?: string; ip: string; userAgent: string; correlationId?: string },
): Promise<{ session: StartedSession; passkey: PasskeyView }> {
  const { row, principal } = await openEnrolment(ctx, p.token)
  const now = ctx.clock.now()
  return ctx.db.transaction().execute(async (tx) => {
    const challenge = await consumeChallenge(tx, now, p.challengeId, 'enrol', row.id)
    const rp = ctx.relyingParty()
    const registration = verifyRegistration({ credential: p.credential, challenge, origins: [rp.origin], rpId: rp.rpId })
    const spent = await tx.updateTable('console_enrolments').set({ used_at: now, credential_id: registration.credentialId }).where('id', '=', row.id).where('used_at', 'is', null).executeTakeFirst()
    if (Number(spent.numUpdatedRows) !== 1) throw new ConflictError('ENROLMENT_USED', 'this enrolment link was already used')
    const passkey = await storePasskey(tx, now, { principalId: principal.id, enrolmentId: row.id, label: (p.label ?? '').slice(0, 100) || `passkey ${now.toISOString().slice(0, 10)}`, registration })
    const session = await startSession(tx, ctx, { principalId: principal.id, credentialId: registration.credentialId, ip: p.ip, userAgent: p.userAgent })
    const actor = sessionActor(principal.id, session.id, principal.kind)
    await appendChange(tx, {
      at: now,
      actor,
      action: 'console.passkey_enrolled',
      targetType: 'passkey',
      targetId: registration.credentialId,
      after: { principalId: principal.id, enrolmentId: row.id, alg: registration.alg, publicKey: passkey.publicKey, aaguid: registration.aaguid, attestationFormat: registration.attestationFormat },
      correlationId: p.correlationId,
    })
    await appendChange(tx, { at: now, actor, action: 'console.signed_in', targetType: 'session', targetId: session.id, after: { principalId: principal.id, credentialId: registration.credentialId, ip: p.ip }, correlationId: p.correlationId })
    return { session, passkey }
  })
}
