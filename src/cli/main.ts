import { Command } from 'commander'
import { VERSION } from '../shared/version.ts'
import { describeFailure } from '../shared/describe-failure.ts'
import { EXPORT_CONFIRM_FLAG } from './custody-seed-flag.ts'
import { registerAuditCommands } from './audit-commands.ts'

// Every action imports its command when it runs: `custos --version` and
// `custos call` load only what they use (see bench/startup).

const program = new Command()
program.name('custos').description('Custos — security tokens behind a qualified-custody layer').version(VERSION)

program
  .command('start')
  .description('run the whole stack: chain (anvil unless RPC_URL is set), custody, platform')
  .action(async () => {
    const { startCommand } = await import('./start.ts')
    await startCommand(process.env)
  })

program
  .command('deploy')
  .description('deploy the shared infrastructure (T-REX factories, ONCHAINID, ClaimIssuer, modules, stablecoin) to an RPC')
  .option('--rpc-url <url>', 'JSON-RPC endpoint (default RPC_URL)')
  .option('--out <file>', 'deployments file to write (default CUSTOS_HOME/deployments.json)')
  .option('--force', 'deploy even if the file already describes live contracts on that chain')
  .action(async (opts: { rpcUrl?: string; out?: string; force?: boolean }) => {
    const { deployCommand } = await import('./deploy.ts')
    await deployCommand(process.env, opts)
  })

const custody = program.command('custody').description('operator commands of the custody service')
custody
  .command('export-seed')
  .description('write an encrypted backup of the keystore seed (needs explicit confirmation)')
  .requiredOption('--out <file>', 'where to write the backup')
  .option(`--${EXPORT_CONFIRM_FLAG}`, 'confirm that you mean to export the seed')
  .option('--keystore <file>', 'keystore file (default CUSTOS_HOME/custody/keystore.json)')
  .option('--passphrase-file <file>', 'read the backup passphrase from a file (default CUSTODY_BACKUP_PASSPHRASE)')
  .action(async (opts: Record<string, string | boolean | undefined>) => {
    const { exportSeedCommand } = await import('./custody-seed.ts')
    await exportSeedCommand(process.env, {
      out: opts.out as string,
      confirm: opts.iUnderstandThisExportsTheSeed === true,
      keystore: opts.keystore as string | undefined,
      passphraseFile: opts.passphraseFile as string | undefined,
    })
  })
custody
  .command('restore-seed')
  .description('recreate a keystore from an encrypted seed backup (same addresses)')
  .requiredOption('--in <file>', 'the backup')
  .option('--keystore <file>', 'keystore file to create (default CUSTOS_HOME/custody/keystore.json; must not exist)')
  .option('--passphrase-file <file>', 'read the backup passphrase from a file (default CUSTODY_BACKUP_PASSPHRASE)')
  .action(async (opts: Record<string, string | undefined>) => {
    const { restoreSeedCommand } = await import('./custody-seed.ts')
    await restoreSeedCommand(process.env, { in: opts.in!, keystore: opts.keystore, passphraseFile: opts.passphraseFile })
  })

custody
  .command('cold-sign')
  .description('on the offline machine: sign a cold vault payload with its key from an offline keystore')
  .requiredOption('--payload <file>', 'the payload exported by custody (GET /v1/transactions/:id/cold-payload)')
  .requiredOption('--keystore <file>', 'the offline keystore (a copy, or restored with restore-seed)')
  .option('--out <file>', 'write the signed transaction here (default stdout)')
  .option('--master-key-file <file>', 'file holding the master key (default CUSTODY_MASTER_KEY / CUSTODY_MASTER_KEY_FILE)')
  .action(async (opts: { payload: string; keystore: string; out?: string; masterKeyFile?: string }) => {
    const { coldSignCommand } = await import('./cold-sign.ts')
    await coldSignCommand(process.env, opts)
  })

const policy = program.command('policy').description('the custody transaction authorization policy')
policy
  .command('apply <file>')
  .description('propose a YAML or JSON policy file as a new version (effective once an admin quorum approves it)')
  .option('--dry-run <n>', 'first replay the last n transactions and show what the file would decide differently', (v) => Number.parseInt(v, 10))
  .option('--comment <text>', 'why this version')
  .option('--url <url>', 'custody base URL (default CUSTODY_URL)')
  .action(async (file: string, opts: { dryRun?: number; comment?: string; url?: string }) => {
    const { policyApplyCommand } = await import('./policy.ts')
    await policyApplyCommand(process.env, file, opts)
  })

program
  .command('bootstrap')
  .description('hand the platform’s on-chain roles (claim issuer, identity agent, issuer agent) to custody vaults; idempotent')
  .requiredOption('--custody-url <url>', 'custody API base URL (key from CUSTODY_ADMIN_KEY_ID / CUSTODY_ADMIN_SECRET)')
  .option('--rpc-url <url>', 'JSON-RPC endpoint (default RPC_URL)')
  .option('--deployments <file>', 'deployments file (default CUSTOS_HOME/deployments.json)')
  .option('--platform-url <url>', 'also subscribe this platform to custody’s transaction webhooks')
  .option('--secret-file <file>', 'where to write that subscription’s secret (default CUSTOS_HOME/platform/custody-webhook-secret)')
  .action(async (opts: { custodyUrl: string; rpcUrl?: string; deployments?: string; platformUrl?: string; secretFile?: string }) => {
    const { bootstrapCommand } = await import('./bootstrap.ts')
    await bootstrapCommand(process.env, opts)
  })

registerAuditCommands(program)

const principals = program.command('principals').description('people and services that hold roles and keys')
principals
  .command('add')
  .description('bootstrap ceremony: a principal and its first API key, straight into a service database (custody: only its first admins), audited')
  .requiredOption('--service <service>', 'custody or platform')
  .requiredOption('--operator <name>', 'who runs the ceremony (kept in the audit log)')
  .requiredOption('--name <name>', 'the person or service')
  .requiredOption('--role <role>', 'e.g. admin, approver, issuer-admin, compliance-officer')
  .requiredOption('--scopes <list>', 'comma-separated scopes of the key')
  .option('--groups <list>', 'comma-separated approval groups (custody admins: admins)')
  .option('--kind <kind>', 'person (default) or service')
  .action(async (opts: { service: string; operator: string; name: string; role: string; scopes: string; groups?: string; kind?: string }) => {
    const { principalsAddCommand } = await import('./principals.ts')
    await principalsAddCommand(process.env, opts)
  })

program
  .command('call <service> <role> <method> <path> [body]')
  .description('a signed request to custody or the platform with a development key, e.g. custos call custody admin GET /v1/vaults')
  .action(async (service: string, role: string, method: string, path: string, body: string | undefined) => {
    const { callCommand } = await import('./call.ts')
    await callCommand(process.env, service, role, method, path, body)
  })

program.parseAsync(process.argv).catch((err: unknown) => {
  process.stderr.write(`custos: ${describeFailure(err)}\n`)
  process.exit(1)
})
