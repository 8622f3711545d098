import { fileURLToPath } from 'node:url'
import type { Kysely } from 'kysely'
import type { Clock } from '../clock.ts'
import type { HttpServer } from '../http/create-server.ts'
import type { ConsoleContext } from './console-context.ts'
import type { ConsoleTables } from './console-migration.ts'
import { consoleOrigin, type ConsoleSettings } from './console-settings.ts'
import type { PrincipalDirectory } from './principal-directory.ts'
import { registerConsoleRoutes } from './console-routes.ts'
import { registerConsoleAssets } from './serve-console.ts'
import { createSessionAuthenticator, type SessionAuthenticator } from './session-auth.ts'

/** Where `npm install` writes a console's assets. */
export const consoleBuildDir = (service: 'custody' | 'platform') => fileURLToPath(new URL(`../../../build/console/${service}`, import.meta.url))

export interface ServiceConsole {
  ctx: ConsoleContext
  /** Pass to installAuth as `sessions`. */
  authenticator: SessionAuthenticator
  /** Registers the console API and assets; call after installAuth. */
  register(): void
}

/**
 * A service's browser console: its sessions and passkeys (in the service's own
 * database), the session authenticator for installAuth, and its routes.
 *
 * @example
 * const console = createServiceConsole(app, { service: 'custody', db, clock, directory, settings, adminScope: 'admin' })
 * installAuth(app, { ..., sessions: console.authenticator })
 * console.register()
 */
export function createServiceConsole(
  app: HttpServer,
  opts: { service: 'custody' | 'platform'; db: Kysely<any>; clock: Clock; directory: PrincipalDirectory; settings: ConsoleSettings; adminScope: string; assetsDir?: string },
): ServiceConsole {
  const port = () => {
    const a = app.server.address()
    return typeof a === 'object' && a ? a.port : undefined
  }
  const ctx: ConsoleContext = {
    db: opts.db as Kysely<ConsoleTables>,
    clock: opts.clock,
    directory: opts.directory,
    settings: opts.settings,
    service: opts.service,
    relyingParty: () => ({ ...consoleOrigin(opts.settings, port), name: `Custos ${opts.service}` }),
  }
  return {
    ctx,
    authenticator: createSessionAuthenticator(ctx),
    register() {
      registerConsoleRoutes(app, ctx, { adminScope: opts.adminScope })
      registerConsoleAssets(app, { root: opts.assetsDir ?? consoleBuildDir(opts.service), title: `${opts.service} console` })
    },
  }
}
