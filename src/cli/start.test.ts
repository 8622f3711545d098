import { afterAll, describe, expect, it } from 'vitest'
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { freePort } from '../shared/net.ts'
import { createPostgresDatabase } from '../test/database.ts'

const BIN = fileURLToPath(new URL('../../bin/custos.mjs', import.meta.url))

interface Run {
  child: ChildProcess
  output: () => string
  exited: Promise<number | null>
}

const runs: Run[] = []

function run(args: string[], env: NodeJS.ProcessEnv): Run {
  const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, LOG_LEVEL: 'warn', LOG_PRETTY: 'false', ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  let out = ''
  child.stdout!.on('data', (b: Buffer) => (out += b.toString()))
  child.stderr!.on('data', (b: Buffer) => (out += b.toString()))
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)))
  const r = { child, output: () => out, exited }
  runs.push(r)
  return r
}

async function waitFor(r: Run, text: string, ms: number) {
  const deadline = Date.now() + ms
  while (!r.output().includes(text)) {
    if (r.child.exitCode !== null) throw new Error(`exited before "${text}":\n${r.output()}`)
    if (Date.now() > deadline) throw new Error(`no "${text}" within ${ms} ms:\n${r.output()}`)
    await new Promise((res) => setTimeout(res, 100))
  }
}

async function waitUntil(ok: () => boolean, ms: number, what: string) {
  const deadline = Date.now() + ms
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`no ${what} within ${ms} ms`)
    await new Promise((res) => setTimeout(res, 100))
  }
}

/** Processes whose command line or environment mention the state folder. */
function processesUsing(home: string): number[] {
  const found: number[] = []
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    if (Number(pid) === process.pid) continue
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8')
      const env = readFileSync(`/proc/${pid}/environ`, 'utf8')
      if (cmd.includes(home) || env.includes(`CUSTOS_HOME=${home}`)) found.push(Number(pid))
    } catch {
      /* gone or not ours */
    }
  }
  return found
}

describe('custos start', () => {
  const home = mkdtempSync(join(tmpdir(), 'custos-home-'))
  afterAll(async () => {
    // A failed assertion leaves a stack running: stop it as Ctrl-C would, so no chain or service outlives the test.
    for (const r of runs) {
      if (r.child.exitCode === null && r.child.signalCode === null) r.child.kill('SIGINT')
      await r.exited
    }
    rmSync(home, { recursive: true, force: true })
  })

  it('runs the stack, keeps its chain across a restart, and leaves nothing behind on Ctrl-C', async () => {
    const ports = { ANVIL_PORT: String(await freePort()), CUSTODY_PORT: String(await freePort()), PLATFORM_PORT: String(await freePort()) }
    const env: Record<string, string> = { CUSTOS_HOME: home, ...ports }
    // With DATABASE_URL (CI's PostgreSQL pass) each service gets its own PostgreSQL database.
    const dbs = process.env.DATABASE_URL ? [await createPostgresDatabase(process.env.DATABASE_URL), await createPostgresDatabase(process.env.DATABASE_URL)] : []
    if (dbs.length) {
      env.CUSTODY_DATABASE_URL = dbs[0]!.url
      env.PLATFORM_DATABASE_URL = dbs[1]!.url
    }

    const first = run(['start'], env)
    await waitFor(first, 'Custos is ready', 240_000)
    for (const port of [ports.CUSTODY_PORT, ports.PLATFORM_PORT]) {
      const res = await fetch(`http://127.0.0.1:${port}/health`)
      expect(res.status).toBe(200)
      expect(await res.json()).toMatchObject({ status: 'ok', chainId: 31337, database: dbs.length ? 'postgres' : 'pglite' })
    }
    const creds = JSON.parse(readFileSync(join(home, 'dev-credentials.json'), 'utf8'))
    expect(statSync(join(home, 'dev-credentials.json')).mode & 0o777).toBe(0o600)
    expect(creds.custody.map((c: { role: string }) => c.role)).toEqual(expect.arrayContaining(['admin', 'platform', 'approver-1', 'approver-2', 'auditor']))
    expect(creds.platform.map((c: { role: string }) => c.role)).toEqual(
      expect.arrayContaining(['issuer-admin', 'compliance-officer', 'compliance-officer-2', 'operator', 'auditor']),
    )
    const deployed = JSON.parse(readFileSync(join(home, 'deployments.json'), 'utf8'))

    // The development keys work: custody holds the platform's on-chain roles in its vaults.
    const call = spawnSync(process.execPath, [BIN, 'call', 'custody', 'admin', 'GET', '/v1/vaults'], { env: { ...process.env, ...env }, encoding: 'utf8' })
    expect(call.status, call.stderr).toBe(0)
    const purposes = (JSON.parse(call.stdout) as { items: { purpose: string | null }[] }).items.map((v) => v.purpose)
    expect(purposes).toEqual(expect.arrayContaining(['gas-station', 'claim-issuer', 'identity-agent', 'issuer-agent']))
    const investors = spawnSync(process.execPath, [BIN, 'call', 'platform', 'compliance-officer', 'GET', '/v1/investors'], { env: { ...process.env, ...env }, encoding: 'utf8' })
    expect(investors.status, investors.stderr).toBe(0)

    // Each console is served, with a one-time enrolment link printed for each development principal.
    // Each line reaches the pipe as its own write: wait for the link's line itself, not only the heading before it.
    await waitFor(first, 'consoles: open a link', 30_000)
    const linkLine = new RegExp(`custody +approver-1 +(http://localhost:${ports.CUSTODY_PORT}/console/enrol#[A-Za-z0-9_-]+)\\s`)
    await waitUntil(() => linkLine.test(first.output()), 30_000, 'the approver-1 enrolment link')
    const link = first.output().match(linkLine)?.[1]
    expect(link).toBeDefined()
    const options = await fetch(`http://127.0.0.1:${ports.CUSTODY_PORT}/v1/console/enrol/options`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token: new URL(link!).hash.slice(1) }) })
    expect(((await options.json()) as { principal: { role: string } }).principal.role).toBe('approver')
    const page = await fetch(`http://127.0.0.1:${ports.PLATFORM_PORT}/console/`)
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'")
    expect(await page.text()).toContain('<div id="app">')

    // Demo data arrives through the public APIs: onboarded investors, a live token, an issuance to each.
    await waitFor(first, 'demo: ready', 180_000)
    const tokens = spawnSync(process.execPath, [BIN, 'call', 'platform', 'auditor', 'GET', '/v1/tokens'], { env: { ...process.env, ...env }, encoding: 'utf8' })
    const demo = (JSON.parse(tokens.stdout) as { items: { symbol: string; status: string; paused: boolean; totalSupply: string }[] }).items.find((t) => t.symbol === 'DREF')
    expect(demo).toMatchObject({ status: 'ACTIVE', paused: false, totalSupply: '2000' })
    const offerings = spawnSync(process.execPath, [BIN, 'call', 'platform', 'auditor', 'GET', '/v1/offerings'], { env: { ...process.env, ...env }, encoding: 'utf8' })
    expect((JSON.parse(offerings.stdout) as { items: { status: string }[] }).items.map((o) => o.status)).toEqual(['OPEN'])

    first.child.kill('SIGINT')
    expect(await first.exited).toBe(0)
    expect(processesUsing(home)).toEqual([])
    await expect(fetch(`http://127.0.0.1:${ports.ANVIL_PORT}`, { method: 'POST' })).rejects.toThrow()

    const second = run(['start'], env)
    await waitFor(second, 'Custos is ready', 240_000)
    expect(second.output()).toContain('infrastructure already deployed')
    expect(JSON.parse(readFileSync(join(home, 'deployments.json'), 'utf8')).trexFactory).toBe(deployed.trexFactory)
    const code = await fetch(`http://127.0.0.1:${ports.ANVIL_PORT}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_getCode', params: [deployed.trexFactory, 'latest'] }),
    }).then((r) => r.json() as Promise<{ result: string }>)
    expect(code.result.length).toBeGreaterThan(2)
    // The demo data is found, not made again.
    await waitFor(second, 'demo: ready', 120_000)
    const again = spawnSync(process.execPath, [BIN, 'call', 'platform', 'auditor', 'GET', '/v1/tokens'], { env: { ...process.env, ...env }, encoding: 'utf8' })
    expect((JSON.parse(again.stdout) as { items: { symbol: string; totalSupply: string }[] }).items.filter((t) => t.symbol === 'DREF').map((t) => t.totalSupply)).toEqual(['2000'])
    second.child.kill('SIGINT')
    expect(await second.exited).toBe(0)
    expect(processesUsing(home)).toEqual([])
    for (const d of dbs) await d.drop()
  }, 900_000)

  it('refuses a bad configuration value with a clear message and starts nothing', async () => {
    const r = run(['start'], { CUSTOS_HOME: home, PLATFORM_PORT: 'not-a-port' })
    expect(await r.exited).toBe(1)
    expect(r.output()).toContain('PLATFORM_PORT')
    expect(r.output()).toContain('not-a-port')
  })
})
