import { randomBytes, timingSafeEqual } from 'node:crypto'
import { sql, type ColumnType, type Kysely, type Migration } from 'kysely'
import type { Clock } from '../clock.ts'
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../errors.ts'
import { createPrincipal, findPrincipal, roleClassOf, type PrincipalKind } from './principals.ts'
import { openSecret, sealSecret } from './seal-secret.ts'
import type { ApiKeyRecord } from './verify-request.ts'
import { normaliseCidrs } from './ip-allow-list.ts'

type Json<T> = ColumnType<T, string, string>

export interface ApiKeysTable {
  key_id: string
  role: string
  scopes: Json<string[]>
  groups: Json<string[]>
  secret_ciphertext: Uint8Array
  secret_iv: Uint8Array
  secret_tag: Uint8Array
  status: 'active' | 'revoked'
  not_before: Date | null
  expires_at: Date | null
  created_by: string
  created_at: Date
  revoked_at: Date | null
  revoked_by: string | null
  rotated_from: string | null
  /** The person or service the key acts for (added by the principals migration). */
  principal_id: string
}

/** Creates `api_keys`; include it in each service's migration list. */
export const apiKeysMigration: Migration = {
  async up(db: Kysely<any>) {
    // Key material lives only in the three secret_* columns, and only as AES-256-GCM ciphertext.
    await sql`create table api_keys (
      key_id text primary key,
      role text not null,
      scopes jsonb not null default '[]',
      groups jsonb not null default '[]',
      secret_ciphertext bytea not null,
      secret_iv bytea not null,
      secret_tag bytea not null,
      status text not null default 'active' check (status in ('active', 'revoked')),
      not_before timestamptz,
      expires_at timestamptz,
      created_by text not null,
      created_at timestamptz not null,
      revoked_at timestamptz,
      revoked_by text,
      rotated_from text
    )`.execute(db)
  },
  async down(db: Kysely<any>) {
    await sql`drop table api_keys`.execute(db)
  },
}

/** An API key as listed to operators: everything but the secret. */
export interface ApiKeySummary {
  keyId: string
  role: string
  scopes: string[]
  groups: string[]
  status: 'active' | 'revoked'
  notBefore: Date | null
  expiresAt: Date | null
  createdBy: string
  createdAt: Date
  revokedAt: Date | null
  revokedBy: string | null
  rotatedFrom: string | null
  principalId: string
}

/** A new key's credentials; the secret is shown this once and cannot be read back. */
export interface IssuedApiKey {
  keyId: string
  secret: string
}

export interface CreateApiKeyParameters {
  role: string
  scopes: string[]
  groups?: string[]
  createdBy: string
  notBefore?: Date
  expiresAt?: Date
  /**
   * The principal the key acts for; its role, scopes and groups must be the principal's.
   * Without it a new principal is made for the key (named after it, holding exactly its
   * role, scopes and groups): for the bootstrap ceremony, development and tests only —
   * the API never lets a caller make a principal this way.
   */
  principalId?: string
  /** For a new principal: its display name (default the role) and kind (default person). */
  principalName?: string
  principalKind?: PrincipalKind
}

export interface ImportApiKeyParameters extends CreateApiKeyParameters {
  keyId: string
  secret: string
}

export interface RotateApiKeyParameters {
  /** How long the old key keeps working beside the new one. */
  overlapSeconds: number
  by: string
  /** Expiry of the new key (default: none). */
  expiresAt?: Date
}

export interface ApiKeyStoreOptions {
  /** The service's database; its schema must hold `api_keys` ({@link apiKeysMigration}). */
  db: Kysely<any>
  /** 32 bytes; the AES-256-GCM key under which HMAC secrets are stored. */
  encryptionKey: Uint8Array
  clock: Clock
  /**
   * How long `lookupKey` trusts what it read (default 5 s). Revoke and rotate
   * clear this process's cache at once; other processes on the same database
   * see the change within this TTL, so keep it short.
   */
  cacheTtlMs?: number
  /** Keys cached at most (default 1,000). */
  cacheMaxEntries?: number
}

export interface ApiKeyStore {
  createApiKey(p: CreateApiKeyParameters): Promise<IssuedApiKey>
  importApiKey(p: ImportApiKeyParameters): Promise<{ created: boolean }>
  rotateApiKey(keyId: string, p: RotateApiKeyParameters): Promise<IssuedApiKey>
  revokeApiKey(keyId: string, by: string): Promise<ApiKeySummary>
  listApiKeys(): Promise<ApiKeySummary[]>
  lookupKey(keyId: string): Promise<ApiKeyRecord | undefined>
  /** Restricts a key to client addresses in `cidrs` (checked on every request); null lifts the restriction. Needs {@link apiKeyIpAllowListMigration}. */
  setAllowedCidrs(keyId: string, cidrs: string[] | null): Promise<void>
}

const KEY_ID_PREFIX = 'ck_'
const SECRET_PREFIX = 'cs_'
const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567'

function base32(bytes: Uint8Array): string {
  let out = ''
  let bits = 0
  let value = 0
  for (const b of bytes) {
    value = (value << 8) | b
    bits += 8
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31]
      bits -= 5
    }
  }
  if (bits > 0) out += BASE32[(value << (5 - bits)) & 31]
  return out
}

/** A fresh key id such as `ck_mfrggzdfmztwq2lknnwg23tp` (120 random bits). */
export function newKeyId(): string {
  return KEY_ID_PREFIX + base32(randomBytes(15))
}

function newSecret(): string {
  return SECRET_PREFIX + randomBytes(32).toString('base64url')
}

function checkNames(field: string, values: string[]): string[] {
  if (!Array.isArray(values) || values.some((v) => typeof v !== 'string' || !/^[A-Za-z0-9_.:-]{1,64}$/.test(v))) {
    throw new ValidationError(`${field} must be a list of names of letters, digits and _.:-`, { field })
  }
  return [...new Set(values)]
}

type Row = {
  principal_id: string
  key_id: string
  role: string
  scopes: string[]
  groups: string[]
  status: 'active' | 'revoked'
  not_before: Date | null
  expires_at: Date | null
  created_by: string
  created_at: Date
  revoked_at: Date | null
  revoked_by: string | null
  rotated_from: string | null
}

const SUMMARY_COLUMNS = [
  'key_id',
  'role',
  'scopes',
  'groups',
  'status',
  'not_before',
  'expires_at',
  'created_by',
  'created_at',
  'revoked_at',
  'revoked_by',
  'rotated_from',
  'principal_id',
] as const

function summaryOf(r: Row): ApiKeySummary {
  return {
    keyId: r.key_id,
    role: r.role,
    scopes: r.scopes,
    groups: r.groups,
    status: r.status,
    notBefore: r.not_before,
    expiresAt: r.expires_at,
    createdBy: r.created_by,
    createdAt: r.created_at,
    revokedAt: r.revoked_at,
    revokedBy: r.revoked_by,
    rotatedFrom: r.rotated_from,
    principalId: r.principal_id,
  }
}

// Keys made before the allow-list column existed, or without a list, carry no field at all.
const allowListOf = (row: object): { allowedCidrs?: string[] } => {
  const cidrs = (row as { allowed_cidrs?: string[] | null }).allowed_cidrs
  return cidrs ? { allowedCidrs: cidrs } : {}
}

const bytes = (v: Uint8Array): Buffer => Buffer.from(v.buffer, v.byteOffset, v.byteLength)

/**
 * API keys of one service, kept in its database with their HMAC secrets
 * encrypted (AES-256-GCM, bound to the key id). The methods are plain
 * closures, so `store.lookupKey` can be handed to the auth hook as is.
 *
 * @example
 * const store = createApiKeyStore({ db, encryptionKey, clock })
 * const { keyId, secret } = await store.createApiKey({ role: 'operator', scopes: ['transact'], createdBy: 'admin' })
 */
export function createApiKeyStore(opts: ApiKeyStoreOptions): ApiKeyStore {
  const db = opts.db as Kysely<{ api_keys: ApiKeysTable }>
  const { clock, encryptionKey } = opts
  sealSecret(encryptionKey, '', 'probe') // fail at start-up, not on the first request, if the key is the wrong size
  const cacheTtlMs = opts.cacheTtlMs ?? 5_000
  const cacheMax = opts.cacheMaxEntries ?? 1_000
  const cache = new Map<string, { record: ApiKeyRecord | undefined; until: number }>()
  // Bumped on every change, so a lookup that raced a revoke does not cache what it read before it.
  let generation = 0
  function invalidate(keyId: string): void {
    generation += 1
    cache.delete(keyId)
  }

  async function insertKey(
    conn: Kysely<{ api_keys: ApiKeysTable }>,
    keyId: string,
    secret: string,
    p: CreateApiKeyParameters,
    rotatedFrom: string | null,
  ): Promise<boolean> {
    const role = p.role
    if (typeof role !== 'string' || !/^[a-z][a-z0-9_-]{0,63}$/.test(role)) throw new ValidationError('role must be a lower-case name', { field: 'role' })
    const scopes = checkNames('scopes', p.scopes)
    const groups = checkNames('groups', p.groups ?? [])
    if (typeof p.createdBy !== 'string' || p.createdBy === '') throw new ValidationError('createdBy is required', { field: 'createdBy' })
    const principalId = await principalFor(conn, keyId, role, scopes, groups, p)
    const sealed = sealSecret(encryptionKey, secret, keyId)
    const res = await conn
      .insertInto('api_keys')
      .values({
        key_id: keyId,
        role,
        scopes: JSON.stringify(scopes),
        groups: JSON.stringify(groups),
        secret_ciphertext: sealed.ciphertext,
        secret_iv: sealed.iv,
        secret_tag: sealed.tag,
        status: 'active',
        not_before: p.notBefore ?? null,
        expires_at: p.expiresAt ?? null,
        created_by: p.createdBy,
        created_at: clock.now(),
        rotated_from: rotatedFrom,
        principal_id: principalId,
      })
      .onConflict((oc) => oc.column('key_id').doNothing())
      .executeTakeFirst()
    invalidate(keyId)
    return Number(res.numInsertedOrUpdatedRows ?? 0n) === 1
  }

  async function principalFor(conn: Kysely<any>, keyId: string, role: string, scopes: string[], groups: string[], p: CreateApiKeyParameters): Promise<string> {
    if (p.principalId === undefined) {
      const made = await createPrincipal(conn, { id: keyId, kind: p.principalKind ?? 'person', name: p.principalName ?? role, roles: [role], scopes, groups, createdBy: p.createdBy, at: clock.now(), roleConflicts: [] })
      return made.id
    }
    const principal = await findPrincipal(conn, p.principalId)
    if (!principal || principal.status !== 'active') throw new NotFoundError('principal', p.principalId)
    const beyond = [
      ...(principal.roles.includes(roleClassOf(role)) ? [] : [`role ${role}`]),
      ...scopes.filter((s) => !principal.scopes.includes(s)).map((s) => `scope ${s}`),
      ...groups.filter((g) => !principal.groups.includes(g)).map((g) => `group ${g}`),
    ]
    if (beyond.length > 0) {
      throw new ForbiddenError('GRANT_EXCEEDS_PRINCIPAL', `principal ${principal.id} does not hold ${beyond.join(', ')}: grant it first (a governed change)`, { principalId: principal.id, beyond })
    }
    return principal.id
  }

  async function readSecret(keyId: string): Promise<string | undefined> {
    const row = await db.selectFrom('api_keys').select(['secret_ciphertext', 'secret_iv', 'secret_tag']).where('key_id', '=', keyId).executeTakeFirst()
    if (!row) return undefined
    return openSecret(encryptionKey, { ciphertext: bytes(row.secret_ciphertext), iv: bytes(row.secret_iv), tag: bytes(row.secret_tag) }, keyId)
  }

  async function createApiKey(p: CreateApiKeyParameters): Promise<IssuedApiKey> {
    const keyId = newKeyId()
    const secret = newSecret()
    await db.transaction().execute((tx) => insertKey(tx, keyId, secret, p, null))
    return { keyId, secret }
  }

  async function importApiKey(p: ImportApiKeyParameters): Promise<{ created: boolean }> {
    if (typeof p.keyId !== 'string' || !/^[A-Za-z0-9_.:-]{3,128}$/.test(p.keyId)) {
      throw new ValidationError('keyId must be 3 to 128 letters, digits or _.:-', { field: 'keyId' })
    }
    if (typeof p.secret !== 'string' || p.secret.length < 32) throw new ValidationError('an imported secret must be at least 32 characters', { field: 'secret' })
    if (await db.transaction().execute((tx) => insertKey(tx, p.keyId, p.secret, p, null))) return { created: true }
    const stored = await readSecret(p.keyId)
    const same = stored !== undefined && stored.length === p.secret.length && timingSafeEqual(Buffer.from(stored), Buffer.from(p.secret))
    if (!same) throw new ConflictError('API_KEY_EXISTS', `API key ${p.keyId} already exists with another secret`, { keyId: p.keyId })
    // The importer is the source of truth for what the key may do: a changed role, scope or group list is applied.
    await db
      .updateTable('api_keys')
      .set({ role: p.role, scopes: JSON.stringify(checkNames('scopes', p.scopes)), groups: JSON.stringify(checkNames('groups', p.groups ?? [])) })
      .where('key_id', '=', p.keyId)
      .execute()
    if (p.principalId === undefined) {
      // A key imported without a principal is its own principal: it follows the key.
      await (db as Kysely<any>)
        .updateTable('principals')
        .set({ roles: JSON.stringify([roleClassOf(p.role)]), scopes: JSON.stringify(checkNames('scopes', p.scopes)), groups: JSON.stringify(checkNames('groups', p.groups ?? [])) })
        .where('id', '=', p.keyId)
        .execute()
    }
    invalidate(p.keyId)
    return { created: false }
  }

  async function rotateApiKey(keyId: string, p: RotateApiKeyParameters): Promise<IssuedApiKey> {
    if (!(Number.isFinite(p.overlapSeconds) && p.overlapSeconds >= 0)) {
      throw new ValidationError('overlapSeconds must be zero or more', { field: 'overlapSeconds' })
    }
    const issued = await db.transaction().execute(async (tx) => {
      const old = await tx.selectFrom('api_keys').select(SUMMARY_COLUMNS).where('key_id', '=', keyId).forUpdate().executeTakeFirst()
      if (!old) throw new NotFoundError('API key', keyId)
      const now = clock.now()
      if (old.status !== 'active' || (old.expires_at && old.expires_at.getTime() <= now.getTime())) {
        throw new ConflictError('API_KEY_NOT_ACTIVE', `API key ${keyId} is revoked or expired and cannot be rotated`, { keyId })
      }
      const overlapEnd = new Date(now.getTime() + p.overlapSeconds * 1000)
      const oldEnd = old.expires_at && old.expires_at < overlapEnd ? old.expires_at : overlapEnd
      await tx.updateTable('api_keys').set({ expires_at: oldEnd }).where('key_id', '=', keyId).execute()
      const next = { keyId: newKeyId(), secret: newSecret() }
      await insertKey(tx, next.keyId, next.secret, { role: old.role, scopes: old.scopes, groups: old.groups, createdBy: p.by, expiresAt: p.expiresAt, principalId: old.principal_id }, keyId)
      return next
    })
    invalidate(keyId)
    return issued
  }

  async function revokeApiKey(keyId: string, by: string): Promise<ApiKeySummary> {
    const now = clock.now()
    await db.updateTable('api_keys').set({ status: 'revoked', revoked_at: now, revoked_by: by }).where('key_id', '=', keyId).where('status', '=', 'active').execute()
    invalidate(keyId)
    const row = await db.selectFrom('api_keys').select(SUMMARY_COLUMNS).where('key_id', '=', keyId).executeTakeFirst()
    if (!row) throw new NotFoundError('API key', keyId)
    return summaryOf(row)
  }

  async function listApiKeys(): Promise<ApiKeySummary[]> {
    const rows = await db.selectFrom('api_keys').select(SUMMARY_COLUMNS).orderBy('created_at').orderBy('key_id').execute()
    return rows.map(summaryOf)
  }

  async function lookupKey(keyId: string): Promise<ApiKeyRecord | undefined> {
    const nowMs = clock.now().getTime()
    const hit = cache.get(keyId)
    if (hit && hit.until > nowMs) return hit.record
    const seen = generation
    const row = await db
      .selectFrom('api_keys')
      .selectAll('api_keys')
      .select(sql<'person' | 'service' | null>`(select kind from principals where principals.id = api_keys.principal_id)`.as('principal_kind'))
      .where('key_id', '=', keyId)
      .executeTakeFirst()
    const record: ApiKeyRecord | undefined = row && {
      keyId: row.key_id,
      principalId: row.principal_id,
      ...(row.principal_kind ? { principalKind: row.principal_kind } : {}),
      role: row.role,
      scopes: row.scopes,
      groups: row.groups,
      secret: openSecret(encryptionKey, { ciphertext: bytes(row.secret_ciphertext), iv: bytes(row.secret_iv), tag: bytes(row.secret_tag) }, row.key_id),
      status: row.status,
      notBefore: row.not_before,
      expiresAt: row.expires_at,
      ...allowListOf(row),
    }
    if (seen !== generation) return record
    cache.delete(keyId)
    // Unknown ids are cached too (briefly), so a flood of made-up ids does not become a flood of queries.
    if (cache.size >= cacheMax) {
      const oldest = cache.keys().next().value
      if (oldest !== undefined) cache.delete(oldest)
    }
    cache.set(keyId, { record, until: nowMs + cacheTtlMs })
    return record
  }

  async function setAllowedCidrs(keyId: string, cidrs: string[] | null): Promise<void> {
    const res = await db.updateTable('api_keys').set({ allowed_cidrs: cidrs === null ? null : JSON.stringify(normaliseCidrs(cidrs)) } as never).where('key_id', '=', keyId).executeTakeFirst()
    invalidate(keyId)
    if (Number(res.numUpdatedRows) === 0) throw new NotFoundError('API key', keyId)
  }

  return { createApiKey, importApiKey, rotateApiKey, revokeApiKey, listApiKeys, lookupKey, setAllowedCidrs }
}
