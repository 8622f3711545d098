/**
 * The custody bench's HTTP client, on a thread of its own: a client of custody runs
 * in another process (usually on another machine), so its HTTP, JSON and request
 * signing must not share custody's event loop. Started once by run.ts and kept for
 * every run, as a client is a long-running program whose code the JIT has compiled:
 * it posts `{ ready, tid }` once, then for each job it is sent `{ done }` or `{ error }`.
 */
import { readlinkSync } from 'node:fs'
import { parentPort } from 'node:worker_threads'
import { submitAll, type ClientJob } from './submit-all.ts'

// "<pid>/task/<tid>": run.ts reads this thread's CPU time under that id.
const tid = Number(readlinkSync('/proc/thread-self').split('/').at(-1))
parentPort!.on('message', (job: ClientJob) => {
  submitAll(job).then(
    () => parentPort!.postMessage({ done: true }),
    (err: unknown) => parentPort!.postMessage({ error: String((err as Error)?.stack ?? err) }),
  )
})
parentPort!.postMessage({ ready: true, tid })
