import { describe, expect, it } from 'vitest'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { findCycles, readImportGraph } from './test/import-graph.ts'

const SRC = fileURLToPath(new URL('.', import.meta.url))
const graph = readImportGraph(SRC)

const isTest = (f: string) => f.endsWith('.test.ts') || f.startsWith('test/')
const zoneOf = (f: string) => f.split('/')[0]!
const sources = (zone: string) => graph.files.filter((f) => zoneOf(f) === zone && !isTest(f))

/** Trust zones: custody and platform meet only through the CustodyProvider API (custody's signed REST API). */
const ZONES: { zone: string; mayNotReach: string[] }[] = [
  { zone: 'custody', mayNotReach: ['platform'] },
  { zone: 'platform', mayNotReach: ['custody'] },
  { zone: 'shared', mayNotReach: ['custody', 'platform'] },
  { zone: 'chain', mayNotReach: ['custody', 'platform'] },
  { zone: 'audit', mayNotReach: ['custody', 'platform'] },
  // What users take to call the APIs: it knows the services only through their generated OpenAPI types.
  { zone: 'client', mayNotReach: ['custody', 'platform'] },
]

/**
 * Packages that sign with keys. The platform never signs a chain transaction
 * (custody does), so nothing it runs may load them. Its audit log's Ed25519
 * checkpoint signature uses node:crypto and is not chain signing.
 */
const SIGNING_PACKAGES = ['@noble/curves', 'tiny-secp256k1', 'pkcs11js', 'viem/accounts', '@scure/bip32', '@scure/bip39']

const MODULES = 'platform/modules/'
const moduleOf = (f: string) => (f.startsWith(MODULES) ? f.slice(MODULES.length).split('/')[0]! : null)
const fileInModule = (f: string) => f.slice(MODULES.length).split('/').slice(1).join('/')
/** A module's doors: its queries (`read-*.ts`) and its commands and shared types (`public.ts`). */
const isDoor = (fileWithinModule: string) => fileWithinModule === 'public.ts' || /^read-[a-z0-9-]+\.ts$/.test(fileWithinModule)
/** The consoles: each zone's pages reach only its own service and the shared pieces, never server code. */
const WEB = fileURLToPath(new URL('../web/', import.meta.url))
const WEB_RULES: { zone: string; mayNotImport: string[] }[] = [
  { zone: 'custody', mayNotImport: ['platform', '../src'] },
  { zone: 'platform', mayNotImport: ['custody', '../src'] },
  { zone: 'shared', mayNotImport: ['custody', 'platform', '../src'] },
]

function webSources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f)
    return statSync(p).isDirectory() ? webSources(p) : /\.tsx?$/.test(p) ? [p] : []
  })
}

describe('console boundaries', () => {
  it.each(WEB_RULES)('web/$zone does not import $mayNotImport', ({ zone, mayNotImport }) => {
    const violations = webSources(join(WEB, zone)).flatMap((f) => {
      const text = readFileSync(f, 'utf8')
      const specs = [...text.matchAll(/(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|import\s+['"]([^'"]+)['"]/g)].map((m) => m[1] ?? m[2] ?? m[3]!)
      return specs
        .filter((s) => s.startsWith('.'))
        .map((s) => relative(WEB, resolve(dirname(f), s)))
        .filter((target) => mayNotImport.some((z) => target === z || target.startsWith(`${z}/`) || target.startsWith(z)))
        .map((target) => `web/${relative(WEB, f)} → ${target}`)
    })
    expect(violations).toEqual([])
  })
})

describe('architecture boundaries', () => {
  it.each(ZONES)('$zone does not reach $mayNotReach, even through other files', ({ zone, mayNotReach }) => {
    const violations = sources(zone).flatMap((f) =>
      [...graph.reachableFrom(f).files].filter((t) => mayNotReach.includes(zoneOf(t))).map((t) => `${f} → … → ${t}`),
    )
    // A zone's tests may start the other service through src/test, never import its files themselves.
    const fromTests = graph.files
      .filter((f) => zoneOf(f) === zone && isTest(f))
      .flatMap((f) => graph.importsOf(f).filter((e) => e.file && mayNotReach.includes(zoneOf(e.file))).map((e) => `${f} → ${e.file}`))
    expect([...violations.slice(0, 20), ...fromTests]).toEqual([])
  })

  it('the platform never loads a signing library, even through shared code', () => {
    const violations = sources('platform').flatMap((f) =>
      [...graph.reachableFrom(f).packages].filter((p) => SIGNING_PACKAGES.some((s) => p === s || p.startsWith(`${s}/`))).map((p) => `${f} → … → ${p}`),
    )
    expect(violations).toEqual([])
  })

  it('outside a platform module, only its read-*.ts files and its public.ts are imported (db/schema.ts may name its tables)', () => {
    const violations = graph.files.flatMap((f) =>
      graph.importsOf(f).flatMap((e) => {
        const target = e.file
        const to = target && moduleOf(target)
        if (!target || !to || moduleOf(f) === to) return []
        if (isDoor(fileInModule(target))) return []
        if (f === 'platform/db/schema.ts' && fileInModule(target) === 'tables.ts') return []
        return [`${f} → ${target}`]
      }),
    )
    expect(violations).toEqual([])
  })

  it('the platform modules depend on each other without a cycle', () => {
    const deps = new Map<string, Set<string>>()
    for (const f of graph.files.filter((x) => moduleOf(x) && !isTest(x))) {
      const from = moduleOf(f)!
      for (const e of graph.importsOf(f)) {
        const to = e.file && moduleOf(e.file)
        if (to && to !== from) deps.set(from, (deps.get(from) ?? new Set()).add(to))
      }
    }
    expect(findCycles(deps).map((c) => c.join(' → '))).toEqual([])
  })

  it('no import cycle between platform files', () => {
    const edges = new Map<string, Set<string>>()
    for (const f of sources('platform')) edges.set(f, new Set(graph.importsOf(f).filter((e) => e.file && !e.typeOnly && zoneOf(e.file) === 'platform').map((e) => e.file!)))
    expect(findCycles(edges).map((c) => c.join(' → '))).toEqual([])
  })

  it('no import cycle between custody files, and the custody context on none even through types', () => {
    const edges = (typesToo: boolean) => {
      const out = new Map<string, Set<string>>()
      for (const f of sources('custody')) out.set(f, new Set(graph.importsOf(f).filter((e) => e.file && (typesToo || !e.typeOnly) && zoneOf(e.file) === 'custody').map((e) => e.file!)))
      return out
    }
    expect(findCycles(edges(false)).map((c) => c.join(' → '))).toEqual([])
    // Every custody file takes the context: what it imports must not lead back to them.
    expect(graph.importsOf('custody/context.ts').filter((e) => !e.typeOnly)).toEqual([])
    expect(findCycles(edges(true)).filter((c) => c.includes('custody/context.ts')).map((c) => c.join(' → '))).toEqual([])
  })

  it('the workflow engine and the platform helpers (chain/, http/) import no module', () => {
    const helpers = graph.files.filter((f) => /^platform\/(engine|chain|http)\//.test(f) && !isTest(f))
    const violations = helpers.flatMap((f) => graph.importsOf(f).filter((e) => e.file && moduleOf(e.file)).map((e) => `${f} → ${e.file}`))
    expect(violations).toEqual([])
  })

  it('a platform table is read and written only by the module that declares it in its tables.ts', () => {
    const owner = tableOwners()
    const violations = sources('platform')
      .filter((f) => !f.startsWith('platform/db/'))
      .flatMap((f) => {
        const mine = moduleOf(f) ?? (f.startsWith('platform/engine/') ? 'engine' : 'platform')
        const allowed = new Set(CROSS_MODULE_READS[f] ?? [])
        return tablesUsedIn(readFileSync(join(SRC, f), 'utf8'), owner)
          .filter((t) => owner.get(t) !== mine && !allowed.has(t))
          .map((t) => `${f} uses ${t} (a table of ${owner.get(t)})`)
      })
    expect(violations).toEqual([])
  })
})

/**
 * Read-only joins across modules, kept on purpose: reconciliation compares the
 * platform's operations with the indexed chain, and doing that through
 * readers would load every operation and event on each run. They never write.
 */
const CROSS_MODULE_READS: Record<string, string[]> = {
  'platform/modules/reconciliation/check-operations.ts': ['token_operations', 'indexer_sources', 'investors'],
  'platform/modules/reconciliation/check-transfers.ts': ['indexer_events', 'token_operations'],
}

/** Each table's module, from the `…Tables` interface of every module's tables.ts (and the engine's). */
function tableOwners(): Map<string, string> {
  const owner = new Map<string, string>()
  for (const f of graph.files.filter((x) => /^platform\/(modules\/[a-z0-9-]+|engine)\/tables\.ts$/.test(x))) {
    const text = readFileSync(join(SRC, f), 'utf8')
    const body = /export interface \w+Tables \{([^}]*)\}/.exec(text)?.[1] ?? ''
    for (const m of body.matchAll(/^\s*(\w+):/gm)) owner.set(m[1]!, moduleOf(f) ?? 'engine')
  }
  return owner
}

/** Tables a file names in the query builder or in raw SQL (comments are left out). */
function tablesUsedIn(text: string, owner: ReadonlyMap<string, string>): string[] {
  const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '')
  const used = new Set<string>()
  for (const m of code.matchAll(/\b(?:selectFrom|updateTable|insertInto|deleteFrom|innerJoin|leftJoin|rightJoin)\(\s*'(\w+)/g)) used.add(m[1]!)
  for (const m of code.matchAll(/\b(?:from|join|update|into)\s+(\w+)/g)) if (owner.has(m[1]!)) used.add(m[1]!)
  return [...used].filter((t) => owner.has(t)).sort()
}
