import { DEVELOPMENT_WEBHOOK_TARGETS } from '../shared/webhooks/webhook-target.ts'
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { join, relative } from 'node:path'
import { Type } from 'typebox'
import type { Hex } from 'viem'
import { CommonEnv, HttpUrl, Port, homeDir } from '../shared/config/common.ts'
import { parseEnv } from '../shared/config/parse-env.ts'
import { ConfigError, CustosError } from '../shared/errors.ts'
import { statePaths } from '../shared/state-paths.ts'
import { portIsFree } from '../shared/net.ts'
import { chainUnreachable, portInUse, wrongChain } from '../shared/service/startup-errors.ts'
import { credentialFor, ensureDevCredentials } from '../shared/development-api-keys.ts'
import { startAnvil, type AnvilProcess } from '../chain/anvil.ts'
import { readChainId } from '../chain/clients.ts'
import { ANVIL_DEV_KEYS } from '../chain/dev-accounts.ts'
import { ensureInfrastructure } from './deploy.ts'
import { bootstrapCustodyRoles } from './bootstrap.ts'
import { createCustodyClient } from '../client/custody-client.ts'
import { createPlatformClient } from '../client/platform-client.ts'
import { seedDemoData } from './demo-data.ts'
import { ensureFireblocksPlatformUser, ensureFireblocksWebhook, type FireblocksPlatformCredentials } from './fireblocks-bootstrap.ts'
import { issueDevConsoleLinks } from './console-links.ts'

export const StartEnv = Type.Object({
  ...CommonEnv,
  ANVIL_HOST: Type.String({ default: '127.0.0.1', description: 'interface anvil listens on' }),
  ANVIL_PORT: Port(8545, 'port of the local anvil chain'),
  RPC_URL: Type.Optional(HttpUrl('use this chain instead of starting anvil')),
  CHAIN_ID: Type.Optional(Type.Integer({ minimum: 1, description: 'expected chain id; start fails if the chain serves another' })),
  DEPLOYER_PRIVATE_KEY: Type.Optional(Type.String({ pattern: '^0x[0-9a-fA-F]{64}$', description: 'deployer key (required with RPC_URL on first start)' })),
  CUSTODY_HOST: Type.String({ default: '127.0.0.1' }),
  CUSTODY_PORT: Port(4100, 'custody API port'),
  PLATFORM_HOST: Type.String({ default: '127.0.0.1' }),
  PLATFORM_PORT: Port(4000, 'platform API port'),
  CUSTODY_DATABASE_URL: Type.Optional(Type.String()),
  PLATFORM_DATABASE_URL: Type.Optional(Type.String()),
  CUSTOS_DEMO_DATA: Type.Boolean({ default: true, description: 'after start, fill an empty stack with demo investors, a token and issuances (idempotent)' }),
})

// Built (dist/cli/start.js): the services run as built JavaScript; from source (tests, development): through tsx.
// Not with --enable-source-maps: on Node 20 it slows the boot tenfold (the maps of every dependency are parsed).
const HERE = fileURLToPath(new URL('..', import.meta.url))
const BUILT = import.meta.url.endsWith('.js')

/** The node arguments that run a service's main, the same way this file runs. */
export function serviceCommand(name: 'custody' | 'platform'): string[] {
  return BUILT ? [`${HERE}${name}/main.js`] : ['--import', 'tsx', `${HERE}${name}/main.ts`]
}

function shortPath(p: string): string {
  const r = relative(process.cwd(), p)
  return r && !r.startsWith('..') ? r : p
}

// Generous: two services migrating their databases at once on a small, busy machine took 75 s.
const SERVICE_START_MS = 180_000

interface Service {
  name: string
  child: ChildProcess
  exited: Promise<number | null>
}

function spawnService(name: 'custody' | 'platform', env: NodeJS.ProcessEnv): Service {
  const child = spawn(process.execPath, serviceCommand(name), {
    env,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code, signal) => resolve(code ?? (signal ? 128 : null))))
  return { name, child, exited }
}

async function waitHealthy(svc: Service, url: string, deadlineMs: number): Promise<void> {
  const deadline = Date.now() + deadlineMs
  let dead = false
  void svc.exited.then(() => (dead = true))
  for (;;) {
    if (dead) throw new CustosError('SERVICE_START_FAILED', `${svc.name} exited during start (see its output above)`)
    try {
      const res = await fetch(`${url}/health`, { signal: AbortSignal.timeout(1000) })
      if (res.status === 200) return
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) throw new CustosError('SERVICE_START_FAILED', `${svc.name} did not become healthy at ${url} within ${deadlineMs / 1000} s`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

async function stopService(svc: Service): Promise<void> {
  if (svc.child.exitCode !== null || svc.child.signalCode !== null) return
  svc.child.kill('SIGTERM')
  const timer = setTimeout(() => svc.child.kill('SIGKILL'), 12_000)
  await svc.exited
  clearTimeout(timer)
}

/**
 * `custos start`: the whole stack on one machine. Starts anvil (state kept
 * under CUSTOS_HOME) unless RPC_URL names a chain, deploys the infrastructure
 * on first start, writes development credentials, starts custody and then the
 * platform as separate processes, and stops all of it on Ctrl-C.
 */
export async function startCommand(env: Record<string, string | undefined>): Promise<void> {
  const config = parseEnv(StartEnv, env)
  if (config.CUSTODY_PORT === config.PLATFORM_PORT) throw new ConfigError(`CUSTODY_PORT and PLATFORM_PORT are both ${config.CUSTODY_PORT}`)
  if (!config.RPC_URL && (config.ANVIL_PORT === config.CUSTODY_PORT || config.ANVIL_PORT === config.PLATFORM_PORT)) {
    throw new ConfigError(`ANVIL_PORT ${config.ANVIL_PORT} collides with a service port`)
  }
  // A port already taken would let the other process answer for ours: refuse before starting anything.
  const ports: [string, string, number][] = [
    ['CUSTODY_PORT', config.CUSTODY_HOST, config.CUSTODY_PORT],
    ['PLATFORM_PORT', config.PLATFORM_HOST, config.PLATFORM_PORT],
  ]
  if (!config.RPC_URL) ports.unshift(['ANVIL_PORT', config.ANVIL_HOST, config.ANVIL_PORT])
  for (const [setting, host, port] of ports) {
    if (await portIsFree(host, port)) continue
    if (setting !== 'ANVIL_PORT') throw portInUse(setting, host, port)
    const other = await readChainId(`http://${host}:${port}`).catch(() => null)
    throw new ConfigError(
      other === null
        ? `port ${port} on ${host} is already in use (ANVIL_PORT): stop what listens there or set ANVIL_PORT to a free port`
        : `a chain (id ${other}) already answers on ${host}:${port} (ANVIL_PORT), perhaps another Custos stack: stop it, set ANVIL_PORT to a free port, or set RPC_URL=http://${host}:${port} to use that chain`,
    )
  }
  const home = homeDir(config.CUSTOS_HOME)
  const paths = statePaths(home)
  mkdirSync(home, { recursive: true })
  const say = (line: string) => process.stdout.write(`${line}\n`)

  let anvil: AnvilProcess | null = null
  const services: Service[] = []
  let stopping: Promise<void> | null = null
  const demoAbort = new AbortController()
  const stopAll = () =>
    (stopping ??= (async () => {
      demoAbort.abort()
      for (const s of [...services].reverse()) await stopService(s)
      if (anvil) await anvil.stop()
    })())

  const onSignal = (sig: NodeJS.Signals) => {
    say(`\n${sig}: stopping Custos …`)
    void stopAll().then(() => {
      say('Custos stopped')
      process.exit(0)
    })
  }
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)

  try {
    let rpcUrl: string
    let deployerKey: Hex | undefined = config.DEPLOYER_PRIVATE_KEY as Hex | undefined
    if (config.RPC_URL) {
      rpcUrl = config.RPC_URL
    } else {
      anvil = await startAnvil({ host: config.ANVIL_HOST, port: config.ANVIL_PORT, statePath: paths.chainState, cachePath: paths.chainCache })
      rpcUrl = anvil.rpcUrl
      deployerKey ??= ANVIL_DEV_KEYS[0]
      say(`chain: anvil on ${rpcUrl} (state ${shortPath(paths.chainState)})`)
    }
    const chainId = await readChainId(rpcUrl).catch((cause: unknown) => {
      throw chainUnreachable('RPC_URL', rpcUrl, cause)
    })
    if (config.CHAIN_ID !== undefined && config.CHAIN_ID !== chainId) throw wrongChain('CHAIN_ID', config.CHAIN_ID, rpcUrl, chainId)
    if (!deployerKey) {
      const { readDeployments } = await import('../chain/deployments.ts')
      if (!readDeployments(paths.deployments)) throw new ConfigError('RPC_URL is set and no deployments file exists: set DEPLOYER_PRIVATE_KEY for the first start, or run `custos deploy`')
    }
    const { deployments, deployed } = await ensureInfrastructure({ rpcUrl, deployerKey: deployerKey ?? ANVIL_DEV_KEYS[0]!, file: paths.deployments })
    if (!deployed) say(`chain: infrastructure already deployed on chain ${chainId} (TREXFactory ${deployments.trexFactory})`)

    const { credentials, created } = ensureDevCredentials(paths.credentials)
    say(`credentials: ${created ? 'written to' : 'kept in'} ${shortPath(paths.credentials)} (mode 0600)`)
    const platformKey = credentialFor(credentials, 'custody', 'platform')

    const custodyUrl = `http://${config.CUSTODY_HOST}:${config.CUSTODY_PORT}`
    const platformUrl = `http://${config.PLATFORM_HOST}:${config.PLATFORM_PORT}`
    const base: NodeJS.ProcessEnv = {
      ...process.env,
      CUSTOS_HOME: home,
      RPC_URL: rpcUrl,
      CHAIN_ID: String(chainId),
      CUSTOS_DEV_CREDENTIALS: paths.credentials,
      LOG_LEVEL: config.LOG_LEVEL,
      // Development: the services send webhooks to each other (and to receivers) on this machine.
      CUSTODY_WEBHOOK_ALLOWED_TARGETS: process.env.CUSTODY_WEBHOOK_ALLOWED_TARGETS ?? DEVELOPMENT_WEBHOOK_TARGETS,
      PLATFORM_WEBHOOK_ALLOWED_TARGETS: process.env.PLATFORM_WEBHOOK_ALLOWED_TARGETS ?? DEVELOPMENT_WEBHOOK_TARGETS,
      LOG_PRETTY: process.env.LOG_PRETTY ?? (process.stdout.isTTY ? 'true' : 'false'),
    }
    const custodyAdmin = credentialFor(credentials, 'custody', 'admin')
    // CUSTODY_PROVIDER=fireblocks without FIREBLOCKS_BASE_PATH: the platform uses the embedded custody's Fireblocks API.
    const embeddedFireblocks = env.CUSTODY_PROVIDER === 'fireblocks' && !env.FIREBLOCKS_BASE_PATH
    // Both boot at once (each initialises its own database); the platform
    // reaches custody only when it has work for it.
    const custody = spawnService('custody', { ...base, CUSTODY_HOST: config.CUSTODY_HOST, CUSTODY_PORT: String(config.CUSTODY_PORT) })
    services.push(custody)
    let fireblocks: (FireblocksPlatformCredentials & { created: boolean }) | undefined
    if (embeddedFireblocks) {
      // The platform's API user must exist before the platform boots with it.
      await waitHealthy(custody, custodyUrl, SERVICE_START_MS)
      fireblocks = await ensureFireblocksPlatformUser({ custody: createCustodyClient({ baseUrl: custodyUrl, keyId: custodyAdmin.keyId, secret: custodyAdmin.secret }), custodyUrl, principalKeyId: platformKey.keyId, dir: join(home, 'platform') })
      say(`custody: the platform reaches custody through its Fireblocks API (${fireblocks.basePath}, API user ${fireblocks.created ? 'registered' : 'kept'})`)
    }
    const platform = spawnService('platform', {
      ...base,
      PLATFORM_HOST: config.PLATFORM_HOST,
      PLATFORM_PORT: String(config.PLATFORM_PORT),
      CUSTODY_URL: custodyUrl,
      CUSTODY_API_KEY_ID: platformKey.keyId,
      CUSTODY_API_SECRET: platformKey.secret,
      // Custody's audit and velocity rules see the platform user who asked, not only the platform.
      CUSTODY_ACT_ON_BEHALF: env.CUSTODY_ACT_ON_BEHALF ?? String(platformKey.scopes.includes('act-on-behalf')),
      DEPLOYMENTS_FILE: paths.deployments,
      ...(fireblocks
        ? { FIREBLOCKS_API_KEY: fireblocks.apiKey, FIREBLOCKS_SECRET_KEY_FILE: fireblocks.secretKeyFile, FIREBLOCKS_BASE_PATH: fireblocks.basePath, FIREBLOCKS_WEBHOOK_PUBLIC_KEY_FILE: fireblocks.webhookPublicKeyFile }
        : {}),
    })
    services.push(platform)
    await Promise.all([waitHealthy(custody, custodyUrl, SERVICE_START_MS), waitHealthy(platform, platformUrl, SERVICE_START_MS)])
    say(`services: custody ${custodyUrl} and platform ${platformUrl} answer`)
    if (fireblocks) say(`custody: Fireblocks webhook to the platform ${await ensureFireblocksWebhook(fireblocks, `${platformUrl}/v1/inbound/fireblocks`)}`)

    // The platform's on-chain roles (claim issuer, identity agent, issuer agent) are held by custody vaults.
    const roles = await bootstrapCustodyRoles({
      rpcUrl,
      deployerKey,
      deployments,
      custody: createCustodyClient({ baseUrl: custodyUrl, keyId: custodyAdmin.keyId, secret: custodyAdmin.secret }),
      webhook: { url: `${platformUrl}/v1/inbound/custody`, secretFile: join(home, 'platform', 'custody-webhook-secret') },
      // Only on the local anvil: the deployer's test ether pays for the gas station.
      fundGasStationWei: anvil ? 100n * 10n ** 18n : undefined,
      log: say,
    })
    if (roles.changes.length === 0 && roles.pending.length === 0) say('custody: on-chain roles already held by custody vaults')

    say(`Custos is ready — platform ${platformUrl} · custody ${custodyUrl} · chain ${rpcUrl} (chain id ${chainId}) · API docs ${platformUrl}/docs · credentials ${shortPath(paths.credentials)}`)
    try {
      const links = await issueDevConsoleLinks(credentials, { custody: custodyUrl, platform: platformUrl })
      say('consoles: open a link once to enrol a passkey for that development principal (one-time, 24 h); sign in again at /console/ with the passkey:')
      for (const l of links) say(`  ${l.service.padEnd(8)} ${l.role.padEnd(22)} ${l.url}`)
    } catch (err) {
      say(`consoles: no enrolment links (${(err as Error).message})`)
    }

    if (config.CUSTOS_DEMO_DATA) {
      const platform = (role: string) => {
        const k = credentialFor(credentials, 'platform', role)
        return createPlatformClient({ baseUrl: platformUrl, keyId: k.keyId, secret: k.secret })
      }
      const approver = credentialFor(credentials, 'custody', 'approver-1')
      say('demo: filling the stack with demo data in the background (CUSTOS_DEMO_DATA=false to skip)')
      seedDemoData(
        { issuer: platform('issuer-admin'), compliance: platform('compliance-officer'), auditor: platform('auditor'), approver: createCustodyClient({ baseUrl: custodyUrl, keyId: approver.keyId, secret: approver.secret }) },
        { log: say, signal: demoAbort.signal },
      ).then(
        () => say('demo: ready'),
        (err: unknown) => {
          if (!demoAbort.signal.aborted) say(`demo: not finished (${(err as Error).message}); the next start carries on`)
        },
      )
    }

    // A service that dies on its own takes the stack down: half a stack is worse than none.
    const first = await Promise.race(services.map((s) => s.exited.then((code) => ({ s, code }))))
    if (!stopping) {
      say(`${first.s.name} exited unexpectedly (code ${first.code}); stopping Custos`)
      await stopAll()
      process.exit(1)
    }
    await stopping
  } catch (err) {
    await stopAll()
    throw err
  }
}
