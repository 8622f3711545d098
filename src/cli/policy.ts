import { existsSync, readFileSync } from 'node:fs'
import { extname } from 'node:path'
import { homeDir } from '../shared/config/common.ts'
import { createCustodyClient, type CustodyClient, type CustodyProblem } from '../client/custody-client.ts'
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

/**
 * The admin client the CLI uses: CUSTODY_API_KEY_ID / CUSTODY_API_SECRET (a key with the
 * `admin` scope), or in development the admin key of CUSTOS_HOME/dev-credentials.json.
 */
export function custodyAdminClient(env: Record<string, string | undefined>, url?: string): CustodyClient {
  const baseUrl = url ?? env.CUSTODY_URL ?? `http://127.0.0.1:${env.CUSTODY_PORT ?? '4100'}`
  if (env.CUSTODY_API_KEY_ID && env.CUSTODY_API_SECRET) return createCustodyClient({ baseUrl, keyId: env.CUSTODY_API_KEY_ID, secret: env.CUSTODY_API_SECRET })
  const file = statePaths(homeDir(env.CUSTOS_HOME ?? '.custos')).credentials
  if (!existsSync(file)) throw new ConfigError('no custody admin credentials: set CUSTODY_API_KEY_ID and CUSTODY_API_SECRET (a key with the admin scope)')
  const admin = credentialFor(JSON.parse(readFileSync(file, 'utf8')) as DevCredentials, 'custody', 'admin')
  return createCustodyClient({ baseUrl, keyId: admin.keyId, secret: admin.secret })
}

function fail(what: string, problem: CustodyProblem): never {
  // A policy the service cannot accept comes back with the list of what is wrong in it.
  const problems = (problem as { problems?: unknown }).problems
  const list = Array.isArray(problems) ? `\n  ${problems.map(String).join('\n  ')}` : ''
  throw new CustosError(problem.code.startsWith('HTTP_') ? 'CUSTODY_REQUEST_FAILED' : problem.code, `${what} failed: ${problem.code}: ${problem.detail}${list}`)
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
    const res = await client.POST('/v1/policy/dry-run', { body: { text, format, limit: opts.dryRun } })
    if (!res.ok) fail('dry run', res.problem)
    const d = res.data
    log(`policy: dry run over the last ${d.total} transactions: ${d.changed} decided differently ${JSON.stringify(d.transitions)}`)
    for (const x of d.differences.slice(0, 20)) log(`  ${x.externalTxId ?? x.transactionId}: ${x.before.action} (${x.before.ruleId ?? 'default deny'}) -> ${x.after.action} (${x.after.ruleId ?? 'default deny'})`)
  }
  const res = await client.POST('/v1/policy/drafts', { body: { text, format, ...(opts.comment ? { comment: opts.comment } : {}) } })
  if (!res.ok) fail('policy draft', res.problem)
  const { draft, changeRequest: cr } = res.data
  log(`policy: version ${draft.version}${draft.label ? ` (${draft.label})` : ''} stored as a draft; change request ${cr.id} needs ${cr.quorum} approvals from other admins before ${cr.expiresAt}`)
  return { version: draft.version, changeRequest: cr }
}
