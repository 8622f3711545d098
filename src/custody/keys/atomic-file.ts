import { randomBytes } from 'node:crypto'
import { mkdir, open, rename, rm, stat } from 'node:fs/promises'
import { dirname } from 'node:path'
import { setTimeout as delay } from 'node:timers/promises'
import { CustosError } from '../../shared/errors.ts'

/**
 * Writes a file so that a reader sees either the old or the new content, never
 * a torn one: write a private temp file beside it, fsync, rename over.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array, mode = 0o600): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 })
  const tmp = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`
  const handle = await open(tmp, 'wx', mode)
  try {
    await handle.writeFile(data)
    await handle.sync()
  } catch (err) {
    await handle.close()
    await rm(tmp, { force: true })
    throw err
  }
  await handle.close()
  await rename(tmp, path)
}

const LOCK_WAIT_MS = 10_000
const LOCK_STALE_MS = 60_000
const LOCK_POLL_MS = 20

/**
 * Runs `fn` while holding `<path>.lock`, so that two processes sharing one
 * keystore file never allocate the same index. A lock left by a crashed
 * process is broken once it is older than a minute.
 */
export async function withFileLock<T>(path: string, fn: () => Promise<T>): Promise<T> {
  const lockPath = `${path}.lock`
  await mkdir(dirname(path), { recursive: true, mode: 0o700 })
  const deadline = Date.now() + LOCK_WAIT_MS
  for (;;) {
    try {
      const handle = await open(lockPath, 'wx', 0o600)
      await handle.writeFile(String(process.pid))
      await handle.close()
      break
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err
      const age = await stat(lockPath).then((s) => Date.now() - s.mtimeMs, () => 0)
      if (age > LOCK_STALE_MS) {
        await rm(lockPath, { force: true })
        continue
      }
      if (Date.now() > deadline) {
        throw new CustosError('KEYSTORE_LOCKED', 'the keystore file is locked by another process', { status: 503, retryable: true })
      }
      await delay(LOCK_POLL_MS)
    }
  }
  try {
    return await fn()
  } finally {
    await rm(lockPath, { force: true })
  }
}
