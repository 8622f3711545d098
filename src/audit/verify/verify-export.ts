import { readFile } from 'node:fs/promises'
import { availableParallelism } from 'node:os'
import { join } from 'node:path'
import { CustosError } from '../../shared/errors.ts'
import { GENESIS_HASH, HASH_SIZE } from '../hashing.ts'
import { Findings } from './findings.ts'
import { openCheckpoint, parseVerifierKey, type CheckpointNote, type VerifierKey } from './note.ts'
import type { AnchorStatus, CheckpointResult, Problem, ProblemCode, VerifyReport } from './report.ts'
import { openSegmentScanner } from './scan-segments.ts'
import { MerkleFrontier, verifyConsistency } from './tree.ts'

/** Reads the root anchored on-chain for a log at a tree size (hex, 0x optional), or null if none. */
export type AnchorReader = (logId: string, treeSize: bigint) => Promise<string | null>
/** Reads the largest anchored tree for a log, to detect an export cut short. */
export type AnchorHeadReader = (logId: string) => Promise<{ treeSize: bigint; rootHex: string } | null>

export interface VerifyAuditExportOptions {
  /**
   * C2SP verifier keys to trust. Without them the keys listed in the export
   * are used, which proves only self-consistency: pin the log's key.
   */
  trustedKeys?: string[]
  /** The log id the checkpoints must carry; defaults to the manifest's origin. */
  origin?: string
  anchorReader?: AnchorReader
  anchorHeadReader?: AnchorHeadReader
  /** Problems kept in the report (all are counted). Default 1000. */
  maxProblems?: number
  /** Worker threads scanning segments; 0 scans on the calling thread. Default: up to 2 for 4+ segments. */
  workers?: number
}

const FORMAT = 'custos-audit-export/1'
const SEGMENT_FILE = /^segments\/[0-9a-f]{64}\.ndjson$/

interface ManifestShape {
  format: string
  origin: string | null
  keys: string[]
  treeSize: number
  rootHash: string
  headHash: string
  segments: { file: string; sha256: string; firstSeq: number; count: number }[]
  checkpoints: {
    treeSize: number
    rootHash: string
    checkpoint: string
    anchor: { status: string | null; txId: string | null; txHash: string | null; block: string | null } | null
    consistencyFromPrevious: string[]
  }[]
}

function readManifest(text: string): ManifestShape | string {
  let m: ManifestShape
  try {
    m = JSON.parse(text) as ManifestShape
  } catch (err) {
    return `manifest.json is not JSON: ${(err as Error).message}`
  }
  if (m === null || typeof m !== 'object') return 'manifest.json is not an object'
  if (m.format !== FORMAT) return `manifest format is ${JSON.stringify(m.format)}, this verifier reads ${FORMAT}`
  if (!Array.isArray(m.segments) || !Array.isArray(m.checkpoints) || !Array.isArray(m.keys)) return 'manifest lacks segments, checkpoints or keys'
  if (!Number.isSafeInteger(m.treeSize) || m.treeSize < 0) return 'manifest treeSize is not a count'
  for (const s of m.segments) {
    if (typeof s?.file !== 'string' || typeof s.sha256 !== 'string' || !Number.isSafeInteger(s.firstSeq) || !Number.isSafeInteger(s.count)) return 'a manifest segment is malformed'
    // Never read outside the export folder, whatever the manifest says.
    if (!SEGMENT_FILE.test(s.file)) return `segment file name ${JSON.stringify(s.file)} is not segments/<64 hex>.ndjson`
  }
  for (const c of m.checkpoints) {
    if (typeof c?.checkpoint !== 'string' || !Array.isArray(c.consistencyFromPrevious)) return 'a manifest checkpoint is malformed'
  }
  return m
}

function normaliseHex(h: string): string {
  return (h.startsWith('0x') || h.startsWith('0X') ? h.slice(2) : h).toLowerCase()
}

/**
 * Verifies an audit export folder offline, with nothing but the folder and
 * (optionally) a reader of on-chain anchors: segment content hashes, every
 * entry's canonical form, seq and chain links, the Merkle tree head at every
 * checkpoint, checkpoint signatures, consistency proofs between consecutive
 * checkpoints, and anchored roots. Never throws for a bad export: the report
 * says what is wrong and where first; throws only if `dir` cannot be read.
 *
 * @example
 * const report = await verifyAuditExport('./audit-export', { trustedKeys: [vkey], anchorReader })
 * if (!report.ok) console.log(report.firstBadEntry ?? report.firstBadCheckpoint)
 */
export async function verifyAuditExport(dir: string, opts: VerifyAuditExportOptions = {}): Promise<VerifyReport> {
  const started = performance.now()
  const findings = new Findings(opts.maxProblems ?? 1000)
  const warnings: string[] = []
  const dueAt = new Map<number, number[]>()
  const notes: (CheckpointNote | null)[] = []
  const checkpoints: CheckpointResult[] = []
  const frontier = new MerkleFrontier()
  let lastEntryHex = GENESIS_HASH.toString('hex')
  let threads = 0

  const finish = (origin: string | null, uncheckpointed: number, keysFromExport: boolean): VerifyReport => ({
    ok: findings.count === 0,
    origin,
    entries: frontier.size,
    rootHash: Buffer.from(frontier.root()).toString('hex'),
    headHash: lastEntryHex,
    firstBadEntry: findings.firstEntry,
    firstBadCheckpoint: findings.firstCheckpoint,
    checkpoints,
    problems: findings.problems,
    problemCount: findings.count,
    keysFromExport,
    uncheckpointedEntries: uncheckpointed,
    warnings,
    threads,
    durationMs: Math.round(performance.now() - started),
  })

  let manifestText: string
  try {
    manifestText = await readFile(join(dir, 'manifest.json'), 'utf8')
  } catch (err) {
    throw new CustosError('AUDIT_EXPORT_UNREADABLE', `cannot read ${join(dir, 'manifest.json')}: ${(err as Error).message}`, { status: 400, cause: err })
  }
  const manifest = readManifest(manifestText)
  if (typeof manifest === 'string') {
    findings.add({ code: 'MANIFEST_INVALID', message: manifest })
    return finish(null, 0, false)
  }

  // Keys: the caller's, or else the export's own (self-consistency only).
  const keysFromExport = !opts.trustedKeys
  if (keysFromExport) warnings.push('no trusted keys given: checkpoint signatures were checked against the keys in the export itself')
  const keys: VerifierKey[] = []
  for (const vkey of opts.trustedKeys ?? manifest.keys) {
    const k = parseVerifierKey(vkey)
    if (typeof k === 'string') findings.add({ code: 'KEY_INVALID', message: `verifier key ${JSON.stringify(vkey)}: ${k}` })
    else keys.push(k)
  }
  const origin = opts.origin ?? manifest.origin

  // Checkpoints: parse and check signatures up front; roots are checked while streaming.
  let previousSize = -1
  manifest.checkpoints.forEach((c, index) => {
    const cpProblem = (code: ProblemCode, message: string, treeSize: number | null, extra: Partial<Problem> = {}) =>
      findings.add({ code, message: `checkpoint #${index}${treeSize === null ? '' : ` (tree size ${treeSize})`}: ${message}`, checkpoint: { index, treeSize }, ...extra })
    const opened = openCheckpoint(c.checkpoint, keys)
    if ('code' in opened) {
      cpProblem(opened.code, opened.message, null)
      notes.push(null)
      checkpoints.push({ index, treeSize: null, rootHash: null, valid: false, anchor: 'unchecked' })
      return
    }
    const { note, signature } = opened
    let valid = true
    if (!signature.ok) {
      cpProblem(signature.code, signature.message, note.treeSize)
      valid = false
    }
    if (origin !== null && note.origin !== origin) {
      cpProblem('CHECKPOINT_ORIGIN_MISMATCH', `signed for log ${JSON.stringify(note.origin)}, expected ${JSON.stringify(origin)}`, note.treeSize)
      valid = false
    }
    if (note.treeSize !== c.treeSize || note.rootHash.toString('hex') !== c.rootHash) {
      cpProblem('CHECKPOINT_MANIFEST_MISMATCH', 'the manifest lists a different size or root than the signed text', note.treeSize)
      valid = false
    }
    if (note.treeSize <= previousSize) {
      cpProblem('CHECKPOINT_ORDER', `tree size ${note.treeSize} does not grow past the previous checkpoint's ${previousSize}`, note.treeSize)
      valid = false
    }
    previousSize = Math.max(previousSize, note.treeSize)
    notes.push(note)
    checkpoints.push({ index, treeSize: note.treeSize, rootHash: note.rootHash.toString('hex'), valid, anchor: 'unchecked' })
    dueAt.set(note.treeSize, [...(dueAt.get(note.treeSize) ?? []), index])
  })

  // Consistency proofs between consecutive checkpoints, from the signed roots alone.
  for (let i = 1; i < notes.length; i++) {
    const prev = notes[i - 1]
    const cur = notes[i]
    if (!prev || !cur || cur.treeSize < prev.treeSize) continue
    const proof = manifest.checkpoints[i]!.consistencyFromPrevious.map((h) => Buffer.from(String(h), 'hex'))
    if (!verifyConsistency(prev.treeSize, cur.treeSize, prev.rootHash, cur.rootHash, proof)) {
      findings.add({
        code: 'CHECKPOINT_CONSISTENCY_INVALID',
        message: `checkpoint #${i} (tree size ${cur.treeSize}): no valid consistency proof from checkpoint #${i - 1} (tree size ${prev.treeSize})`,
        checkpoint: { index: i, treeSize: cur.treeSize },
      })
      checkpoints[i]!.valid = false
    }
  }

  // Stream the entries: segments are scanned (in parallel where possible),
  // then joined here in order: links across segments, the Merkle tree, and
  // every checkpoint's root at its size.
  let expectedSeq = 0
  let lastCheckpointSize = 0
  const checkRootsAt = (size: number) => {
    const due = dueAt.get(size)
    if (!due) return
    const root = Buffer.from(frontier.root())
    for (const index of due) {
      if (root.equals(notes[index]!.rootHash)) continue
      findings.add({
        code: 'CHECKPOINT_ROOT_MISMATCH',
        message: `checkpoint #${index} (tree size ${size}): the signed root differs from the root of the exported entries; an entry in [${lastCheckpointSize}, ${size}) was changed, added or removed`,
        checkpoint: { index, treeSize: size },
        suspectRange: [lastCheckpointSize, size],
      })
      checkpoints[index]!.valid = false
    }
    lastCheckpointSize = size
  }
  const segments = manifest.segments
  const workers = opts.workers ?? (segments.length >= 4 ? Math.min(2, availableParallelism()) : 0)
  const scanner = await openSegmentScanner(
    segments.map((s) => join(dir, s.file)),
    workers,
  )
  threads = scanner.threads
  let si = 0
  for await (const scan of scanner.scans) {
    const seg = segments[si++]!
    const base = frontier.size
    // A segment problem names no entry unless its entries are lost: the line checks find the bad ones.
    const segProblem = (code: ProblemCode, message: string, lost = false) =>
      findings.add({ code, message: `segment ${seg.file}: ${message}`, segment: seg.file, ...(lost && { seq: seg.firstSeq }) })
    const entryProblem = (at: number, code: ProblemCode, message: string) =>
      findings.add({ code, message: `entry ${base + at}: ${message}`, seq: base + at, segment: seg.file })
    if (scan === null) {
      segProblem('SEGMENT_MISSING', `missing or unreadable; entries from seq ${seg.firstSeq} cannot be checked`, true)
      continue
    }
    if (scan.digest !== seg.sha256 || seg.file !== `segments/${seg.sha256}.ndjson`) segProblem('SEGMENT_HASH_MISMATCH', `content hash is ${scan.digest}, the manifest names ${seg.sha256}`)
    if (seg.firstSeq !== base) segProblem('SEGMENT_RANGE_MISMATCH', `starts at seq ${seg.firstSeq}, but ${base} entries precede it`)
    if (scan.lines !== seg.count) segProblem('SEGMENT_RANGE_MISMATCH', `holds ${scan.lines} entries, the manifest says ${seg.count}`)

    // Joins with what came before, then the segment's own findings.
    if (scan.firstSeq && scan.firstSeq.seq !== expectedSeq + scan.firstSeq.at) {
      entryProblem(scan.firstSeq.at, 'ENTRY_SEQ_MISMATCH', `expected seq ${expectedSeq + scan.firstSeq.at}, found ${scan.firstSeq.seq}: an entry was removed, inserted or moved here`)
    }
    if (scan.firstPrevHex !== null && scan.firstPrevHex !== lastEntryHex) {
      entryProblem(0, 'ENTRY_PREV_HASH_MISMATCH', `prevHash is not the previous entry's entryHash${base === 0 ? ' (32 zero bytes before the first)' : ''}`)
    }
    for (const p of scan.problems) entryProblem(p.at, p.code, p.message)
    const count = scan.leaves.length / HASH_SIZE
    expectedSeq = scan.nextSeq ?? expectedSeq + count
    if (scan.lastEntryHex !== null) lastEntryHex = scan.lastEntryHex
    for (let i = 0; i < count; i++) {
      frontier.push(scan.leaves.subarray(i * HASH_SIZE, (i + 1) * HASH_SIZE))
      checkRootsAt(frontier.size)
    }
  }

  // Totals: a shortened log shows as missing entries or checkpoints beyond its end.
  const entries = frontier.size
  if (entries < manifest.treeSize) {
    findings.add({ code: 'LOG_TRUNCATED', message: `the manifest lists ${manifest.treeSize} entries, the segments hold ${entries}`, seq: entries })
  }
  notes.forEach((note, index) => {
    if (note && note.treeSize > entries) {
      findings.add({
        code: 'CHECKPOINT_BEYOND_LOG',
        message: `checkpoint #${index} (tree size ${note.treeSize}) covers entries the export does not hold (it ends at ${entries}): the log was truncated`,
        checkpoint: { index, treeSize: note.treeSize },
        seq: entries,
      })
      checkpoints[index]!.valid = false
    }
  })
  if (entries === manifest.treeSize && (Buffer.from(frontier.root()).toString('hex') !== manifest.rootHash || lastEntryHex !== manifest.headHash)) {
    findings.add({ code: 'HEAD_MISMATCH', message: "the manifest's rootHash or headHash is not that of the exported entries" })
  }

  // Anchors: each signed root the chain knows must be the same.
  if (opts.anchorReader && origin !== null) {
    for (const cp of checkpoints) {
      const note = notes[cp.index]
      if (!note) continue
      cp.anchor = await readAnchor(opts.anchorReader, origin, note, cp.index, manifest.checkpoints[cp.index]!.anchor, findings)
      if (cp.anchor === 'mismatch' || cp.anchor === 'error') cp.valid = false
    }
    const absent = checkpoints.filter((c) => c.anchor === 'absent').length
    if (absent > 0) warnings.push(`${absent} checkpoint(s) are not anchored on-chain`)
  }
  if (opts.anchorHeadReader && origin !== null) {
    try {
      const head = await opts.anchorHeadReader(origin)
      if (head && head.treeSize > BigInt(entries)) {
        findings.add({ code: 'LOG_TRUNCATED', message: `the chain anchors a tree of ${head.treeSize} entries, the export holds ${entries}`, seq: entries })
      }
    } catch (err) {
      findings.add({ code: 'ANCHOR_READ_FAILED', message: `reading the latest anchor failed: ${(err as Error).message}` })
    }
  }

  const lastValid = checkpoints.filter((c) => c.valid && c.treeSize !== null).reduce((m, c) => Math.max(m, c.treeSize!), 0)
  const uncheckpointed = Math.max(0, entries - lastValid)
  if (uncheckpointed > 0) warnings.push(`${uncheckpointed} entries after the last valid checkpoint are covered by no signature`)
  return finish(origin, uncheckpointed, keysFromExport)
}

async function readAnchor(
  reader: AnchorReader,
  origin: string,
  note: CheckpointNote,
  index: number,
  claimed: ManifestShape['checkpoints'][number]['anchor'],
  findings: Findings,
): Promise<AnchorStatus> {
  const checkpoint = { index, treeSize: note.treeSize }
  let anchored: string | null
  try {
    anchored = await reader(origin, BigInt(note.treeSize))
  } catch (err) {
    findings.add({ code: 'ANCHOR_READ_FAILED', message: `checkpoint #${index} (tree size ${note.treeSize}): reading its anchor failed: ${(err as Error).message}`, checkpoint })
    return 'error'
  }
  if (anchored === null) {
    if (claimed?.txHash) {
      findings.add({ code: 'ANCHOR_MISSING', message: `checkpoint #${index} (tree size ${note.treeSize}): the export says it was anchored in ${claimed.txHash}, the chain has no anchor for it`, checkpoint })
      return 'mismatch'
    }
    return 'absent'
  }
  if (normaliseHex(anchored) !== note.rootHash.toString('hex')) {
    findings.add({ code: 'ANCHOR_MISMATCH', message: `checkpoint #${index} (tree size ${note.treeSize}): the chain anchors root ${normaliseHex(anchored)}, the checkpoint signs ${note.rootHash.toString('hex')}`, checkpoint })
    return 'mismatch'
  }
  return 'match'
}
