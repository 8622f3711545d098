import { Type } from 'typebox'
import type { HttpServer } from '../http/create-server.ts'
import { requirePrincipal } from '../auth/auth-plugin.ts'
import { UnauthorizedError } from '../errors.ts'
import type { ConsoleContext } from './console-context.ts'
import { completeEnrolment, enrolmentOptions, issueEnrolment } from './enrolment.ts'
import { listPasskeys, revokePasskey } from './passkeys.ts'
import { actorOfRequest } from './request-actor.ts'
import { clearSessionCookie, sessionTokenOf, setSessionCookie } from './session-auth.ts'
import { csrfTokenOf, listSessions } from './sessions.ts'
import { signIn, signInOptions, signOut } from './sign-in.ts'
import { Problem } from '../http/problem-schema.ts'

const errors = { 400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem }
const B64u = (max = 4096) => Type.String({ pattern: '^[A-Za-z0-9_-]*$', maxLength: max })
const Id = Type.String({ pattern: '^[A-Za-z0-9_-]{1,128}$' })

const Assertion = Type.Object({
  id: Type.Optional(B64u(1400)),
  rawId: B64u(1400),
  type: Type.Optional(Type.Literal('public-key')),
  response: Type.Object({
    clientDataJSON: B64u(),
    authenticatorData: B64u(),
    signature: B64u(1400),
    userHandle: Type.Optional(Type.Union([B64u(256), Type.Null()])),
  }),
})
const Attestation = Type.Object({
  id: Type.Optional(B64u(1400)),
  rawId: B64u(1400),
  type: Type.Optional(Type.Literal('public-key')),
  response: Type.Object({ clientDataJSON: B64u(), attestationObject: B64u(16384), transports: Type.Optional(Type.Array(Type.String({ maxLength: 32 }), { maxItems: 8 })) }),
})
export { Assertion as AssertionSchema }

const Me = Type.Object({
  principal: Type.Object({ id: Type.String(), name: Type.String(), role: Type.String(), scopes: Type.Array(Type.String()), groups: Type.Array(Type.String()) }),
  session: Type.Union([Type.Object({ id: Type.String(), createdAt: Type.String(), expiresAt: Type.String(), idleMinutes: Type.Integer() }), Type.Null()]),
  csrfToken: Type.Union([Type.String(), Type.Null()]),
  service: Type.String(),
})
const Passkey = Type.Object({ credentialId: Type.String(), principalId: Type.String(), label: Type.String(), alg: Type.Integer(), publicKey: Type.String(), createdAt: Type.String(), lastUsedAt: Type.Union([Type.String(), Type.Null()]), revokedAt: Type.Union([Type.String(), Type.Null()]) })
const Options = Type.Object({ challengeId: Type.String(), publicKey: Type.Record(Type.String(), Type.Unknown()), principal: Type.Optional(Type.Record(Type.String(), Type.Unknown())) })
const tags = ['console']

/**
 * The console's sign-in API on a service (after installAuth with the session
 * authenticator): one-time enrolment links issued by an admin, passkey enrolment,
 * sign-in, who am I (with the CSRF token), sign-out here or everywhere, own passkeys.
 */
export function registerConsoleRoutes(app: HttpServer, ctx: ConsoleContext, opts: { adminScope: string }) {
  app.post(
    '/v1/console/enrolments',
    {
      config: { scopes: [opts.adminScope] },
      schema: {
        tags,
        summary: 'Issue a one-time link with which a principal enrols a passkey for the console',
        body: Type.Object({ principalId: Id, ttlMinutes: Type.Optional(Type.Integer({ minimum: 1, maximum: 10080 })) }, { additionalProperties: false }),
        response: { 201: Type.Object({ id: Type.String(), principalId: Type.String(), url: Type.String(), expiresAt: Type.String() }), ...errors },
      },
    },
    async (req, reply) => {
      const issued = await issueEnrolment(ctx, { principalId: req.body.principalId, ttlMinutes: req.body.ttlMinutes, actor: actorOfRequest(req), correlationId: String(req.id) })
      return reply.code(201).send(issued)
    },
  )

  app.post(
    '/v1/console/enrol/options',
    { config: { public: true }, schema: { tags, summary: 'Passkey creation options for an enrolment link', body: Type.Object({ token: Type.String({ maxLength: 128 }) }, { additionalProperties: false }), response: { 200: Options, ...errors } } },
    async (req) => enrolmentOptions(ctx, req.body.token),
  )

  app.post(
    '/v1/console/enrol',
    {
      config: { public: true },
      schema: {
        tags,
        summary: 'Enrol the passkey just created with an enrolment link, and sign in',
        body: Type.Object({ token: Type.String({ maxLength: 128 }), challengeId: Id, credential: Attestation, label: Type.Optional(Type.String({ maxLength: 100 })) }, { additionalProperties: false }),
        response: { 201: Me, ...errors },
      },
    },
    async (req, reply) => {
      const { session } = await completeEnrolment(ctx, { ...req.body, ip: req.ip, userAgent: String(req.headers['user-agent'] ?? ''), correlationId: String(req.id) })
      setSessionCookie(reply, ctx.service, session.token)
      return reply.code(201).send(await me(session.principalId, session, session.csrfToken))
    },
  )

  app.post('/v1/console/sign-in/options', { config: { public: true }, schema: { tags, summary: 'A sign-in challenge for any enrolled passkey', response: { 200: Options } } }, async () => signInOptions(ctx))

  app.post(
    '/v1/console/sign-in',
    {
      config: { public: true },
      schema: { tags, summary: 'Sign in with a passkey assertion over a sign-in challenge', body: Type.Object({ challengeId: Id, credential: Assertion }, { additionalProperties: false }), response: { 200: Me, ...errors } },
    },
    async (req, reply) => {
      const session = await signIn(ctx, { ...req.body, ip: req.ip, userAgent: String(req.headers['user-agent'] ?? ''), correlationId: String(req.id) })
      setSessionCookie(reply, ctx.service, session.token)
      return me(session.principalId, session, session.csrfToken)
    },
  )

  async function me(principalId: string, session: { id: string; createdAt: Date; expiresAt: Date } | undefined, csrfToken: string | null) {
    const p = await ctx.directory.find(principalId)
    if (!p) throw new UnauthorizedError('PRINCIPAL_DISABLED', 'your principal can no longer sign in')
    return {
      principal: p,
      session: session ? { id: session.id, createdAt: session.createdAt.toISOString(), expiresAt: session.expiresAt.toISOString(), idleMinutes: ctx.settings.idleMinutes } : null,
      csrfToken,
      service: ctx.service,
    }
  }

  app.get('/v1/console/session', { schema: { tags, summary: 'Who is signed in, with the CSRF token state-changing requests must carry', response: { 200: Me, ...errors } } }, async (req) => {
    const p = requirePrincipal(req)
    const token = req.consoleSession ? sessionTokenOf(req, ctx.service) : undefined
    return me(p.keyId, req.consoleSession, token ? csrfTokenOf(token) : null)
  })

  for (const everywhere of [false, true]) {
    app.post(
      everywhere ? '/v1/console/sign-out-everywhere' : '/v1/console/sign-out',
      { schema: { tags, summary: everywhere ? "End every console session of the caller's principal" : 'End this console session', response: { 200: Type.Object({ sessionsEnded: Type.Integer() }), ...errors } } },
      async (req, reply) => {
        const p = requirePrincipal(req)
        const ended = await signOut(ctx, { principalId: p.keyId, sessionId: req.consoleSession?.id, everywhere, actor: actorOfRequest(req), correlationId: String(req.id) })
        if (req.consoleSession) clearSessionCookie(reply, ctx.service)
        return { sessionsEnded: ended }
      },
    )
  }

  app.get('/v1/console/passkeys', { schema: { tags, summary: "The caller's passkeys and live sessions", response: { 200: Type.Object({ passkeys: Type.Array(Passkey), sessions: Type.Array(Type.Record(Type.String(), Type.Unknown())) }), ...errors } } }, async (req) => {
    const p = requirePrincipal(req)
    return { passkeys: await listPasskeys(ctx, p.keyId), sessions: await listSessions(ctx, p.keyId) }
  })

  app.post(
    '/v1/console/passkeys/:credentialId/revoke',
    { schema: { tags, summary: "Revoke one of the caller's passkeys (its sessions end)", params: Type.Object({ credentialId: B64u(1400) }), response: { 200: Passkey, ...errors } } },
    async (req) => revokePasskey(ctx, { principalId: requirePrincipal(req).keyId, credentialId: req.params.credentialId, actor: actorOfRequest(req), correlationId: String(req.id) }),
  )
}
