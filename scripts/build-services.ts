// Builds the services and the CLI from src/ into dist/ as plain JavaScript, one
// file per source file, so production runs node on JavaScript (no TypeScript
// loader at run time). Run by `npm install` (prepare) and `npm run build`.
// dist/ mirrors src/ at the same depth, so paths a module resolves from its own
// location (package.json, build/contracts, build/console) hold in both.
import { build, type Plugin } from 'esbuild'
import { cpSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const SRC = join(ROOT, 'src')
const OUT = join(ROOT, 'dist')
/** Written last; `bin/custos.mjs` compares it with the sources to spot a stale build. */
export const BUILT_MARKER = join(OUT, '.built')

const isShipped = (rel: string) => !rel.startsWith('test/') && !rel.endsWith('.test.ts') && !rel.endsWith('.md')

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name)
    if (statSync(p).isDirectory()) walk(p, out)
    else out.push(p)
  }
  return out
}

/** Every relative import stays a separate file: only its extension changes. */
const keepModules: Plugin = {
  name: 'keep-modules',
  setup(b) {
    b.onResolve({ filter: /^\.\.?\// }, (args) => (args.kind === 'entry-point' ? undefined : { path: args.path.replace(/\.ts$/, '.js'), external: true }))
  },
}

export async function buildServices(): Promise<{ files: number; ms: number }> {
  const started = Date.now()
  const files = walk(SRC).filter((f) => isShipped(relative(SRC, f)))
  rmSync(OUT, { recursive: true, force: true })
  mkdirSync(OUT, { recursive: true })
  const entryPoints = files.filter((f) => f.endsWith('.ts'))
  await build({
    entryPoints,
    outdir: OUT,
    outbase: SRC,
    bundle: true,
    packages: 'external',
    plugins: [keepModules],
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: 'linked',
    logLevel: 'warning',
  })
  // Data files read at run time (the default policy, the sanctions sample).
  for (const f of files.filter((f) => !f.endsWith('.ts'))) cpSync(f, join(OUT, relative(SRC, f)))
  writeFileSync(BUILT_MARKER, new Date().toISOString() + '\n')
  return { files: entryPoints.length, ms: Date.now() - started }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { files, ms } = await buildServices()
  process.stdout.write(`services: ${files} modules built into dist/ (${ms} ms)\n`)
}
