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
