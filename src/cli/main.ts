import { Command } from 'commander'
import { VERSION } from '../shared/version.ts'
import { isCustosError } from '../shared/errors.ts'
import { startCommand } from './start.ts'
import { deployCommand } from './deploy.ts'

const program = new Command()
program.name('custos').description('Custos — security tokens behind a qualified-custody layer').version(VERSION)

program
  .command('start')
  .description('run the whole stack: chain (anvil unless RPC_URL is set), custody, platform')
  .action(async () => {
    await startCommand(process.env)
  })

program
  .command('deploy')
  .description('deploy the shared infrastructure (T-REX factories, ONCHAINID, ClaimIssuer, modules, stablecoin) to an RPC')
  .option('--rpc-url <url>', 'JSON-RPC endpoint (default RPC_URL)')
  .option('--out <file>', 'deployments file to write (default CUSTOS_HOME/deployments.json)')
  .option('--force', 'deploy even if the file already describes live contracts on that chain')
  .action(async (opts: { rpcUrl?: string; out?: string; force?: boolean }) => {
    await deployCommand(process.env, opts)
  })

program.parseAsync(process.argv).catch((err: unknown) => {
  process.stderr.write(`custos: ${isCustosError(err) ? err.message : ((err as Error)?.stack ?? String(err))}\n`)
  process.exit(1)
})
