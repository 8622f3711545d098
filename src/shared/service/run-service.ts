import type { Logger } from '../logger.ts'
import { describeFailure } from '../describe-failure.ts'
import { portInUse } from './startup-errors.ts'

export interface RunningService {
  close(): Promise<void>
}

/**
 * Keeps a service process alive until it is told to stop: SIGTERM or SIGINT,
 * or its parent (custos start) going away, which closes the IPC channel. Then
 * it closes the service once and exits.
 */
export function runUntilStopped(service: RunningService, logger: Logger): void {
  let stopping = false
  const stop = async (why: string) => {
    if (stopping) return
    stopping = true
    logger.info({ why }, 'stopping')
    const timer = setTimeout(() => {
      logger.error('did not stop within 10 s; exiting')
      process.exit(1)
    }, 10_000)
    timer.unref()
    try {
      await service.close()
      process.exit(0)
    } catch (err) {
      logger.error({ err }, 'error while stopping')
      process.exit(1)
    }
  }
  process.on('SIGTERM', () => void stop('SIGTERM'))
  process.on('SIGINT', () => void stop('SIGINT'))
  if (process.send) process.on('disconnect', () => void stop('parent went away'))
}

/** Listens, then runs until stopped, closing the HTTP server and then the database. */
export async function serveUntilStopped(
  app: { listen(o: { host: string; port: number }): Promise<string>; close(): Promise<unknown> },
  database: { close(): Promise<void> },
  where: { host: string; port: number; /** the variable naming the port, for a clear error */ setting: string },
  logger: Logger,
): Promise<void> {
  try {
    await app.listen({ host: where.host, port: where.port })
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw err
    await app.close().catch(() => {})
    await database.close().catch(() => {})
    throw portInUse(where.setting, where.host, where.port)
  }
  runUntilStopped(
    {
      async close() {
        await app.close()
        await database.close()
      },
    },
    logger,
  )
}

/** Runs a process's main; a failure to start prints one clear line and exits 1. */
export function runMain(name: string, main: () => Promise<void>): void {
  main().catch((err: unknown) => {
    process.stderr.write(`${name} failed to start: ${describeFailure(err)}\n`)
    process.exit(1)
  })
}
