// Screening speed: one name against a list the size of OFAC's SDN list.
// Run: node --import tsx src/platform/kyc/name-match.bench.ts [entries]
import { performance } from 'node:perf_hooks'
import { NameIndex } from './name-match.ts'
import { syntheticNames } from './synthetic-names.ts'

const entries = Number(process.argv[2] ?? 20_000)
const primary = syntheticNames(entries, 7)
// About one alias per entry, as in the real list (~18k entries, ~20k aliases).
const aliases = syntheticNames(entries, 8)
const t0 = performance.now()
const index = new NameIndex([
  ...primary.map((name, i) => ({ name, ref: i })),
  ...aliases.map((name, i) => ({ name, ref: i })),
])
const buildMs = performance.now() - t0

const queries = [
  ...syntheticNames(200, 99), // mostly unrelated names
  ...primary.slice(0, 100).map((n) => n.replace(/a/g, 'o')), // misspelt list names
  'John Smith',
  'Maria Fernanda Garcia',
]
const times: number[] = []
let hits = 0
// CPU time, not wall time: a busy machine should not move the figures.
const cpuMs = () => {
  const u = process.cpuUsage()
  return (u.user + u.system) / 1000
}
for (const q of queries) index.search(q, 0.85) // warm-up: JIT
for (const q of queries) {
  const s = cpuMs()
  hits += index.search(q, 0.85).length
  times.push(cpuMs() - s)
}
times.sort((a, b) => a - b)
const pct = (p: number) => times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))]!.toFixed(2)
console.log(`names indexed: ${index.size} (${entries} entries + aliases), build ${buildMs.toFixed(0)} ms`)
console.log(`search over ${queries.length} queries: p50 ${pct(50)} ms, p95 ${pct(95)} ms, max ${pct(100)} ms, hits ${hits}`)
