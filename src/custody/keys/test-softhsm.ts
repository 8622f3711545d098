import { execFileSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

// Where Debian/Ubuntu, Fedora, Homebrew and source builds put the library.
const LIBRARY_CANDIDATES = [
  '/usr/lib/softhsm/libsofthsm2.so',
  '/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so',
  '/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so',
  '/usr/lib64/pkcs11/libsofthsm2.so',
  '/usr/local/lib/softhsm/libsofthsm2.so',
  '/opt/homebrew/lib/softhsm/libsofthsm2.so',
]

/** Path of the SoftHSM2 library (`SOFTHSM2_LIB` first), or undefined when SoftHSM2 is not installed. */
export function findSoftHsmLibrary(env: Record<string, string | undefined> = process.env): string | undefined {
  const candidates = env.SOFTHSM2_LIB ? [env.SOFTHSM2_LIB] : LIBRARY_CANDIDATES
  const library = candidates.find((p) => existsSync(p))
  if (!library) return undefined
  try {
    execFileSync('softhsm2-util', ['--version'], { stdio: 'ignore' })
  } catch {
    return undefined
  }
  return library
}

export interface TestSoftHsmToken {
  libraryPath: string
  tokenLabel: string
  pin: string
  soPin: string
  /** Temp directory holding the conf and the token; removed by dispose(). */
  dir: string
  dispose(): Promise<void>
}

/**
 * Creates a throw-away SoftHSM2 token in its own temp directory and points
 * SOFTHSM2_CONF at it, so tests never touch a shared token. Call it before the
 * first backend of the process opens the library: SoftHSM2 reads its
 * configuration at C_Initialize.
 */
export async function createTestSoftHsmToken(opts: { label?: string } = {}): Promise<TestSoftHsmToken> {
  const libraryPath = findSoftHsmLibrary()
  if (!libraryPath) throw new Error('SoftHSM2 is not installed: run .ci/setup-softhsm2.sh')
  const dir = await mkdtemp(join(tmpdir(), 'custos-softhsm-'))
  const tokenDir = join(dir, 'tokens')
  await mkdir(tokenDir, { mode: 0o700 })
  const conf = join(dir, 'softhsm2.conf')
  await writeFile(conf, `directories.tokendir = ${tokenDir}\nobjectstore.backend = file\nlog.level = ERROR\nslots.removable = false\n`)
  const tokenLabel = opts.label ?? `custos-test-${randomBytes(4).toString('hex')}`
  const pin = randomBytes(8).toString('hex')
  const soPin = randomBytes(8).toString('hex')
  const previous = process.env.SOFTHSM2_CONF
  process.env.SOFTHSM2_CONF = conf
  execFileSync('softhsm2-util', ['--init-token', '--free', '--label', tokenLabel, '--so-pin', soPin, '--pin', pin], {
    env: { ...process.env, SOFTHSM2_CONF: conf },
    stdio: 'ignore',
  })
  return {
    libraryPath,
    tokenLabel,
    pin,
    soPin,
    dir,
    async dispose() {
      if (previous === undefined) delete process.env.SOFTHSM2_CONF
      else process.env.SOFTHSM2_CONF = previous
      await rm(dir, { recursive: true, force: true })
    },
  }
}
