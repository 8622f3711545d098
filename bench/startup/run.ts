/*
 * Start-up benchmark, in one run:
 *   1. `custos --version` and a signed `custos call` against `node -e 0` (the
 *      cost of starting Node at all) as the baseline. Target: --version within
 *      3× the baseline.
 *   2. A cold `npm start` (fresh state folder, free ports, no demo data) to
 *      "Custos is ready", split by phase: chain (anvil answers), deploy (the
 *      infrastructure), services (custody and platform answer), bootstrap
 *      (on-chain roles handed to custody).
 * The `custos call` runs against the stack of step 2.
 *
 *   npm run bench:startup [-- --runs 7]
 */
import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { availableParallelism, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { freePort } from '../../src/shared/net.ts'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const BIN = join(ROOT, 'bin', 'custos.mjs')
const runsArg = process.argv.indexOf('--runs')
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 7

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
const ms = (n: number) => `${n.toFixed(0)} ms`

function timeCommand(args: string[], env: NodeJS.ProcessEnv = process.env): number[] {
  const out: number[] = []
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now()
    const r = spawnSync(process.execPath, args, { env, encoding: 'utf8' })
    out.push(performance.now() - t0)
    if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`)
  }
  return out
}

const home = mkdtempSync(join(tmpdir(), 'custos-bench-startup-'))
const env: NodeJS.ProcessEnv = {
  ...process.env,
  CUSTOS_HOME: home,
  ANVIL_PORT: String(await freePort()),
  CUSTODY_PORT: String(await freePort()),
  PLATFORM_PORT: String(await freePort()),
  CUSTOS_DEMO_DATA: 'false',
  LOG_LEVEL: 'warn',
  LOG_PRETTY: 'false',
}

process.stdout.write(`machine: ${availableParallelism()} CPUs, load ${loadavg().map((l) => l.toFixed(1)).join(' ')}; ${RUNS} runs each, medians\n`)
// The build is checked once first, so no run below pays for it.
spawnSync(process.execPath, [BIN, '--version'], { stdio: 'ignore' })
const baseline = median(timeCommand(['-e', '0']))
const version = median(timeCommand([BIN, '--version']))

// Cold start: every line stamped with the time since spawn.
const t0 = performance.now()
const stack = spawn('npm', ['start', '--silent'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true })
const marks: Record<string, number> = {}
const phases: [string, RegExp][] = [
  ['chain', /^chain: anvil on /],
  ['deploy', /^credentials: /],
  ['services', /^services: /],
  ['bootstrap', /^Custos is ready/],
]
let output = ''
const ready = new Promise<void>((resolve, reject) => {
  const onLine = (line: string) => {
    for (const [name, re] of phases) if (marks[name] === undefined && re.test(line)) marks[name] = performance.now() - t0
    if (marks.bootstrap !== undefined) resolve()
  }
  let buf = ''
  const feed = (b: Buffer) => {
    output += b.toString()
    buf += b.toString()
    const lines = buf.split('\n')
    buf = lines.pop()!
    lines.forEach(onLine)
  }
  stack.stdout!.on('data', feed)
  stack.stderr!.on('data', feed)
  stack.once('exit', (code) => reject(new Error(`npm start exited ${code} before it was ready:\n${output}`)))
  setTimeout(() => reject(new Error(`not ready within 300 s:\n${output}`)), 300_000).unref()
})
let call = 0
try {
  await ready
  call = median(timeCommand([BIN, 'call', 'custody', 'admin', 'GET', '/v1/vaults'], env))
} finally {
  const exited = new Promise((r) => stack.once('exit', r))
  process.kill(-stack.pid!, 'SIGINT')
  await exited
  rmSync(home, { recursive: true, force: true })
}

const rows: [string, number, string][] = [
  ['node -e 0 (baseline)', baseline, '1.0×'],
  ['custos --version', version, `${(version / baseline).toFixed(1)}× (target ≤ 3×)`],
  ['custos call custody admin GET /v1/vaults (signed)', call, `${(call / baseline).toFixed(1)}×`],
]
for (const [name, value, ratio] of rows) process.stdout.write(`${name.padEnd(52)} ${ms(value).padStart(9)}  ${ratio}\n`)
process.stdout.write(`\ncold npm start to "Custos is ready": ${ms(marks.bootstrap!)}\n`)
let prev = 0
for (const [name] of phases) {
  process.stdout.write(`  ${name.padEnd(10)} ${ms(marks[name]! - prev).padStart(9)}  (${((100 * (marks[name]! - prev)) / marks.bootstrap!).toFixed(0)} %)\n`)
  prev = marks[name]!
}
process.stdout.write(`${version / baseline <= 3 ? 'ok' : 'MISSED'}: custos --version is ${(version / baseline).toFixed(1)}× node -e 0\n`)
