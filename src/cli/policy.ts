import { existsSync, readFileSync } from 'node:fs'
import { extname } from 'node:path'
import { homeDir } from '../shared/config/common.ts'
import { createSignedFetch, type SignedFetch } from '../shared/auth/sign-request.ts'
import { credentialFor, type DevCredentials } from '../shared/development-api-keys.ts'
import { ConfigError, CustosError } from '../shared/errors.ts'
import { statePaths } from '../shared/state-paths.ts'

export interface PolicyApplyOptions {
  /** Custody's base URL (default CUSTODY_URL, else http://127.0.0.1:CUSTODY_PORT). */
  url?: string
  comment?: string
  /** Replay this many of the latest transactions through the document first and print what changes. */
  dryRun?: number
  /** Where lines go (stdout by default). */
  log?: (line: string) => void
}

type ChangeRequest = { id: string; status: string; quorum: number; approvals: number; expiresAt: string }
type DryRun = { total: number; changed: number; transitions: Record<string, number>; differences: { transactionId: string; externalTxId: string | null; before: { action: string; ruleId: string | null }; after: { action: string; ruleId: string | null } }[] }

/**
 * The admin client the CLI uses: CUSTODY_API_KEY_ID / CUSTODY_API_SECRET (a key with the
 * `admin` scope), or in development the admin key of CUSTOS_HOME/dev-credentials.json.
 */
export function custodyAdminClient(env: Record<string, string | undefined>, url?: string): SignedFetch {
  const baseUrl = url ?? env.CUSTODY_URL ?? `http://127.0.0.1:${env.CUSTODY_PORT ?? '4100'}`
  if (env.CUSTODY_API_KEY_ID && env.CUSTODY_API_SECRET) return createSignedFetch({ baseUrl, keyId: env.CUSTODY_API_KEY_ID, secret: env.CUSTODY_API_SECRET })
  const file = statePaths(homeDir(env.CUSTOS_HOME ?? '.custos')).credentials
  if (!existsSync(file)) throw new ConfigError('no custody admin credentials: set CUSTODY_API_KEY_ID and CUSTODY_API_SECRET (a key with the admin scope)')
  const admin = credentialFor(JSON.parse(readFileSync(file, 'utf8')) as DevCredentials, 'custody', 'admin')
  return createSignedFetch({ baseUrl, keyId: admin.keyId, secret: admin.secret })
}

function fail(what: string, res: { status: number; problem?: { code: string; detail: string } | undefined; body: unknown }): never {
  const problems = (res.body as { problems?: string[] } | undefined)?.problems
  const detail = res.problem ? `${res.problem.code}: ${res.problem.detail}` : `HTTP ${res.status}`
  throw new CustosError(res.problem?.code ?? 'CUSTODY_REQUEST_FAILED', `${what} failed: ${detail}${problems ? `\n  ${problems.join('\n  ')}` : ''}`)
}

/**
 * `custos policy apply <file>`: proposes a YAML or JSON policy file as a new version
 * (policy as code). With `--dry-run N` it first shows which of the last N transactions
 * the file would decide differently. The version takes effect only once other admins
 * approve its change request (`POST /v1/change-requests/:id/approve`).
 */
export async function policyApplyCommand(env: Record<string, string | undefined>, file: string, opts: PolicyApplyOptions = {}): Promise<{ version: number; changeRequest: ChangeRequest }> {
  const log = opts.log ?? ((line: string) => process.stdout.write(`${line}\n`))
  const text = readFileSync(file, 'utf8')
  const ext = extname(file).toLowerCase()
  const format = ext === '.json' ? 'json' : ext === '.yaml' || ext === '.yml' ? 'yaml' : undefined
  const client = custodyAdminClient(env, opts.url)
  if (opts.dryRun !== undefined) {
    const res = await client.post<DryRun>('/v1/policy/dry-run', { text, format, limit: opts.dryRun })
    if (res.status !== 200) fail('dry run', res)
    const d = res.body
    log(`policy: dry run over the last ${d.total} transactions: ${d.changed} decided differently ${JSON.stringify(d.transitions)}`)
    for (const x of d.differences.slice(0, 20)) log(`  ${x.externalTxId ?? x.transactionId}: ${x.before.action} (${x.before.ruleId ?? 'default deny'}) -> ${x.after.action} (${x.after.ruleId ?? 'default deny'})`)
  }
  const res = await client.post<{ draft: { version: number; label: string | null }; changeRequest: ChangeRequest }>('/v1/policy/drafts', { text, format, ...(opts.comment ? { comment: opts.comment } : {}) })
  if (res.status !== 201) fail('policy draft', res)
  const { draft, changeRequest: cr } = res.body
  log(`policy: version ${draft.version}${draft.label ? ` (${draft.label})` : ''} stored as a draft; change request ${cr.id} needs ${cr.quorum} approvals from other admins before ${cr.expiresAt}`)
  return { version: draft.version, changeRequest: cr }
}
