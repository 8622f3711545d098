import { randomBytes } from 'node:crypto'
import { sql, type ColumnType, type Kysely, type Migration } from 'kysely'
import { ACT_ON_BEHALF_SCOPE } from './verify-request.ts'
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../errors.ts'

type Json<T> = ColumnType<T, string, string>

/** A person or a service; API keys, console sessions and API users act for one. */
export interface PrincipalsTable {
  id: string
  kind: 'person' | 'service'
  name: string
  roles: Json<string[]>
  /** The most any of its keys or sessions may carry. */
  scopes: Json<string[]>
  groups: Json<string[]>
  status: 'active' | 'disabled'
  created_by: string
  created_at: Date
}

export type PrincipalKind = PrincipalsTable['kind']

/** A principal as the services see it. */
export interface PrincipalRecord {
  id: string
  kind: PrincipalKind
  name: string
  roles: string[]
  scopes: string[]
  groups: string[]
  status: 'active' | 'disabled'
  createdBy: string
  createdAt: Date
}

/**
 * Creates `principals` and gives every API key one (`api_keys.principal_id`): a key and
 * the keys rotated from it share the principal named after the first key of the chain,
 * whose roles, scopes and groups are those of its keys.
 */
export const principalsMigration: Migration = {
  async up(db: Kysely<any>) {
    await sql`create table principals (
      id text primary key,
      kind text not null check (kind in ('person', 'service')),
      name text not null,
      roles jsonb not null default '[]',
      scopes jsonb not null default '[]',
      groups jsonb not null default '[]',
      status text not null default 'active' check (status in ('active', 'disabled')),
      created_by text not null,
      created_at timestamptz not null
    )`.execute(db)
    await sql`alter table api_keys add column principal_id text`.execute(db)
    await sql`update api_keys set principal_id = key_id where rotated_from is null`.execute(db)
    // Rotation chains are short; each pass hands the principal one link down.
    for (let i = 0; i < 64; i++) {
      const res = await sql`update api_keys k set principal_id = p.principal_id from api_keys p
        where k.rotated_from = p.key_id and k.principal_id is null and p.principal_id is not null`.execute(db)
      if (Number(res.numAffectedRows ?? 0n) === 0) break
    }
    await sql`update api_keys set principal_id = key_id where principal_id is null`.execute(db)
    const keys = await sql<{ key_id: string; principal_id: string; role: string; scopes: string[]; groups: string[]; created_by: string; created_at: Date }>`
      select key_id, principal_id, role, scopes, groups, created_by, created_at from api_keys order by created_at, key_id`.execute(db)
    const byPrincipal = new Map<string, { roles: Set<string>; scopes: Set<string>; groups: Set<string>; createdBy: string; createdAt: Date; name: string }>()
    for (const k of keys.rows) {
      const p = byPrincipal.get(k.principal_id) ?? { roles: new Set(), scopes: new Set(), groups: new Set(), createdBy: k.created_by, createdAt: k.created_at, name: k.role }
      p.roles.add(roleClassOf(k.role))
      for (const s of k.scopes) p.scopes.add(s)
      for (const g of k.groups) p.groups.add(g)
      byPrincipal.set(k.principal_id, p)
    }
    for (const [id, p] of byPrincipal) {
      await sql`insert into principals (id, kind, name, roles, scopes, groups, status, created_by, created_at)
        values (${id}, 'person', ${p.name}, ${JSON.stringify([...p.roles])}, ${JSON.stringify([...p.scopes])}, ${JSON.stringify([...p.groups])}, 'active', ${p.createdBy}, ${p.createdAt})`.execute(db)
    }
    await sql`alter table api_keys alter column principal_id set not null`.execute(db)
    await sql`create index api_keys_by_principal on api_keys (principal_id)`.execute(db)
  },
  async down(db: Kysely<any>) {
    await sql`drop index api_keys_by_principal`.execute(db)
    await sql`alter table api_keys drop column principal_id`.execute(db)
    await sql`drop table principals`.execute(db)
  },
}

/**
 * The role a key's role name stands for: numbered development roles (`approver-2`,
 * `compliance-officer-2`, `admin-2`) are the same role held by another person.
 */
export function roleClassOf(role: string): string {
  return role.replace(/-\d+$/, '')
}

/**
 * Roles one principal may not hold together: custody's admin (who changes the policy)
 * and its approvers (who approve under it); the platform's issuer-admin, compliance
 * officer and auditor.
 */
export const DEFAULT_ROLE_CONFLICTS: readonly (readonly string[])[] = [
  ['admin', 'approver'],
  ['issuer-admin', 'compliance-officer', 'auditor'],
]

/** Sets of roles one principal may not hold two of. */
export type RoleConflicts = readonly (readonly string[])[]

/**
 * The separation-of-duties rules left once the operator allows some combinations: every
 * conflict set becomes its pairs (`admin+approver`, `issuer-admin+auditor`, …), and a pair
 * goes when an allowed combination holds both of its roles. Custody takes `allowed` from
 * the active policy's `roleCombinations.allow`, the platform from its configuration.
 *
 * @example roleConflictsAllowing([['issuer-admin', 'auditor']]) // [['admin','approver'], ['issuer-admin','compliance-officer'], ['compliance-officer','auditor']]
 */
export function roleConflictsAllowing(allowed: RoleConflicts, conflicts: RoleConflicts = DEFAULT_ROLE_CONFLICTS): string[][] {
  const allowedSets = allowed.map((c) => new Set(c.map(roleClassOf)))
  const pairs: string[][] = []
  for (const set of conflicts) {
    for (let i = 0; i < set.length; i++) {
      for (let j = i + 1; j < set.length; j++) {
        const pair = [set[i]!, set[j]!]
        if (!allowedSets.some((a) => a.has(pair[0]!) && a.has(pair[1]!))) pairs.push(pair)
      }
    }
  }
  return pairs
}

/** Reads `a+b, c+d+e` (a service's configuration) as role combinations. */
export function parseRoleCombinations(text: string | undefined): string[][] {
  if (text === undefined || text.trim() === '') return []
  return text.split(',').map((c) => c.split('+').map((r) => r.trim()))
}

/**
 * Refuses a role set that combines roles kept apart. The problem names the rule broken
 * (`rule: "admin+approver"`) so the operator knows what to allow, if they mean to.
 *
 * @throws ForbiddenError `ROLES_MUST_STAY_APART` with `details.rule` and `details.roles`.
 */
export function checkRoleSeparation(roles: readonly string[], conflicts: RoleConflicts = DEFAULT_ROLE_CONFLICTS): void {
  const held = new Set(roles.map(roleClassOf))
  for (const set of conflicts) {
    const both = set.filter((r) => held.has(r))
    if (both.length > 1) {
      const rule = both.join('+')
      throw new ForbiddenError(
        'ROLES_MUST_STAY_APART',
        `one principal cannot hold ${both.join(' and ')}: the separation-of-duties rule ${rule} keeps these duties apart (custody: unless the active policy's roleCombinations.allow lists them; platform: PLATFORM_ALLOWED_ROLE_COMBINATIONS)`,
        { rule, roles: both },
      )
    }
  }
}

const NAME = /^[A-Za-z0-9_.:-]{1,64}$/
function names(field: string, values: readonly string[]): string[] {
  if (!Array.isArray(values) || values.some((v) => typeof v !== 'string' || !NAME.test(v))) {
    throw new ValidationError(`${field} must be a list of names of letters, digits and _.:-`, { field })
  }
  return [...new Set(values)]
}

/** A fresh principal id, `pr_` and 24 hex digits. */
export const newPrincipalId = (): string => `pr_${randomBytes(12).toString('hex')}`

type Row = {
  id: string
  kind: PrincipalKind
  name: string
  roles: string[]
  scopes: string[]
  groups: string[]
  status: 'active' | 'disabled'
  created_by: string
  created_at: Date
}

const recordOf = (r: Row): PrincipalRecord => ({
  id: r.id,
  kind: r.kind,
  name: r.name,
  roles: r.roles,
  scopes: r.scopes,
  groups: r.groups,
  status: r.status,
  createdBy: r.created_by,
  createdAt: r.created_at,
})

export interface CreatePrincipalParameters {
  id?: string
  kind: PrincipalKind
  name: string
  roles: string[]
  scopes: string[]
  groups?: string[]
  createdBy: string
  at: Date
  /** Roles kept apart (default {@link DEFAULT_ROLE_CONFLICTS}); `[]` when the operator allows combining them. */
  roleConflicts?: readonly (readonly string[])[]
}

/** Only a service may say whom it acts for: a person acts for themselves. */
function checkServiceOnlyScopes(kind: PrincipalKind, scopes: readonly string[]): void {
  if (kind !== 'service' && scopes.includes(ACT_ON_BEHALF_SCOPE)) throw new ValidationError(`only a service principal may hold the ${ACT_ON_BEHALF_SCOPE} scope`, { field: 'scopes' })
}

/** Inserts a principal in the caller's transaction. A second insert with the same id and content changes nothing. */
export async function createPrincipal(db: Kysely<any>, p: CreatePrincipalParameters): Promise<PrincipalRecord> {
  const conn = db as Kysely<{ principals: PrincipalsTable }>
  if (p.kind !== 'person' && p.kind !== 'service') throw new ValidationError('kind must be person or service', { field: 'kind' })
  if (typeof p.name !== 'string' || p.name.trim() === '' || p.name.length > 100) throw new ValidationError('name must be 1 to 100 characters', { field: 'name' })
  const roles = names('roles', p.roles).map(roleClassOf)
  checkRoleSeparation(roles, p.roleConflicts)
  checkServiceOnlyScopes(p.kind, p.scopes)
  const row = {
    id: p.id ?? newPrincipalId(),
    kind: p.kind,
    name: p.name,
    roles: JSON.stringify([...new Set(roles)]),
    scopes: JSON.stringify(names('scopes', p.scopes)),
    groups: JSON.stringify(names('groups', p.groups ?? [])),
    status: 'active' as const,
    created_by: p.createdBy,
    created_at: p.at,
  }
  const res = await conn.insertInto('principals').values(row).onConflict((oc) => oc.column('id').doNothing()).executeTakeFirst()
  if (Number(res.numInsertedOrUpdatedRows ?? 0n) !== 1) {
    const existing = await findPrincipal(db, row.id)
    if (!existing) throw new ConflictError('PRINCIPAL_EXISTS', `principal ${row.id} already exists`)
    return existing
  }
  return (await findPrincipal(db, row.id))!
}

export async function findPrincipal(db: Kysely<any>, id: string): Promise<PrincipalRecord | undefined> {
  const conn = db as Kysely<{ principals: PrincipalsTable }>
  const r = await conn.selectFrom('principals').selectAll().where('id', '=', id).executeTakeFirst()
  return r ? recordOf(r) : undefined
}

export async function listPrincipals(db: Kysely<any>): Promise<PrincipalRecord[]> {
  const conn = db as Kysely<{ principals: PrincipalsTable }>
  return (await conn.selectFrom('principals').selectAll().orderBy('created_at').orderBy('id').execute()).map(recordOf)
}

export interface GrantParameters {
  roles?: string[]
  scopes?: string[]
  groups?: string[]
  roleConflicts?: readonly (readonly string[])[]
}

/** Adds roles, scopes and groups to a principal (in the caller's transaction); returns it before and after. */
export async function grantToPrincipal(db: Kysely<any>, id: string, g: GrantParameters): Promise<{ before: PrincipalRecord; after: PrincipalRecord }> {
  const conn = db as Kysely<{ principals: PrincipalsTable }>
  const before = await findPrincipal(db, id)
  if (!before) throw new NotFoundError('principal', id)
  const roles = [...new Set([...before.roles, ...names('roles', g.roles ?? []).map(roleClassOf)])]
  checkRoleSeparation(roles, g.roleConflicts)
  const scopes = [...new Set([...before.scopes, ...names('scopes', g.scopes ?? [])])]
  checkServiceOnlyScopes(before.kind, scopes)
  const groups = [...new Set([...before.groups, ...names('groups', g.groups ?? [])])]
  await conn.updateTable('principals').set({ roles: JSON.stringify(roles), scopes: JSON.stringify(scopes), groups: JSON.stringify(groups) }).where('id', '=', id).execute()
  return { before, after: { ...before, roles, scopes, groups } }
}

/**
 * The principal an acting id stands for: a key's principal, or the id itself (a console
 * session acts under its principal's id; an unknown id is only itself).
 */
export async function principalOf(db: Kysely<any>, actingId: string): Promise<string> {
  const row = await (db as Kysely<{ api_keys: { key_id: string; principal_id: string } }>)
    .selectFrom('api_keys')
    .select('principal_id')
    .where('key_id', '=', actingId)
    .executeTakeFirst()
  return row?.principal_id ?? actingId
}

/** Whether two acting ids (keys or console principals) are the same person or service. */
export async function samePrincipal(db: Kysely<any>, a: string, b: string): Promise<boolean> {
  if (a === b) return true
  const [pa, pb] = await Promise.all([principalOf(db, a), principalOf(db, b)])
  return pa === pb
}
