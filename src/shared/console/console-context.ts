import { createHash, randomBytes } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { Clock } from '../clock.ts'
import type { ConsoleTables } from './console-migration.ts'
import type { ConsoleSettings } from './console-settings.ts'
import type { PrincipalDirectory } from './principal-directory.ts'

/** What the console's sessions and passkeys need from their service: built once per app. */
export interface ConsoleContext {
  db: Kysely<ConsoleTables>
  clock: Clock
  directory: PrincipalDirectory
  settings: ConsoleSettings
  /** `custody` or `platform`: names the cookie and the audit actor prefix. */
  service: 'custody' | 'platform'
  /** The origin the browser uses and the WebAuthn relying party id (its host name). */
  relyingParty(): { origin: string; rpId: string; name: string }
}

/** A random token for a link or a cookie (256 bits, base64url). */
export const newToken = (): string => randomBytes(32).toString('base64url')
export const newId = (prefix: string): string => `${prefix}_${randomBytes(12).toString('hex')}`
export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex')

/** The audit actor of something a console user did. */
export const sessionActor = (principalId: string, sessionId: string, kind: 'person' | 'service' = 'person') => `${kind}:${principalId}/session:${sessionId}`
