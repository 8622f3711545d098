import type { Kysely } from 'kysely'
import { UnauthorizedError } from '../errors.ts'
import { hashToken, newId, newToken, type ConsoleContext } from './console-context.ts'
import type { ConsoleTables } from './console-migration.ts'

/** A live console session, as the service sees it. */
export interface ConsoleSession {
  id: string
  principalId: string
  credentialId: string
  createdAt: Date
  lastSeenAt: Date
  expiresAt: Date
}

/** A session just started: the cookie's token and the CSRF token go to the browser once. */
export interface StartedSession extends ConsoleSession {
  token: string
  csrfToken: string
}

// last_seen_at is written at most this often: idle expiry is measured in minutes, so a
// write per request would buy nothing.
const TOUCH_EVERY_MS = 30_000

/**
 * The CSRF token of a session: derived from the cookie's secret token, so it needs no
 * storage, is the same in every tab, and cannot be computed without the http-only cookie.
 */
export const csrfTokenOf = (sessionToken: string): string => hashToken(`csrf:${sessionToken}`).slice(0, 43)

/** Starts a session for a principal who just proved a passkey (inside the caller's transaction). */
export async function startSession(tx: Kysely<ConsoleTables>, ctx: ConsoleContext, p: { principalId: string; credentialId: string; ip: string; userAgent: string }): Promise<StartedSession> {
  const now = ctx.clock.now()
  const token = newToken()
  const row = {
    id: newId('ses'),
    token_hash: hashToken(token),
    principal_id: p.principalId,
    credential_id: p.credentialId,
    created_at: now,
    last_seen_at: now,
    expires_at: new Date(now.getTime() + ctx.settings.sessionHours * 3600_000),
    revoked_at: null,
    revoked_by: null,
    ip: p.ip.slice(0, 64),
    user_agent: p.userAgent.slice(0, 256),
  }
  await tx.insertInto('console_sessions').values(row).execute()
  return { id: row.id, principalId: row.principal_id, credentialId: row.credential_id, createdAt: now, lastSeenAt: now, expiresAt: row.expires_at, token, csrfToken: csrfTokenOf(token) }
}

/**
 * The session a cookie's token opens, or 401 `SESSION_EXPIRED` / `SESSION_INVALID`. A
 * session ends when revoked, after `sessionHours`, or when unused for `idleMinutes`.
 */
export async function openSession(ctx: ConsoleContext, token: string): Promise<ConsoleSession> {
  const row = await ctx.db.selectFrom('console_sessions').selectAll().where('token_hash', '=', hashToken(token)).executeTakeFirst()
  if (!row || row.revoked_at) throw new UnauthorizedError('SESSION_INVALID', 'not signed in (or signed out): sign in again with your passkey')
  const now = ctx.clock.now()
  const idleUntil = row.last_seen_at.getTime() + ctx.settings.idleMinutes * 60_000
  if (now.getTime() >= row.expires_at.getTime() || now.getTime() >= idleUntil) {
    throw new UnauthorizedError('SESSION_EXPIRED', 'your console session expired: sign in again with your passkey')
  }
  if (now.getTime() - row.last_seen_at.getTime() >= TOUCH_EVERY_MS) {
    await ctx.db.updateTable('console_sessions').set({ last_seen_at: now }).where('id', '=', row.id).where('revoked_at', 'is', null).execute()
  }
  return { id: row.id, principalId: row.principal_id, credentialId: row.credential_id, createdAt: row.created_at, lastSeenAt: now, expiresAt: row.expires_at }
}

/** Ends sessions (one, or every session of a principal) inside the caller's transaction; returns how many were live. */
export async function revokeSessions(tx: Kysely<ConsoleTables>, now: Date, by: string, which: { sessionId: string } | { principalId: string }): Promise<number> {
  let q = tx.updateTable('console_sessions').set({ revoked_at: now, revoked_by: by }).where('revoked_at', 'is', null)
  q = 'sessionId' in which ? q.where('id', '=', which.sessionId) : q.where('principal_id', '=', which.principalId)
  const res = await q.executeTakeFirst()
  return Number(res.numUpdatedRows)
}

/** A principal's live sessions, newest first (no tokens). */
export async function listSessions(ctx: ConsoleContext, principalId: string) {
  const now = ctx.clock.now()
  const rows = await ctx.db
    .selectFrom('console_sessions')
    .select(['id', 'credential_id', 'created_at', 'last_seen_at', 'expires_at', 'ip', 'user_agent'])
    .where('principal_id', '=', principalId)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now)
    .where('last_seen_at', '>', new Date(now.getTime() - ctx.settings.idleMinutes * 60_000))
    .orderBy('created_at', 'desc')
    .limit(100)
    .execute()
  return rows.map((r) => ({ id: r.id, credentialId: r.credential_id, createdAt: r.created_at.toISOString(), lastSeenAt: r.last_seen_at.toISOString(), expiresAt: r.expires_at.toISOString(), ip: r.ip, userAgent: r.user_agent }))
}
