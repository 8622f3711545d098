import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'

/**
 * Runs the benchmarks one after another (`npm run bench`), or the ones named:
 * `npm run bench -- policy batch-mint`. Each prints its own table of ratios
 * against a baseline measured in the same process and chain; see each
 * bench's header comment for its arguments (run it alone to pass them).
 */
const ALL = ['policy', 'custody-pipeline', 'batch-mint', 'audit', 'compliance-gas', 'distributions', 'startup'] as const
const wanted = process.argv.slice(2)
const unknown = wanted.filter((w) => !(ALL as readonly string[]).includes(w))
if (unknown.length > 0) {
  process.stderr.write(`unknown bench ${unknown.join(', ')}; choose from ${ALL.join(', ')}\n`)
  process.exit(2)
}
let failed = 0
for (const name of wanted.length > 0 ? wanted : ALL) {
  process.stdout.write(`\n=== bench/${name} ===\n`)
  const r = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(new URL(`./${name}/run.ts`, import.meta.url))], { stdio: 'inherit' })
  if (r.status !== 0) {
    failed += 1
    process.stdout.write(`bench/${name} exited ${r.status ?? r.signal}\n`)
  }
}
process.exit(failed > 0 ? 1 : 0)
