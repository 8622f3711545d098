import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer, type Server } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { freePort, portIsFree } from '../shared/net.ts'
import { startTestChain, type TestChain } from '../test/chain.ts'
import { startServiceProcess, stopServiceProcess, type ServiceProcess } from '../test/service-process.ts'

const BIN = fileURLToPath(new URL('../../bin/custos.mjs', import.meta.url))
const CUSTODY_MAIN = fileURLToPath(new URL('../custody/main.ts', import.meta.url))

/** Runs `custos <args>` to its end: exit code and everything it printed. */
function custos(args: string[], env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, LOG_LEVEL: 'warn', LOG_PRETTY: 'false', ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  child.stdout!.on('data', (b: Buffer) => (output += b.toString()))
  child.stderr!.on('data', (b: Buffer) => (output += b.toString()))
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, output })))
}

/** A service main run to its failure: exit code and stderr. */
async function failedService(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const p: ServiceProcess = startServiceProcess(CUSTODY_MAIN, { LOG_LEVEL: 'silent', LOG_PRETTY: 'false', ...env })
  try {
    return { code: await p.exited, output: p.stderr() }
  } finally {
    await stopServiceProcess(p)
  }
}

/** One sentence: a single line, no stack frames. */
function expectOneSentence(output: string, ...mentions: string[]) {
  const lines = output.trim().split('\n').filter((l) => !l.startsWith('custos: src/ changed') && !l.startsWith('services: '))
  expect(lines, output).toHaveLength(1)
  expect(output).not.toMatch(/\n\s+at /)
  for (const m of mentions) expect(lines[0]).toContain(m)
}

describe('start-up mistakes are named in one sentence, with a non-zero exit', () => {
  let chain: TestChain
  const homes: string[] = []
  const home = () => {
    const h = mkdtempSync(join(tmpdir(), 'custos-startup-'))
    homes.push(h)
    return h
  }
  beforeAll(async () => {
    chain = await startTestChain()
  })
  afterAll(async () => {
    await chain?.stop()
    for (const h of homes) rmSync(h, { recursive: true, force: true })
  })

  it('no node at RPC_URL', async () => {
    const url = `http://127.0.0.1:${await freePort()}`
    const r = await custos(['start'], { CUSTOS_HOME: home(), RPC_URL: url })
    expect(r.code).toBe(1)
    expectOneSentence(r.output, `RPC_URL=${url}`, 'ECONNREFUSED', 'start the node')
  })

  it('a chain other than CHAIN_ID', async () => {
    const r = await custos(['start'], { CUSTOS_HOME: home(), RPC_URL: chain.rpcUrl, CHAIN_ID: '1' })
    expect(r.code).toBe(1)
    expectOneSentence(r.output, 'CHAIN_ID=1', 'serves chain 31337')
  })

  it('a service port already in use, before anything starts', async () => {
    const taken: Server = createServer()
    await new Promise<void>((r) => taken.listen(0, '127.0.0.1', r))
    const port = (taken.address() as { port: number }).port
    const anvilPort = await freePort()
    try {
      const r = await custos(['start'], { CUSTOS_HOME: home(), ANVIL_PORT: String(anvilPort), CUSTODY_PORT: String(port), PLATFORM_PORT: String(await freePort()) })
      expect(r.code).toBe(1)
      expectOneSentence(r.output, `port ${port}`, 'CUSTODY_PORT', 'already in use')
      // Nothing was started: no chain on ANVIL_PORT.
      expect(await portIsFree('127.0.0.1', anvilPort)).toBe(true)
    } finally {
      taken.close()
    }
  })

  it('a chain already answering on ANVIL_PORT is not silently reused', async () => {
    const r = await custos(['start'], { CUSTOS_HOME: home(), ANVIL_PORT: new URL(chain.rpcUrl).port, CUSTODY_PORT: String(await freePort()), PLATFORM_PORT: String(await freePort()) })
    expect(r.code).toBe(1)
    expectOneSentence(r.output, 'ANVIL_PORT', 'already answers', 'RPC_URL=')
  })

  it('the database unreachable', async () => {
    const url = `postgres://custos:secret@127.0.0.1:${await freePort()}/custody`
    const r = await failedService({ CUSTOS_HOME: home(), RPC_URL: chain.rpcUrl, CUSTODY_PORT: String(await freePort()), CUSTODY_DATABASE_URL: url })
    expect(r.code).toBe(1)
    expectOneSentence(r.output, 'CUSTODY_DATABASE_URL=', 'ECONNREFUSED', 'start PostgreSQL')
    expect(r.output).not.toContain('secret')
  })

  it('an unreadable master key file', async () => {
    const h = home()
    const r = await failedService({ CUSTOS_HOME: h, RPC_URL: chain.rpcUrl, CUSTODY_PORT: String(await freePort()), CUSTODY_DATABASE_URL: 'memory://', CUSTODY_MASTER_KEY_FILE: join(h, 'no-such.key') })
    expect(r.code).toBe(1)
    expectOneSentence(r.output, 'CUSTODY_MASTER_KEY_FILE', 'ENOENT', 'put the key there')
  }, 120_000)

  it('the service port in use when the service itself starts', async () => {
    const taken: Server = createServer()
    await new Promise<void>((r) => taken.listen(0, '127.0.0.1', r))
    const port = (taken.address() as { port: number }).port
    try {
      const r = await failedService({ CUSTOS_HOME: home(), RPC_URL: chain.rpcUrl, CUSTODY_PORT: String(port), CUSTODY_DATABASE_URL: 'memory://' })
      expect(r.code).toBe(1)
      expectOneSentence(r.output, `port ${port}`, 'CUSTODY_PORT', 'already in use')
    } finally {
      taken.close()
    }
  }, 120_000)
})
