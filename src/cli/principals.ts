import { join } from 'node:path'
import type { Kysely } from 'kysely'
import { appendChange } from '../audit/log/record-change.ts'
import { createApiKeyStore, type ApiKeyStore } from '../shared/auth/api-key-store.ts'
import { listPrincipals, roleClassOf, type PrincipalKind } from '../shared/auth/principals.ts'
import { systemClock, type Clock } from '../shared/clock.ts'
import { openDatabase, resolveDatabaseTarget } from '../shared/db/connect.ts'
import { migrateToLatest } from '../shared/db/migrate.ts'
import { ConflictError, ValidationError } from '../shared/errors.ts'
import { createLogger } from '../shared/logger.ts'
import { homeDir } from '../shared/config/common.ts'

export interface BootstrapPrincipalParameters {
  db: Kysely<any>
  store: Pick<ApiKeyStore, 'createApiKey'>
  clock: Clock
  service: 'custody' | 'platform'
  /** Who runs the ceremony (a name the audit log keeps). */
  operator: string
  name: string
  kind: PrincipalKind
  role: string
  scopes: string[]
  groups: string[]
  /**
   * Custody: the ceremony is open until this many admin principals exist (its admin quorum
   * plus the requester); after that a principal is a governed change (`POST /v1/principals`).
   */
  closeAtAdmins?: number
}

/**
 * The bootstrap ceremony: an operator with access to the service's database makes a
 * principal and its first API key, audited as `principal.bootstrapped` with the operator's
 * name. On custody it is only for the first admins: once they can form a quorum, it is
 * closed and every later principal or role goes through that quorum. The platform has no
 * quorum, so its principals always come from here.
 *
 * @throws ConflictError `BOOTSTRAP_CLOSED` once custody has its first admins.
 */
export async function bootstrapPrincipal(p: BootstrapPrincipalParameters): Promise<{ principalId: string; keyId: string; secret: string }> {
  if (!/^[A-Za-z0-9 ._@-]{1,64}$/.test(p.operator)) throw new ValidationError('operator must name who runs the ceremony (letters, digits, space, ._@-)', { field: 'operator' })
  if (p.service === 'custody' && p.closeAtAdmins !== undefined) {
    const admins = (await listPrincipals(p.db)).filter((x) => x.status === 'active' && x.roles.includes('admin')).length
    if (admins >= p.closeAtAdmins) {
      throw new ConflictError('BOOTSTRAP_CLOSED', `custody already has ${admins} admins: propose new principals and roles to their quorum (POST /v1/principals)`, { admins })
    }
  }
  const issued = await p.store.createApiKey({ role: p.role, scopes: p.scopes, groups: p.groups, createdBy: `operator:${p.operator}`, principalName: p.name, principalKind: p.kind })
  await appendChange(p.db, {
    at: p.clock.now(),
    actor: `operator:${p.operator}`,
    action: 'principal.bootstrapped',
    targetType: 'principal',
    targetId: issued.keyId,
    after: { principalId: issued.keyId, name: p.name, kind: p.kind, roles: [roleClassOf(p.role)], scopes: p.scopes, groups: p.groups, keyId: issued.keyId },
  })
  return { principalId: issued.keyId, ...issued }
}

/**
 * `custos principals add`: runs the ceremony against a stopped service's database
 * (PGlite) or a live one's PostgreSQL, and prints the key's secret once.
 */
export async function principalsAddCommand(
  env: Record<string, string | undefined>,
  opts: { service: string; operator: string; name: string; kind?: string; role: string; scopes: string; groups?: string },
): Promise<void> {
  if (opts.service !== 'custody' && opts.service !== 'platform') throw new ValidationError('--service is custody or platform')
  const service = opts.service
  const home = homeDir(env.CUSTOS_HOME ?? '.custos')
  const logger = createLogger({ service: 'custos', level: 'warn' })
  const target = resolveDatabaseTarget(service === 'custody' ? env.CUSTODY_DATABASE_URL : env.PLATFORM_DATABASE_URL, join(home, service, 'db'))
  const database = await openDatabase<any>(target, service)
  try {
    const { custodyMigrations } = await import('../custody/db/migrations.ts')
    const { platformMigrations } = await import('../platform/db/migrations.ts')
    await migrateToLatest(database.db as Kysely<unknown>, service, service === 'custody' ? custodyMigrations : platformMigrations)
    let encryptionKey: Uint8Array
    if (service === 'custody') {
      const { loadMasterKey } = await import('../custody/keys/master-key.ts')
      const { deriveKey } = await import('../custody/service.ts')
      encryptionKey = deriveKey(await loadMasterKey({ env, devFallbackPath: join(home, 'custody', 'master.key'), logger }), 'api-keys')
    } else {
      const { loadPlatformMasterKey, derivePlatformKey } = await import('../platform/master-key.ts')
      encryptionKey = derivePlatformKey(loadPlatformMasterKey({ value: env.PLATFORM_MASTER_KEY, devFallbackPath: join(home, 'platform', 'master.key'), logger }), 'api-keys')
    }
    const store = createApiKeyStore({ db: database.db as Kysely<any>, encryptionKey, clock: systemClock })
    const list = (v: string | undefined) => (v ?? '').split(',').map((s) => s.trim()).filter(Boolean)
    const quorum = Number.parseInt(env.CUSTODY_ADMIN_QUORUM ?? '2', 10)
    const made = await bootstrapPrincipal({
      db: database.db as Kysely<any>,
      store,
      clock: systemClock,
      service,
      operator: opts.operator,
      name: opts.name,
      kind: opts.kind === 'service' ? 'service' : 'person',
      role: opts.role,
      scopes: list(opts.scopes),
      groups: list(opts.groups),
      closeAtAdmins: quorum + 1,
    })
    process.stdout.write(`${JSON.stringify(made, null, 2)}\n`)
    process.stderr.write('custos: the secret above is shown once; hand it to its holder now\n')
  } finally {
    await database.close()
  }
}
