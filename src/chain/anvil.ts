import { spawn, type ChildProcess } from 'node:child_process'
import { createRequire } from 'node:module'
import { mkdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { CustosError } from '../shared/errors.ts'

const require = createRequire(import.meta.url)

/** The anvil binary shipped inside the platform package of `@foundry-rs/anvil`. */
export function anvilBinary(): string {
  const arch = process.arch === 'x64' ? 'amd64' : process.arch
  const pkg = `@foundry-rs/anvil-${process.platform}-${arch}/package.json`
  try {
    return join(dirname(require.resolve(pkg)), 'bin', process.platform === 'win32' ? 'anvil.exe' : 'anvil')
  } catch (cause) {
    throw new CustosError('ANVIL_NOT_INSTALLED', `${pkg} is not installed: run npm install`, { cause })
  }
}

export interface AnvilOptions {
  host?: string
  port: number
  chainId?: number
  /** Load the chain from this file at start and dump it there on exit. */
  statePath?: string
  /** Where anvil may cache; kept inside our state folder, never ~/.foundry. */
  cachePath?: string
  /** States kept in memory for reorgs and historical reads (default 256); older ones are pruned. */
  keepStates?: number
  /** Seconds between state dumps while running (with statePath). */
  stateIntervalSeconds?: number
  loadStatePath?: string
  silent?: boolean
  onLine?: (line: string) => void
}

export interface AnvilProcess {
  readonly rpcUrl: string
  readonly pid: number
  readonly child: ChildProcess
  /** Stops anvil (SIGTERM, so it writes its state) and waits until it has exited. */
  stop(): Promise<void>
}

/**
 * Starts anvil and resolves once its RPC answers. Always with history pruning
 * so long runs do not fill the disk, and with the Osaka per-transaction gas
 * cap enforced like a real network.
 */
export async function startAnvil(opts: AnvilOptions): Promise<AnvilProcess> {
  const host = opts.host ?? '127.0.0.1'
  const args = ['--host', host, '--port', String(opts.port), '--prune-history', String(opts.keepStates ?? 256), '--enable-tx-gas-limit']
  if (opts.chainId) args.push('--chain-id', String(opts.chainId))
  if (opts.statePath) {
    mkdirSync(dirname(opts.statePath), { recursive: true })
    args.push('--state', opts.statePath, '--state-interval', String(opts.stateIntervalSeconds ?? 5))
  }
  if (opts.loadStatePath) args.push('--load-state', opts.loadStatePath)
  if (opts.cachePath) {
    mkdirSync(opts.cachePath, { recursive: true })
    args.push('--cache-path', opts.cachePath)
  }
  const child = spawn(anvilBinary(), args, { stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  const onData = (buf: Buffer) => {
    const text = buf.toString()
    if (output.length < 20_000) output += text
    if (opts.onLine) for (const l of text.split('\n')) if (l.trim()) opts.onLine(l)
  }
  child.stdout!.on('data', onData)
  child.stderr!.on('data', onData)
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  const rpcUrl = `http://${host}:${opts.port}`

  const deadline = Date.now() + 30_000
  for (;;) {
    const early = await Promise.race([exited, new Promise<'wait'>((r) => setTimeout(() => r('wait'), 50))])
    if (early !== 'wait') {
      throw new CustosError('ANVIL_START_FAILED', `anvil exited with code ${early} before answering on ${rpcUrl}:\n${output.slice(-2000)}`)
    }
    if (await rpcAnswers(rpcUrl)) break
    if (Date.now() > deadline) {
      child.kill('SIGKILL')
      throw new CustosError('ANVIL_START_FAILED', `anvil did not answer on ${rpcUrl} within 30 s:\n${output.slice(-2000)}`)
    }
  }
  return {
    rpcUrl,
    pid: child.pid!,
    child,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000)
      await exited
      clearTimeout(timer)
    },
  }
}

async function rpcAnswers(url: string): Promise<boolean> {
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] }),
      signal: AbortSignal.timeout(1000),
    })
    return res.ok
  } catch {
    return false
  }
}
