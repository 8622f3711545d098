import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { getAddress, isAddress, keccak256, stringToHex, type Address } from 'viem'
import { publicClientFor, readChainId } from '../chain/clients.ts'
import { auditAnchorAbi } from '../chain/generated/abis.ts'
import { REDACTED_EXPORT_FORMAT } from '../audit/http/export-snapshot.ts'
import type { VerifyReport } from '../audit/verify/report.ts'
import { verifyAuditExport, type AnchorHeadReader, type AnchorReader } from '../audit/verify/verify-export.ts'

export interface AuditVerifyOptions {
  /** JSON-RPC endpoint of the chain the checkpoints are anchored on. */
  rpc?: string
  /** The AuditAnchor address to trust (else the one the export names, with a warning). */
  anchor?: string
  /** C2SP verifier keys to trust (else the export's own, with a warning). */
  keys?: string[]
  /** The chain must not know a larger tree than the export (a final export of a stopped log). */
  expectComplete?: boolean
  /** Print the full report as JSON instead of text. */
  json?: boolean
  log?: (line: string) => void
}

export interface AuditVerifyResult {
  /** 0: everything checked out; 1: a problem was found; 2: the export or the options could not be used. */
  exitCode: 0 | 1 | 2
  report: VerifyReport | null
}

const ZERO_ROOT = `0x${'0'.repeat(64)}`

/** Readers of the roots an AuditAnchor holds, by origin (the log id is keccak256 of it). */
export function auditAnchorReaders(rpcUrl: string, chainId: number, address: Address): { anchorReader: AnchorReader; anchorHeadReader: AnchorHeadReader } {
  const client = publicClientFor(rpcUrl, chainId)
  const rootAt = async (origin: string, treeSize: bigint) => {
    const [root] = await client.readContract({ address, abi: auditAnchorAbi, functionName: 'rootAt', args: [keccak256(stringToHex(origin)), treeSize] })
    return root === ZERO_ROOT ? null : root
  }
  return {
    anchorReader: rootAt,
    anchorHeadReader: async (origin) => {
      const latest = await client.readContract({ address, abi: auditAnchorAbi, functionName: 'latestTreeSize', args: [keccak256(stringToHex(origin))] })
      if (latest === 0n) return null
      return { treeSize: latest, rootHex: (await rootAt(origin, latest)) ?? ZERO_ROOT }
    },
  }
}

/**
 * `custos audit verify <dir> --rpc <url>`: recomputes every hash, the hash
 * chain, the Merkle tree at every checkpoint, the checkpoint signatures and
 * consistency proofs, and compares every checkpoint with the root anchored
 * on-chain. Prints a report naming the first bad entry and returns exit code
 * 1 on any problem.
 *
 * @example
 * const { exitCode } = await auditVerifyCommand('./audit-export', { rpc: 'http://127.0.0.1:8545', anchor: '0x…', keys: [vkey] })
 */
export async function auditVerifyCommand(dir: string, opts: AuditVerifyOptions = {}): Promise<AuditVerifyResult> {
  const log = opts.log ?? ((line: string) => process.stdout.write(`${line}\n`))
  const fail = (message: string): AuditVerifyResult => {
    log(`audit verify: ${message}`)
    return { exitCode: 2, report: null }
  }
  let manifest: { format?: string; anchorContract?: { chainId?: number; address?: string } }
  try {
    manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as typeof manifest
  } catch (err) {
    return fail(`cannot read ${join(dir, 'manifest.json')}: ${(err as Error).message}`)
  }
  if (manifest.format === REDACTED_EXPORT_FORMAT) {
    log(`audit verify: ${dir} is a redacted export (personal data replaced by hashes): it is for reading, and its entries no longer match the hashes that checkpoints and anchors cover.`)
    log('FAILED: verify a full export instead (POST /v1/audit/exports with includePersonalData: true, approved by a second officer).')
    return { exitCode: 1, report: null }
  }

  const warnings: string[] = []
  const problems: string[] = []
  let readers: ReturnType<typeof auditAnchorReaders> | null = null
  let anchorLine = 'not checked (no --rpc)'
  if (opts.rpc) {
    const named = manifest.anchorContract?.address
    const chosen = opts.anchor ?? named
    if (!chosen) return fail('no AuditAnchor address: pass --anchor <address> (the export names none)')
    if (!isAddress(chosen, { strict: false })) return fail(`--anchor ${chosen} is not an address`)
    if (!opts.anchor) warnings.push(`the AuditAnchor address ${chosen} was taken from the export itself: pin it with --anchor`)
    let chainId: number
    try {
      chainId = await readChainId(opts.rpc)
    } catch (err) {
      return fail(`cannot reach ${opts.rpc}: ${(err as Error).message}`)
    }
    const expected = manifest.anchorContract?.chainId
    if (expected !== undefined && expected !== chainId) problems.push(`the export was anchored on chain ${expected}, ${opts.rpc} serves chain ${chainId}`)
    const address = getAddress(chosen)
    readers = auditAnchorReaders(opts.rpc, chainId, address)
    anchorLine = `AuditAnchor ${address} on chain ${chainId}`
  } else {
    warnings.push('anchors were not checked: pass --rpc <url> (and --anchor <address>) to compare every checkpoint with the chain')
  }

  const report = await verifyAuditExport(dir, {
    ...(opts.keys && opts.keys.length > 0 && { trustedKeys: opts.keys }),
    ...(readers && { anchorReader: readers.anchorReader }),
    ...(readers && opts.expectComplete && { anchorHeadReader: readers.anchorHeadReader }),
  })
  const exitCode = report.ok && problems.length === 0 ? 0 : 1
  if (opts.json) {
    log(JSON.stringify({ ...report, cliProblems: problems, cliWarnings: warnings }, null, 2))
    return { exitCode, report }
  }

  const count = (a: string) => report.checkpoints.filter((c) => c.anchor === a).length
  log(`audit verify: ${dir}`)
  log(`  log          ${report.origin ?? '(unnamed)'}`)
  log(`  entries      ${report.entries} (tree head ${report.rootHash}, chain head ${report.headHash})`)
  log(`  checkpoints  ${report.checkpoints.length}, ${report.checkpoints.filter((c) => c.valid).length} valid; ${report.uncheckpointedEntries} entries after the last one`)
  log(`  anchors      ${anchorLine}${readers ? `: ${count('match')} match, ${count('absent')} not anchored, ${count('mismatch')} mismatch, ${count('error')} unreadable` : ''}`)
  log(`  log key      ${report.keysFromExport ? 'taken from the export itself (pin it with --key)' : `pinned (${opts.keys!.length})`}`)
  for (const w of [...warnings, ...report.warnings]) log(`  warning: ${w}`)
  if (exitCode === 0) {
    log(`OK: ${report.entries} entries and ${report.checkpoints.length} checkpoints verified in ${report.durationMs} ms`)
    return { exitCode, report }
  }
  log(`FAILED: ${report.problemCount + problems.length} problem(s)`)
  if (report.firstBadEntry) log(`  first bad entry: seq ${report.firstBadEntry.seq} (${report.firstBadEntry.code}) ${report.firstBadEntry.message}`)
  if (report.firstBadCheckpoint) log(`  first bad checkpoint: ${report.firstBadCheckpoint.message} (${report.firstBadCheckpoint.code})`)
  for (const p of problems) log(`  - ${p}`)
  for (const p of report.problems.slice(0, 20)) log(`  - ${p.code}: ${p.message}`)
  if (report.problems.length > 20) log(`  … ${report.problemCount - 20} more (use --json)`)
  return { exitCode, report }
}
