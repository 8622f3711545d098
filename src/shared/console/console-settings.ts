import { Type } from 'typebox'

/** How a service's console behaves; each service reads it from its own environment variables. */
export interface ConsoleSettings {
  /** Origin the console is opened at; unset: `http://localhost:<listening port>`. */
  origin?: string
  idleMinutes: number
  sessionHours: number
}

/** The TypeBox fields of a console's environment variables, for a service's env schema. */
export const consoleEnvFields = (service: 'custody' | 'platform') => ({
  origin: Type.Optional(
    Type.String({
      pattern: '^https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?$',
      description: `origin the ${service} console is opened at (passkeys are bound to its host name); default http://localhost:<port>`,
    }),
  ),
  idleMinutes: Type.Integer({ minimum: 1, maximum: 1440, default: 15, description: `a ${service} console session unused this long is signed out` }),
  sessionHours: Type.Integer({ minimum: 1, maximum: 168, default: 12, description: `a ${service} console session ends this long after sign-in, however active` }),
})

/**
 * Where the console is served and what a passkey is bound to: the configured origin, or
 * `http://localhost:<port the service listens on>` (WebAuthn needs a host name, not an IP
 * address, and treats localhost as a secure context).
 */
export function consoleOrigin(settings: Pick<ConsoleSettings, 'origin'>, listeningPort: () => number | undefined): { origin: string; rpId: string } {
  const origin = settings.origin ?? `http://localhost:${listeningPort() ?? 0}`
  return { origin, rpId: new URL(origin).hostname }
}
