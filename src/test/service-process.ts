import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { sep } from 'node:path'

export interface ServiceProcess {
  child: ChildProcess
  /** The exit code, or -9 when it was SIGKILLed (by itself at a failpoint, or by the test). */
  exited: Promise<number | null>
  stderr(): string
}

/**
 * The built JavaScript of a service's `src/…/main.ts`, which the test set-up has just built
 * (src/test/global-setup.ts): a process starts from it without a TypeScript loader, as in
 * production, and several times faster than through tsx.
 */
export function builtEntry(main: string): string {
  const src = `${sep}src${sep}`
  const at = main.lastIndexOf(src)
  // CUSTOS_TEST_FROM_SOURCE=1 runs the TypeScript through tsx instead (e.g. with a debugger).
  if (at < 0 || !main.endsWith('.ts') || process.env.CUSTOS_TEST_FROM_SOURCE) return main
  const built = `${main.slice(0, at)}${sep}dist${sep}${main.slice(at + src.length, -'.ts'.length)}.js`
  return existsSync(built) ? built : main
}

/**
 * Starts a service's main.ts as its own process (crash tests kill it), from its build.
 * CUSTOS_TEST_CHILD_LOGS=1 shows its log while debugging.
 */
export function startServiceProcess(main: string, env: Record<string, string>): ServiceProcess {
  const logs = process.env.CUSTOS_TEST_CHILD_LOGS ? 'inherit' : 'ignore'
  const entry = builtEntry(main)
  const child = spawn(process.execPath, entry.endsWith('.ts') ? ['--import', 'tsx', entry] : [entry], {
    env: { ...process.env, ...env, ...(logs === 'inherit' ? { LOG_LEVEL: 'info' } : {}) },
    stdio: ['ignore', logs, 'pipe', 'ipc'],
  })
  let err = ''
  child.stderr!.on('data', (b: Buffer) => (err += b.toString()))
  const exited = new Promise<number | null>((r) => child.once('exit', (code, signal) => r(signal === 'SIGKILL' ? -9 : code)))
  return { child, exited, stderr: () => err }
}

/**
 * Waits until the process answers /health on `port`, or dies first (a restarted service
 * may reach its next failpoint before it answers).
 */
export async function healthyOrDead(p: ServiceProcess, port: number, timeoutMs = 60_000): Promise<'healthy' | 'dead'> {
  const deadline = Date.now() + timeoutMs
  let dead = false
  void p.exited.then(() => (dead = true))
  while (Date.now() < deadline) {
    if (dead) return 'dead'
    try {
      if ((await fetch(`http://127.0.0.1:${port}/health`)).status === 200) return 'healthy'
    } catch {
      /* starting */
    }
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error(`service neither healthy nor dead after ${timeoutMs} ms: ${p.stderr()}`)
}

/** Stops a process still running (SIGTERM) and waits for it. */
export async function stopServiceProcess(p: { child: ChildProcess; exited: Promise<unknown> } | null): Promise<void> {
  if (p && p.child.exitCode === null && p.child.signalCode === null) {
    p.child.kill('SIGTERM')
    await p.exited
  }
}

/** A harness of a service run as its own process (see `preparePlatformProcess`, `prepareCustodyProcess`). */
interface ProcessHarness {
  env: Record<string, string>
  readonly proc: ServiceProcess | null
  start(timeoutMs?: number): Promise<'healthy' | 'dead'>
}

/** A service process that a crash test starts again whenever a failpoint killed it. */
export interface RestartAtFailpoints {
  /** How many times a failpoint killed it (and it was started again) so far; a test may reset it. */
  crashes: number
  /** Starts the process (a previous one must have exited) and waits until it is healthy or dead. */
  start(): Promise<'healthy' | 'dead'>
  /** Stops the process gracefully and starts it again with these variables added to its environment (e.g. failpoints armed). */
  restartWith(env: Record<string, string>): Promise<'healthy' | 'dead'>
  /**
   * Polls `read` until `done`, starting the process again whenever it died at a failpoint
   * (SIGKILL); any other exit fails the test. `meanwhile` runs before each read (e.g. an
   * approver signs off what waits); its failures, and a read's (the process may be down),
   * only mean "not yet".
   */
  until<T>(what: string, read: () => Promise<T>, done: (v: T) => boolean, opts?: { timeoutMs?: number; meanwhile?: () => Promise<unknown> }): Promise<T>
}

/**
 * Watches how each process of `h` ends, for a crash test: a failpoint SIGKILLs the process
 * (exit -9) and `until` starts it again on the same database and state folder.
 *
 * @example
 * const p = restartAtFailpoints(h)
 * expect(await p.start()).toBe('healthy')
 * const done = await p.until('settled', read, (o) => o.status === 'SETTLED')
 * expect(p.crashes).toBe(failpoints.length)
 */
export function restartAtFailpoints(h: ProcessHarness, startTimeoutMs = 120_000): RestartAtFailpoints {
  let exitCode: number | null | undefined
  const start = (): Promise<'healthy' | 'dead'> => {
    exitCode = undefined
    const health = h.start(startTimeoutMs)
    const p = h.proc!
    void p.exited.then((code) => {
      // A graceful stop before the next start leaves no trace: only the current process counts.
      if (h.proc === p) exitCode = code
    })
    return health
  }
  const self: RestartAtFailpoints = {
    crashes: 0,
    start,
    async restartWith(env) {
      await stopServiceProcess(h.proc)
      Object.assign(h.env, env)
      return start()
    },
    async until(what, read, done, opts = {}) {
      const timeoutMs = opts.timeoutMs ?? 300_000
      const deadline = Date.now() + timeoutMs
      let last: Awaited<ReturnType<typeof read>> | undefined
      for (;;) {
        if (exitCode !== undefined) {
          if (exitCode !== -9) throw new Error(`${what}: the process exited with ${exitCode}, not at a failpoint: ${h.proc?.stderr()}`)
          self.crashes += 1
          await start()
          continue
        }
        if (opts.meanwhile) await opts.meanwhile().catch(() => undefined)
        const v = await read().catch(() => undefined)
        if (v !== undefined) {
          last = v
          if (done(v)) return v
        }
        if (Date.now() > deadline) throw new Error(`${what}: not reached after ${timeoutMs} ms (last: ${JSON.stringify(last)})`)
        await new Promise((r) => setTimeout(r, 100))
      }
    },
  }
  return self
}
