import { pino, type Logger } from 'pino'

export type { Logger }

/** Paths pino removes from every log line: nothing secret is ever written out. */
export const REDACTED_PATHS = [
  'secret',
  '*.secret',
  'privateKey',
  '*.privateKey',
  'seed',
  '*.seed',
  'masterKey',
  '*.masterKey',
  'mnemonic',
  '*.mnemonic',
  'pin',
  '*.pin',
  'req.headers["x-api-signature"]',
  'req.headers.authorization',
  'headers["x-api-signature"]',
]

export interface LoggerOptions {
  service: string
  level?: string
  /** Pretty output for people at a terminal; JSON otherwise. */
  pretty?: boolean
  destination?: NodeJS.WritableStream
}

/**
 * A pino logger for one service. Child loggers carry `correlationId` from the
 * API request down to the chain transaction hash.
 */
export function createLogger(opts: LoggerOptions): Logger {
  const base = { service: opts.service }
  const level = opts.level ?? 'info'
  const redact = { paths: REDACTED_PATHS, censor: '[redacted]' }
  if (opts.pretty) {
    return pino({
      level,
      base,
      redact,
      transport: { target: 'pino-pretty', options: { colorize: true, ignore: 'pid,hostname', translateTime: 'HH:MM:ss.l' } },
    })
  }
  return opts.destination ? pino({ level, base, redact }, opts.destination as never) : pino({ level, base, redact })
}
