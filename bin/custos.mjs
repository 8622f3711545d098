#!/usr/bin/env node
// Entry point of the `custos` command. Runs the TypeScript sources through tsx;
// builds the contracts first if `npm install` has not (e.g. --ignore-scripts).
import { existsSync } from 'node:fs'
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { register } from 'tsx/esm/api'

const root = fileURLToPath(new URL('..', import.meta.url))
if (!existsSync(new URL('../src/chain/generated/abis.ts', import.meta.url)) || !existsSync(new URL('../build/contracts/.built', import.meta.url))) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/build-contracts.ts'], { cwd: root, stdio: 'inherit' })
  if (r.status !== 0) process.exit(r.status ?? 1)
}
register()
await import('../src/cli/main.ts')
