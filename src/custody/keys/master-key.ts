import { randomBytes } from 'node:crypto'
import { mkdir, open, readFile, stat } from 'node:fs/promises'
import { dirname } from 'node:path'
import { CustosError } from '../../shared/errors.ts'
import type { Logger } from '../../shared/logger.ts'

export interface LoadMasterKeyOptions {
  /** Environment to read `CUSTODY_MASTER_KEY` / `CUSTODY_MASTER_KEY_FILE` / `NODE_ENV` from. */
  env: Record<string, string | undefined>
  /** A file holding the key as 64 hex characters; overrides `CUSTODY_MASTER_KEY_FILE`. */
  file?: string
  /** Where to generate (or reuse) a development key when none is configured. Never used when NODE_ENV=production. */
  devFallbackPath?: string
  logger: Pick<Logger, 'warn'>
}

function invalid(source: string): CustosError {
  return new CustosError('MASTER_KEY_INVALID', `the master key from ${source} must be exactly 64 hex characters (32 bytes)`, { status: 500 })
}

function parseHexKey(text: string, source: string): Uint8Array {
  const hex = text.trim().replace(/^0x/i, '')
  if (!/^[0-9a-fA-F]{64}$/.test(hex)) throw invalid(source)
  return new Uint8Array(Buffer.from(hex, 'hex'))
}

async function readKeyFile(path: string, logger: Pick<Logger, 'warn'>, setting = 'CUSTODY_MASTER_KEY_FILE'): Promise<Uint8Array> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error'
    const todo = code === 'ENOENT' ? `put the key there or correct ${setting}` : `let the user running custody read it (chmod 600, owned by that user) or correct ${setting}`
    throw new CustosError('MASTER_KEY_MISSING', `the master key file ${path} (${setting}) cannot be read (${code}): ${todo}`, { status: 500 })
  }
  const { mode } = await stat(path)
  if ((mode & 0o077) !== 0) logger.warn({ masterKeyFile: path, mode: (mode & 0o777).toString(8) }, 'master key file is readable by group or others; chmod 600 it')
  return parseHexKey(text, `file ${path}`)
}

async function devKey(path: string, logger: Pick<Logger, 'warn'>): Promise<Uint8Array> {
  const warning =
    '!!! DEVELOPMENT MASTER KEY IN USE !!! The custody keystore is encrypted under a key stored in plain text beside it. ' +
    'Anyone who can read that file can sign for every vault. Set CUSTODY_MASTER_KEY or CUSTODY_MASTER_KEY_FILE before holding anything of value.'
  await mkdir(dirname(path), { recursive: true, mode: 0o700 })
  const key = randomBytes(32)
  try {
    // 'wx' so that two processes starting together keep one key, not two.
    const handle = await open(path, 'wx', 0o600)
    await handle.writeFile(`${key.toString('hex')}\n`)
    await handle.sync()
    await handle.close()
    logger.warn({ masterKeyFile: path, generated: true }, warning)
    return new Uint8Array(key)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err
  } finally {
    key.fill(0)
  }
  logger.warn({ masterKeyFile: path, generated: false }, warning)
  return readKeyFile(path, logger, 'CUSTOS_HOME')
}

/**
 * Finds the operator's 32-byte master key: `CUSTODY_MASTER_KEY` (64 hex chars),
 * else the file given by `file` or `CUSTODY_MASTER_KEY_FILE`, else — outside
 * production only — a development key generated once into `devFallbackPath`
 * (mode 0600) with a loud warning. The key is never logged or put in an error.
 *
 * @example
 * const masterKey = await loadMasterKey({ env: process.env, devFallbackPath: join(stateDir, 'dev-master-key'), logger })
 */
export async function loadMasterKey(opts: LoadMasterKeyOptions): Promise<Uint8Array> {
  const fromEnv = opts.env.CUSTODY_MASTER_KEY
  const file = opts.file ?? opts.env.CUSTODY_MASTER_KEY_FILE
  if (fromEnv && file) {
    throw new CustosError('MASTER_KEY_AMBIGUOUS', 'both CUSTODY_MASTER_KEY and a master key file are set; configure exactly one', { status: 500 })
  }
  if (fromEnv) return parseHexKey(fromEnv, 'CUSTODY_MASTER_KEY')
  if (file) return readKeyFile(file, opts.logger, opts.file ? '--master-key-file' : 'CUSTODY_MASTER_KEY_FILE')
  if (opts.devFallbackPath && opts.env.NODE_ENV !== 'production') return devKey(opts.devFallbackPath, opts.logger)
  throw new CustosError('MASTER_KEY_MISSING', 'no master key configured: set CUSTODY_MASTER_KEY (64 hex chars) or CUSTODY_MASTER_KEY_FILE', { status: 500 })
}
