/**
 * The npm registry mirror this project is developed against serves only the
 * platform packages of the machines it runs on, so `npm install` writes a
 * lockfile without the other platforms' optional binaries (anvil, rollup), and
 * `npm ci` then refuses the lockfile as out of sync. This adds the missing
 * optional entries, marked with their os/cpu so that npm skips them on every
 * other platform, exactly as a lockfile written against the full registry
 * does. Run it after changing dependencies: `node scripts/complete-lockfile.ts`.
 */
import { readFileSync, writeFileSync } from 'node:fs'

type Entry = { version?: string; optional?: boolean; os?: string[]; cpu?: string[]; libc?: string[]; optionalDependencies?: Record<string, string>; license?: string }
const path = new URL('../package-lock.json', import.meta.url)
const lock = JSON.parse(readFileSync(path, 'utf8')) as { packages: Record<string, Entry> }

const OS: Record<string, string> = { darwin: 'darwin', linux: 'linux', win32: 'win32', windows: 'win32', freebsd: 'freebsd', openbsd: 'openbsd', android: 'android', openharmony: 'openharmony' }
const CPU: Record<string, string> = { amd64: 'x64', x64: 'x64', arm64: 'arm64', arm: 'arm', ia32: 'ia32', loong64: 'loong64', ppc64: 'ppc64', riscv64: 'riscv64', s390x: 's390x' }

function platformOf(name: string): { os: string; cpu: string; libc?: string } | null {
  const parts = name.split('/').pop()!.split('-')
  const os = parts.map((p) => OS[p]).find(Boolean)
  const cpu = parts.map((p) => CPU[p]).find(Boolean)
  if (!os || !cpu) return null
  const libc = parts.includes('musl') || parts.includes('musleabihf') ? 'musl' : parts.includes('gnu') || parts.includes('gnueabihf') ? 'glibc' : undefined
  return libc ? { os, cpu, libc } : { os, cpu }
}

let added = 0
for (const [key, entry] of Object.entries(lock.packages)) {
  for (const [dep, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const at = `${key ? `${key}/` : ''}node_modules/${dep}`
    if (lock.packages[at] || lock.packages[`node_modules/${dep}`]) continue
    const p = platformOf(dep)
    if (!p) continue
    lock.packages[`node_modules/${dep}`] = { version, optional: true, os: [p.os], cpu: [p.cpu], ...(p.libc ? { libc: [p.libc] } : {}) }
    added += 1
  }
}
const sorted = Object.fromEntries(Object.entries(lock.packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))))
lock.packages = sorted
writeFileSync(path, `${JSON.stringify(lock, null, 2)}\n`)
console.log(`lockfile: added ${added} optional platform entries`)
