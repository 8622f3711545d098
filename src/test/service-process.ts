import { spawn, type ChildProcess } from 'node:child_process'

export interface ServiceProcess {
  child: ChildProcess
  /** The exit code, or -9 when it was SIGKILLed (by itself at a failpoint, or by the test). */
  exited: Promise<number | null>
  stderr(): string
}

/**
 * Starts a service's main.ts as its own process (crash tests kill it).
 * CUSTOS_TEST_CHILD_LOGS=1 shows its log while debugging.
 */
export function startServiceProcess(main: string, env: Record<string, string>): ServiceProcess {
  const logs = process.env.CUSTOS_TEST_CHILD_LOGS ? 'inherit' : 'ignore'
  const child = spawn(process.execPath, ['--import', 'tsx', main], {
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
