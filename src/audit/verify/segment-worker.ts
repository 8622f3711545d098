import { readFile } from 'node:fs/promises'
import { parentPort } from 'node:worker_threads'
import { scanSegment } from './scan-segment.ts'

// Worker thread: scans the segment files it is sent and posts back the result.
const port = parentPort!
port.on('message', async ({ id, path }: { id: number; path: string }) => {
  let buf: Buffer
  try {
    buf = await readFile(path)
  } catch {
    port.postMessage({ id, scan: null })
    return
  }
  const scan = scanSegment(buf)
  port.postMessage({ id, scan }, [scan.leaves.buffer as ArrayBuffer])
})
port.postMessage({ ready: true })
