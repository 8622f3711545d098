import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'
import { scanSegment, type SegmentScan } from './scan-segment.ts'

// Segments in flight at once: enough to keep every worker busy, few enough to bound memory.
const WINDOW_PER_WORKER = 3

// Built, the worker is plain JavaScript beside this file. From source, Node 20
// does not apply tsx's ESM hooks to a worker's entry module, so the worker
// bootstraps tsx's in-thread CommonJS hook and requires the TypeScript.
function bootstrap(): string | null {
  if (import.meta.url.endsWith('.js')) return `import(${JSON.stringify(new URL('./segment-worker.js', import.meta.url).href)})`
  try {
    const tsx = createRequire(import.meta.url).resolve('tsx/cjs/api')
    const entry = fileURLToPath(new URL('./segment-worker.ts', import.meta.url))
    return `require(${JSON.stringify(tsx)}).register(); require(${JSON.stringify(entry)})`
  } catch {
    return null
  }
}

async function startWorker(): Promise<Worker | null> {
  const code = bootstrap()
  if (code === null) return null
  const worker = new Worker(code, { eval: true })
  // Should the worker fail to load, the caller scans on its own thread instead.
  const ok = await new Promise<boolean>((resolve) => {
    worker.once('message', (m: { ready?: boolean }) => resolve(m?.ready === true))
    worker.once('error', () => resolve(false))
    worker.once('exit', () => resolve(false))
  })
  if (ok) return worker
  await worker.terminate()
  return null
}

async function* inline(paths: string[]): AsyncGenerator<SegmentScan | null> {
  const load = (i: number) => readFile(paths[i]!).catch(() => null)
  let next = paths.length > 0 ? load(0) : null
  for (let i = 0; i < paths.length; i++) {
    const buf = await next!
    next = i + 1 < paths.length ? load(i + 1) : null
    yield buf === null ? null : scanSegment(buf)
  }
}

/**
 * Scans segment files, on up to `workers` worker threads when the runtime
 * allows, yielding each result (null for a file that cannot be read) in
 * order. `threads` says how many workers actually started.
 */
export async function openSegmentScanner(paths: string[], workers: number): Promise<{ threads: number; scans: AsyncGenerator<SegmentScan | null> }> {
  const pool = (await Promise.all(Array.from({ length: Math.min(workers, paths.length) }, startWorker))).filter((w): w is Worker => w !== null)
  return { threads: pool.length, scans: pool.length === 0 ? inline(paths) : threaded(paths, pool) }
}

async function* threaded(paths: string[], pool: Worker[]): AsyncGenerator<SegmentScan | null> {
  const waiting = new Map<number, (scan: SegmentScan | null) => void>()
  for (const w of pool) {
    w.on('message', (m: { id: number; scan: SegmentScan | null }) => {
      waiting.get(m.id)?.(m.scan)
      waiting.delete(m.id)
    })
  }
  const failed = new Promise<never>((_, reject) => pool.forEach((w) => w.once('error', reject)))
  failed.catch(() => {})
  const results: Promise<SegmentScan | null>[] = []
  const dispatch = (i: number) => {
    results[i] = new Promise((resolve) => waiting.set(i, resolve))
    pool[i % pool.length]!.postMessage({ id: i, path: paths[i] })
  }
  try {
    const window = pool.length * WINDOW_PER_WORKER
    for (let i = 0; i < Math.min(window, paths.length); i++) dispatch(i)
    for (let i = 0; i < paths.length; i++) {
      const scan = await Promise.race([results[i]!, failed])
      delete results[i]
      if (i + window < paths.length) dispatch(i + window)
      yield scan
    }
  } finally {
    await Promise.all(pool.map((w) => w.terminate()))
  }
}
