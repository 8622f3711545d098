import { describe, expect, it } from 'vitest'
import { readFileSync, readdirSync, statSync } from 'node:fs'
import { join, relative, resolve, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'

const SRC = fileURLToPath(new URL('.', import.meta.url))

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f)
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : []
  })
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8')
  const specs = [...text.matchAll(/(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1] ?? m[2]!)
  return specs.filter((s) => s.startsWith('.')).map((s) => relative(SRC, resolve(dirname(file), s)))
}

/** Trust zones: custody and platform meet only through the CustodyProvider API. */
const RULES: { zone: string; mayNotImport: string[] }[] = [
  { zone: 'custody', mayNotImport: ['platform'] },
  { zone: 'platform', mayNotImport: ['custody'] },
  { zone: 'shared', mayNotImport: ['custody', 'platform'] },
  { zone: 'chain', mayNotImport: ['custody', 'platform'] },
  { zone: 'audit', mayNotImport: ['custody', 'platform'] },
]

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
  it.each(RULES)('$zone does not import $mayNotImport', ({ zone, mayNotImport }) => {
    let files: string[] = []
    try {
      files = sources(join(SRC, zone))
    } catch {
      return
    }
    const violations = files.flatMap((f) =>
      importsOf(f)
        .filter((target) => mayNotImport.some((z) => target === z || target.startsWith(`${z}/`)))
        .map((target) => `${relative(SRC, f)} → ${target}`),
    )
    expect(violations).toEqual([])
  })
})
