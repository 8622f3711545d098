import type { Command } from 'commander'
import { ConfigError } from '../shared/errors.ts'

// Each action imports its command when it runs, so `custos --version` loads none of them.
const collect = (v: string, all: string[] = []) => [...all, v]

/** Adds `custos audit export|approve|verify` to the CLI. */
export function registerAuditCommands(program: Command): void {
  const audit = program.command('audit').description('the audit log: export it, approve exports of personal data, verify an export offline')
  audit
    .command('export')
    .description('write the log and its checkpoints to a folder of content-addressed segments')
    .requiredOption('--out <dir>', 'folder to write (manifest.json, segments/)')
    .option('--url <url>', 'export through this service API with an auditor key (CUSTOS_API_KEY_ID / CUSTOS_API_SECRET)')
    .option('--service <name>', 'custody or platform: without --url, read its database (the service must be stopped when it is embedded PGlite)')
    .option('--reason <text>', 'why (recorded in the audit log)')
    .option('--personal-data', 'include personal data (through the API: a second officer must approve)')
    .option('--request <id>', 'download an export requested earlier')
    .option('--segment-size <n>', 'entries per segment file', (v) => Number.parseInt(v, 10))
    .action(async (opts: { out: string; url?: string; service?: string; reason?: string; personalData?: boolean; request?: string; segmentSize?: number }) => {
      if (opts.service !== undefined && opts.service !== 'custody' && opts.service !== 'platform') throw new ConfigError('--service must be custody or platform')
      const { auditExportCommand } = await import('./audit.ts')
      const { exitCode } = await auditExportCommand(process.env, { ...opts, service: opts.service as 'custody' | 'platform' | undefined })
      process.exitCode = exitCode
    })
  audit
    .command('approve <id>')
    .description('as a second officer, approve (or --reject) an export with personal data')
    .requiredOption('--url <url>', 'the service API (key from CUSTOS_API_KEY_ID / CUSTOS_API_SECRET)')
    .option('--comment <text>', 'why')
    .option('--reject', 'reject instead')
    .action(async (id: string, opts: { url: string; comment?: string; reject?: boolean }) => {
      const { auditDecideCommand } = await import('./audit.ts')
      await auditDecideCommand(process.env, id, opts)
    })
  audit
    .command('verify <dir>')
    .description('verify an export offline: hashes, chain, Merkle tree, signed checkpoints, consistency, on-chain anchors; exit 1 on any problem')
    .option('--rpc <url>', 'JSON-RPC endpoint of the chain the checkpoints are anchored on')
    .option('--anchor <address>', 'the AuditAnchor contract to trust (default: the one the export names)')
    .option('--key <vkey>', 'a C2SP verifier key to trust (repeatable; default: the keys the export lists)', collect)
    .option('--expect-complete', 'fail if the chain anchors a larger tree than the export holds (a final export)')
    .option('--json', 'print the full report as JSON')
    .action(async (dir: string, opts: { rpc?: string; anchor?: string; key?: string[]; expectComplete?: boolean; json?: boolean }) => {
      const { auditVerifyCommand } = await import('./audit-verify.ts')
      const { exitCode } = await auditVerifyCommand(dir, { ...opts, keys: opts.key })
      process.exitCode = exitCode
    })
  audit
    .command('verify-approval <file>')
    .description("verify the passkey signature of a console vote from its custody audit entry (JSON): the view's digest, the statement, the challenge and the signature")
    .option('--origin <url>', 'the custody console origin to require (default: the one the signature names)')
    .action(async (file: string, opts: { origin?: string }) => {
      const { verifyApprovalFile } = await import('./audit-verify-approval.ts')
      const r = verifyApprovalFile(file, opts)
      process.stdout.write(r.ok ? `ok: ${r.decision} of transaction ${r.transactionId} signed over view ${r.viewDigest}\n` : `FAILED: ${r.reason}\n`)
      process.exitCode = r.ok ? 0 : 1
    })
}
