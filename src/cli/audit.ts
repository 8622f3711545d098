import { existsSync, readFileSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { userInfo } from 'node:os'
import { join, resolve } from 'node:path'
import type { Kysely } from 'kysely'
import { homeDir } from '../shared/config/common.ts'
import { openDatabase, resolveDatabaseTarget } from '../shared/db/connect.ts'
import { credentialFor, type DevCredentials } from '../shared/development-api-keys.ts'
import { ConfigError, CustosError } from '../shared/errors.ts'
import { statePaths } from '../shared/state-paths.ts'
import { readDeployments } from '../chain/deployments.ts'
import { appendAudit } from '../audit/log/append.ts'
import { exportAudit } from '../audit/log/export.ts'
import { writeManifest, type Manifest } from '../audit/log/export-format.ts'
import { createAuditExportClient, downloadAuditExport, serviceProblem, type AuditExportClient, type AuditExportRequest } from '../audit/http/download-export.ts'

type Env = Record<string, string | undefined>
type Service = 'custody' | 'platform'
type Log = (line: string) => void

const stdout: Log = (line) => process.stdout.write(`${line}\n`)

export interface AuditExportOptions {
  out: string
  /** Which service's log; with `url` it only picks the development credentials. */
  service?: Service
  /** Export through this service's API (an auditor key) instead of reading its database. */
  url?: string
  reason?: string
  /** Ask for the entries with personal data (needs a second officer's approval). */
  personalData?: boolean
  /** Download an export requested earlier (e.g. once approved). */
  request?: string
  segmentSize?: number
  log?: Log
}

export interface AuditExportResult {
  /** 0: written; 2: waiting for a second officer's approval (nothing written). */
  exitCode: 0 | 2
  exportId?: string
  manifestSha256?: string
  treeSize?: number
}

/**
 * The typed, signed client of an audit command (custody's or the platform's audit API):
 * CUSTOS_API_KEY_ID / CUSTOS_API_SECRET
 * (a key with the `audit` scope), or in development the `auditor` key of
 * CUSTOS_HOME/dev-credentials.json for the given service.
 */
export function auditClient(env: Env, url: string, service?: Service): AuditExportClient {
  // The first download of an export hashes the whole log to build its manifest (about 3 s per 100,000 entries on PostgreSQL).
  const timeoutMs = 15 * 60_000
  if (env.CUSTOS_API_KEY_ID && env.CUSTOS_API_SECRET) return createAuditExportClient({ baseUrl: url, keyId: env.CUSTOS_API_KEY_ID, secret: env.CUSTOS_API_SECRET, timeoutMs })
  const file = statePaths(homeDir(env.CUSTOS_HOME ?? '.custos')).credentials
  if (!service || !existsSync(file)) throw new ConfigError('no audit credentials: set CUSTOS_API_KEY_ID and CUSTOS_API_SECRET (a key with the audit scope)')
  const c = credentialFor(JSON.parse(readFileSync(file, 'utf8')) as DevCredentials, service, 'auditor')
  return createAuditExportClient({ baseUrl: url, keyId: c.keyId, secret: c.secret, timeoutMs })
}

function refused(what: string, res: Parameters<typeof serviceProblem>[0]): CustosError {
  const problem = serviceProblem(res)
  return new CustosError(problem?.code ?? 'AUDIT_REQUEST_FAILED', `${what}: ${problem ? problem.detail : `HTTP ${res.status}`}`, { status: 502 })
}

async function exportOverHttp(env: Env, opts: AuditExportOptions & { url: string }, log: Log): Promise<AuditExportResult> {
  const client = auditClient(env, opts.url, opts.service)
  let id = opts.request
  if (!id) {
    if (!opts.reason) throw new ConfigError('an export needs a reason: pass --reason "<why>"')
    const res = await client.POST('/v1/audit/exports', {
      body: {
        reason: opts.reason,
        includePersonalData: opts.personalData === true,
        ...(opts.segmentSize !== undefined && { segmentSize: opts.segmentSize }),
      },
    })
    if (!res.ok || res.status !== 201) throw refused('requesting the export', res)
    id = res.data.id
    if (res.data.status === 'PENDING_APPROVAL') {
      log(`audit export: request ${id} (entries 0…${Number(res.data.treeSize) - 1}) holds personal data and waits for a second officer:`)
      log(`  custos audit approve ${id} --url ${opts.url}     (with that officer's key)`)
      log(`  then: custos audit export --url ${opts.url} --request ${id} --out ${opts.out}`)
      return { exitCode: 2, exportId: id }
    }
  }
  const got = await downloadAuditExport(client, id, opts.out)
  if (got.manifest.format !== 'custos-audit-export/1') log('audit export: personal data was replaced by hashes; this export is for reading, not for verification')
  log(`audit export: ${got.manifest.treeSize} entries, ${got.manifest.checkpoints.length} checkpoints, ${got.manifest.segments.length} segments (${got.fetched} fetched) → ${opts.out}`)
  log(`  manifest.json sha256 ${got.manifestSha256}`)
  return { exitCode: 0, exportId: id, manifestSha256: got.manifestSha256, treeSize: got.manifest.treeSize }
}

/** The AuditAnchor a service's deployments file names, for the manifest. */
function anchorContractFor(env: Env, service: Service): { chainId: number; address: string } | null {
  const file = (service === 'custody' ? env.CUSTODY_DEPLOYMENTS_FILE : undefined) ?? statePaths(homeDir(env.CUSTOS_HOME ?? '.custos')).deployments
  const d = readDeployments(file)
  return d?.auditAnchor ? { chainId: d.chainId, address: d.auditAnchor } : null
}

async function exportFromDatabase(env: Env, opts: AuditExportOptions & { service: Service }, log: Log): Promise<AuditExportResult> {
  const paths = statePaths(homeDir(env.CUSTOS_HOME ?? '.custos'))
  const url = opts.service === 'custody' ? env.CUSTODY_DATABASE_URL : env.PLATFORM_DATABASE_URL
  const target = resolveDatabaseTarget(url, opts.service === 'custody' ? paths.custodyDb : paths.platformDb)
  if (target.kind === 'pglite' && target.dataDir !== 'memory://' && !existsSync(target.dataDir)) throw new ConfigError(`no ${opts.service} database at ${target.dataDir}`)
  const database = await openDatabase<unknown>(target, opts.service)
  try {
    const db = database.db as Kysely<any>
    const result = await exportAudit(db, opts.out, { ...(opts.segmentSize !== undefined && { segmentSize: opts.segmentSize }) })
    // Name where the checkpoints are anchored; a verifier should still pin it (--anchor).
    let manifestSha256 = result.manifestSha256
    const anchor = anchorContractFor(env, opts.service)
    if (anchor) {
      const manifest = JSON.parse(await readFile(join(opts.out, 'manifest.json'), 'utf8')) as Manifest
      manifestSha256 = await writeManifest(opts.out, { ...manifest, anchorContract: anchor } as Manifest)
    }
    // The export itself is audited, after the snapshot so it does not contain its own record.
    await appendAudit(db, {
      at: new Date(),
      actor: `system:cli:${userInfo().username}`,
      action: 'audit.export.direct',
      targetType: 'audit_export',
      targetId: manifestSha256,
      details: { treeSize: result.treeSize, rootHash: result.rootHash, includePersonalData: true, reason: opts.reason ?? null, via: 'database' },
    })
    log(`audit export: ${result.treeSize} entries, ${result.checkpoints} checkpoints, ${result.segments} segments from the ${opts.service} database → ${opts.out}`)
    log(`  manifest.json sha256 ${manifestSha256}`)
    return { exitCode: 0, manifestSha256, treeSize: result.treeSize }
  } finally {
    await database.close()
  }
}

/**
 * `custos audit export`: through a service's API with an auditor key
 * (`--url`; four eyes for personal data), or straight from a service's
 * database (`--service` without `--url`; an operator with database access,
 * and for an embedded PGlite database the service must be stopped: PGlite
 * allows one process per data folder).
 */
export async function auditExportCommand(env: Env, opts: AuditExportOptions): Promise<AuditExportResult> {
  const log = opts.log ?? stdout
  const out = resolve(opts.out)
  if (opts.url) return exportOverHttp(env, { ...opts, out, url: opts.url }, log)
  if (!opts.service) throw new ConfigError('pass --url <service API> (an auditor key), or --service custody|platform to read its database')
  return exportFromDatabase(env, { ...opts, out, service: opts.service }, log)
}

/** `custos audit approve <id>` (or `--reject`): a second officer's decision on an export with personal data. */
export async function auditDecideCommand(env: Env, id: string, opts: { url: string; comment?: string; reject?: boolean; log?: Log }): Promise<AuditExportRequest> {
  const log = opts.log ?? stdout
  if (!env.CUSTOS_API_KEY_ID || !env.CUSTOS_API_SECRET) throw new ConfigError('set CUSTOS_API_KEY_ID and CUSTOS_API_SECRET to the approving officer’s key (not the requester’s)')
  const client = createAuditExportClient({ baseUrl: opts.url, keyId: env.CUSTOS_API_KEY_ID, secret: env.CUSTOS_API_SECRET })
  const res = await client.POST(opts.reject ? '/v1/audit/exports/{id}/reject' : '/v1/audit/exports/{id}/approve', { path: { id }, body: opts.comment ? { comment: opts.comment } : {} })
  if (!res.ok || res.status !== 200) throw refused(`${opts.reject ? 'rejecting' : 'approving'} export ${id}`, res)
  log(`audit export ${id}: ${res.data.status} (requested by ${res.data.requestedBy} for "${res.data.reason}")`)
  return res.data
}
