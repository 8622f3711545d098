import { appendChange } from '../../audit/log/record-change.ts'
import { UnauthorizedError } from '../errors.ts'
import type { AssertionResponse } from '../webauthn/verify-assertion.ts'
import { consumeChallenge, issueChallenge } from './challenges.ts'
import { sessionActor, type ConsoleContext } from './console-context.ts'
import { verifyPasskeyAssertion } from './passkeys.ts'
import { revokeSessions, startSession, type StartedSession } from './sessions.ts'

/** `PublicKeyCredentialRequestOptions` (JSON form) for signing in with any enrolled passkey (discoverable credentials). */
export async function signInOptions(ctx: ConsoleContext) {
  const c = await issueChallenge(ctx, 'sign-in')
  return { challengeId: c.id, publicKey: { challenge: c.challenge, rpId: ctx.relyingParty().rpId, timeout: 300_000, userVerification: 'required' as const, allowCredentials: [] as { type: 'public-key'; id: string }[] } }
}

/**
 * Signs a principal in with a passkey assertion over a sign-in challenge: the passkey
 * must be enrolled and live, and its principal able to sign in now. Audited.
 */
export async function signIn(ctx: ConsoleContext, p: { challengeId: string; credential: AssertionResponse; ip: string; userAgent: string; correlationId?: string }): Promise<StartedSession> {
  const now = ctx.clock.now()
  return ctx.db.transaction().execute(async (tx) => {
    const challenge = await consumeChallenge(tx, now, p.challengeId, 'sign-in')
    const { principalId, passkey } = await verifyPasskeyAssertion(tx, ctx, { assertion: p.credential, challenge })
    const principal = await ctx.directory.find(principalId, tx)
    if (!principal) throw new UnauthorizedError('PRINCIPAL_DISABLED', 'the principal of this passkey can no longer sign in')
    const session = await startSession(tx, ctx, { principalId, credentialId: passkey.credentialId, ip: p.ip, userAgent: p.userAgent })
    await appendChange(tx, { at: now, actor: sessionActor(principalId, session.id, principal.kind), action: 'console.signed_in', targetType: 'session', targetId: session.id, after: { principalId, credentialId: passkey.credentialId, ip: p.ip }, correlationId: p.correlationId })
    return session
  })
}

/** Ends one session, or every session of its principal; audited. Returns how many ended. */
export async function signOut(ctx: ConsoleContext, p: { principalId: string; sessionId?: string; everywhere: boolean; actor: string; correlationId?: string }): Promise<number> {
  const now = ctx.clock.now()
  return ctx.db.transaction().execute(async (tx) => {
    const ended = await revokeSessions(tx, now, p.actor, p.everywhere || !p.sessionId ? { principalId: p.principalId } : { sessionId: p.sessionId })
    await appendChange(tx, {
      at: now,
      actor: p.actor,
      action: p.everywhere ? 'console.signed_out_everywhere' : 'console.signed_out',
      targetType: p.everywhere ? 'principal' : 'session',
      targetId: p.everywhere ? p.principalId : (p.sessionId ?? p.principalId),
      after: { sessionsEnded: ended },
      correlationId: p.correlationId,
    })
    return ended
  })
}
