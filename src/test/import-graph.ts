import { readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'

/** One import of a source file: a file under the root (`file`) or a package (`pkg`). */
export interface ImportEdge {
  /** Repository-style path under the root (`platform/modules/tokens/public.ts`), for a relative import. */
  file?: string
  /** The package specifier (`viem/accounts`, `node:crypto`), for a bare import. */
  pkg?: string
  /** `import type` / `export type`: erased when the code runs. */
  typeOnly: boolean
}

/** Every `.ts` file of a source tree and what each imports. Paths are relative to the root, with `/`. */
export interface ImportGraph {
  root: string
  files: string[]
  importsOf(file: string): ImportEdge[]
  /** Every file and package reachable from `file` through imports that load code (type-only imports are not followed). */
  reachableFrom(file: string): { files: Set<string>; packages: Set<string> }
}

const IMPORT = /(?:^|\n)\s*(import|export)\s+(type\s+)?(?:(?:\*(?:\s+as\s+\w+)?|\{[^}]*\}|\w+(?:\s*,\s*(?:\{[^}]*\}|\*\s+as\s+\w+))?)\s+from\s+)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g

function sourcesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f)
    if (statSync(p).isDirectory()) return f === 'generated' || f === 'node_modules' ? [] : sourcesUnder(p)
    return p.endsWith('.ts') ? [p] : []
  })
}

/**
 * Reads the imports of every TypeScript file under `root` (as text: static
 * and dynamic imports, re-exports). Good enough for layering rules; it does
 * not evaluate anything.
 *
 * @example
 * const graph = readImportGraph(fileURLToPath(new URL('.', import.meta.url)))
 * graph.reachableFrom('platform/main.ts').packages.has('viem/accounts') // false
 */
export function readImportGraph(root: string): ImportGraph {
  const abs = sourcesUnder(root)
  const files = abs.map((f) => relative(root, f).split('\\').join('/'))
  const edges = new Map<string, ImportEdge[]>()
  for (const [i, file] of files.entries()) {
    const text = readFileSync(abs[i]!, 'utf8')
    const out: ImportEdge[] = []
    for (const m of text.matchAll(IMPORT)) {
      const spec = m[3] ?? m[4]!
      const typeOnly = m[2] !== undefined
      if (spec.startsWith('.')) out.push({ file: relative(root, resolve(dirname(abs[i]!), spec)).split('\\').join('/'), typeOnly })
      else out.push({ pkg: spec, typeOnly })
    }
    edges.set(file, out)
  }
  return {
    root,
    files,
    importsOf: (file) => edges.get(file) ?? [],
    reachableFrom(start) {
      const seen = new Set<string>([start])
      const packages = new Set<string>()
      const todo = [start]
      while (todo.length > 0) {
        for (const e of edges.get(todo.pop()!) ?? []) {
          if (e.typeOnly) continue
          if (e.pkg) packages.add(e.pkg)
          else if (e.file && !seen.has(e.file)) {
            seen.add(e.file)
            todo.push(e.file)
          }
        }
      }
      return { files: seen, packages }
    },
  }
}

/** The cycles of a directed graph given as adjacency sets (each cycle once, as the path that closes it). */
export function findCycles(edges: ReadonlyMap<string, ReadonlySet<string>>): string[][] {
  const cycles: string[][] = []
  const state = new Map<string, 'open' | 'done'>()
  const stack: string[] = []
  const visit = (n: string) => {
    state.set(n, 'open')
    stack.push(n)
    for (const t of edges.get(n) ?? []) {
      if (state.get(t) === 'open') cycles.push([...stack.slice(stack.indexOf(t)), t])
      else if (!state.has(t)) visit(t)
    }
    stack.pop()
    state.set(n, 'done')
  }
  for (const n of [...edges.keys()].sort()) if (!state.has(n)) visit(n)
  return cycles
}
