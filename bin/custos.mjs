#!/usr/bin/env node
// Entry point of the `custos` command. Runs the JavaScript that `npm install`
// builds into dist/ (no TypeScript loader at run time). Builds first when the
// build is missing or older than the sources: an install with --ignore-scripts,
// or a checkout whose src/ was edited since.
import { existsSync, readdirSync, statSync } from 'node:fs'
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const marker = (p) => {
  try {
    return statSync(new URL(p, import.meta.url)).mtimeMs
  } catch {
    return 0
  }
}
function newestSource(dir) {
  let newest = 0
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = `${dir}/${e.name}`
    if (e.isDirectory()) newest = Math.max(newest, newestSource(p))
    else if (!e.name.endsWith('.test.ts') && !e.name.endsWith('.md')) newest = Math.max(newest, statSync(p).mtimeMs)
  }
  return newest
}
function step(script) {
  // Build output goes to stderr: stdout is the command's own (`custos call` prints JSON there).
  const r = spawnSync(process.execPath, ['--import', 'tsx', script], { cwd: root, stdio: ['ignore', 2, 2] })
  if (r.status !== 0) process.exit(r.status ?? 1)
}

if (!existsSync(new URL('../src/chain/generated/abis.ts', import.meta.url)) || !marker('../build/contracts/.built')) step('scripts/build-contracts.ts')
const built = marker('../dist/.built')
if (!built || (existsSync(new URL('../src', import.meta.url)) && newestSource(`${root}src`) > built)) {
  process.stderr.write(`custos: ${built ? 'src/ changed since the last build' : 'no build yet'}; building dist/ …\n`)
  step('scripts/build-services.ts')
}
await import('../dist/cli/main.js')
