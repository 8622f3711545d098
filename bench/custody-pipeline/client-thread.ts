/**
 * The custody bench's HTTP client, on a thread of its own: a client of custody runs
 * in another process (usually on another machine), so its fetch, JSON and request
 * signing must not share custody's event loop. Started by run.ts with the job in
 * workerData; posts `{ done: true }` or `{ error }`.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { submitAll, type ClientJob } from './submit-all.ts'

submitAll(workerData as ClientJob).then(
  () => parentPort!.postMessage({ done: true }),
  (err: unknown) => parentPort!.postMessage({ error: String((err as Error)?.stack ?? err) }),
)
