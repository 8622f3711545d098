import { randomBytes } from 'node:crypto'
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { ConfigError } from './errors.ts'
import type { ApiKeyStore } from './auth/api-key-store.ts'

export interface CredentialEntry {
  role: string
  keyId: string
  secret: string
  scopes: string[]
}

export interface DevCredentials {
  custody: CredentialEntry[]
  platform: CredentialEntry[]
}

/** The roles development gets a key for, and the scopes each key carries. */
export const DEV_ROLES = {
  custody: {
    admin: ['read', 'transact', 'approve', 'admin', 'vaults', 'webhooks', 'audit'],
    'admin-2': ['read', 'approve', 'admin', 'vaults', 'webhooks', 'audit'],
    // The platform names the user it acts for, so custody's audit and velocity rules see the person.
    platform: ['read', 'transact', 'vaults', 'webhooks', 'whitelist-request', 'act-on-behalf'],
    'approver-1': ['read', 'approve'],
    'approver-2': ['read', 'approve'],
    auditor: ['read', 'audit'],
  },
  platform: {
    'issuer-admin': ['read', 'issuer', 'admin'],
    'compliance-officer': ['read', 'compliance', 'audit'],
    'compliance-officer-2': ['read', 'compliance', 'audit'],
    operator: ['read', 'operate'],
    auditor: ['read', 'audit'],
  },
} as const satisfies Record<'custody' | 'platform', Record<string, readonly string[]>>

function newKeyId(prefix: string): string {
  return `${prefix}_${randomBytes(10).toString('hex')}`
}

/**
 * Reads the development credentials, creating the file (mode 0600) on first
 * start. Roles added in a later version are filled in, and scopes a later
 * version gives a role are added to its existing key (secrets are kept).
 */
export function ensureDevCredentials(path: string): { credentials: DevCredentials; created: boolean } {
  let existing: Partial<DevCredentials> = {}
  if (existsSync(path)) {
    try {
      existing = JSON.parse(readFileSync(path, 'utf8')) as DevCredentials
    } catch (cause) {
      throw new ConfigError(`${path} is not valid JSON; delete it to generate new development credentials`, { cause: String(cause) })
    }
  }
  let changed = !existsSync(path)
  const out: DevCredentials = { custody: [], platform: [] }
  for (const service of ['custody', 'platform'] as const) {
    const have = existing[service] ?? []
    for (const [role, scopes] of Object.entries(DEV_ROLES[service])) {
      const found = have.find((e) => e.role === role)
      // A scope a later version gives the role is added to the existing key (its secret stays).
      const missing = found ? (scopes as readonly string[]).filter((s) => !found.scopes.includes(s)) : []
      if (missing.length > 0) changed = true
      if (found) out[service].push(missing.length > 0 ? { ...found, scopes: [...found.scopes, ...missing] } : found)
      else {
        changed = true
        out[service].push({ role, keyId: newKeyId(service === 'custody' ? 'ck' : 'pk'), secret: randomBytes(32).toString('hex'), scopes: [...scopes] })
      }
    }
    for (const e of have) if (!out[service].some((o) => o.role === e.role)) out[service].push(e)
  }
  if (changed) {
    mkdirSync(dirname(path), { recursive: true })
    writeFileSync(path, `${JSON.stringify(out, null, 2)}\n`, { mode: 0o600 })
  }
  chmodSync(path, 0o600)
  return { credentials: out, created: changed }
}

export function credentialFor(creds: DevCredentials, service: 'custody' | 'platform', role: string): CredentialEntry {
  const e = creds[service].find((c) => c.role === role)
  if (!e) throw new ConfigError(`no ${service} credential for role ${role}`)
  return e
}

/**
 * The groups a development key belongs to: its role, and for custody the
 * groups the built-in policy and governance name (approvers approve warm
 * transactions, admins form the change quorum).
 */
export function devGroupsOf(service: 'custody' | 'platform', role: string): string[] {
  if (service === 'custody' && role.startsWith('approver')) return [role, 'approvers']
  if (service === 'custody' && (role === 'admin' || role.startsWith('admin-'))) return [role, 'admins']
  return [role]
}

/**
 * Imports one service's development keys into its key store (a key already there is
 * brought up to date). Each key is its own principal, named after its role: two admins
 * and two approvers are four people, so every journey meets real four eyes.
 */
export async function importDevCredentials(store: Pick<ApiKeyStore, 'importApiKey'>, file: string, service: 'custody' | 'platform'): Promise<void> {
  const creds = JSON.parse(readFileSync(file, 'utf8')) as DevCredentials
  for (const c of creds[service] ?? []) {
    await store.importApiKey({ keyId: c.keyId, secret: c.secret, role: c.role, scopes: c.scopes, groups: devGroupsOf(service, c.role), createdBy: 'system:dev-credentials', principalName: c.role, principalKind: service === 'custody' && c.role === 'platform' ? 'service' : 'person' })
  }
}
