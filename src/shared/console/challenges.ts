import { randomBytes } from 'node:crypto'
import type { Kysely } from 'kysely'
import { WebAuthnError } from '../webauthn/webauthn-error.ts'
import { newId, type ConsoleContext } from './console-context.ts'
import type { ConsoleTables } from './console-migration.ts'

/** How long a sign-in or enrolment ceremony may take. */
export const CHALLENGE_TTL_MS = 5 * 60_000

/** A fresh random challenge for a ceremony, stored so it can be used once. */
export async function issueChallenge(ctx: ConsoleContext, purpose: 'sign-in' | 'enrol', enrolmentId: string | null = null): Promise<{ id: string; challenge: string }> {
  const now = ctx.clock.now()
  const row = { id: newId('wch'), challenge: randomBytes(32).toString('base64url'), purpose, enrolment_id: enrolmentId, expires_at: new Date(now.getTime() + CHALLENGE_TTL_MS), used_at: null }
  // Old challenges go as new ones come, so the table holds minutes of ceremonies, not history.
  await ctx.db.deleteFrom('webauthn_challenges').where('expires_at', '<', new Date(now.getTime() - CHALLENGE_TTL_MS)).execute()
  await ctx.db.insertInto('webauthn_challenges').values(row).execute()
  return { id: row.id, challenge: row.challenge }
}

/**
 * Takes a challenge for one use inside the caller's transaction: it must exist, be for
 * this purpose (and enrolment), unexpired and unused.
 */
export async function consumeChallenge(tx: Kysely<ConsoleTables>, now: Date, id: string, purpose: 'sign-in' | 'enrol', enrolmentId: string | null = null): Promise<Uint8Array> {
  const row = await tx.selectFrom('webauthn_challenges').selectAll().where('id', '=', id).forUpdate().executeTakeFirst()
  if (!row || row.purpose !== purpose || row.enrolment_id !== enrolmentId) throw new WebAuthnError('WEBAUTHN_CHALLENGE', 'unknown challenge: start again')
  if (row.used_at) throw new WebAuthnError('WEBAUTHN_CHALLENGE', 'this challenge was already used: start again')
  if (row.expires_at.getTime() <= now.getTime()) throw new WebAuthnError('WEBAUTHN_CHALLENGE', 'the challenge expired: start again')
  await tx.updateTable('webauthn_challenges').set({ used_at: now }).where('id', '=', id).execute()
  return new Uint8Array(Buffer.from(row.challenge, 'base64url'))
}
