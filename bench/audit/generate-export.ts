import { canonicalEntry, chainHash, GENESIS_HASH, leafHash, type AuditRecord } from '../../src/audit/hashing.ts'
import { checkpointBody, signNote } from '../../src/audit/log/checkpoint.ts'
import { DEFAULT_SEGMENT_SIZE, EXPORT_FORMAT, exportLine, writeManifest, writeSegment, type ManifestCheckpoint, type SegmentInfo } from '../../src/audit/log/export-format.ts'
import type { LogSigner } from '../../src/audit/log/log-key.ts'
import { appendToFrontier, consistencyProofFromNodes, nodeKey, rootFromFrontier, type Frontier } from '../../src/audit/log/merkle.ts'

/**
 * Writes an export of `count` synthetic entries straight to `dir` with the
 * writer's own format code (no database), checkpointing every
 * `checkpointEvery` entries and at the end. For the verify benchmark.
 */
export async function generateExport(dir: string, count: number, signer: LogSigner, opts: { origin: string; checkpointEvery: number; start?: Date }) {
  const base = (opts.start ?? new Date(Date.UTC(2026, 0, 1))).getTime()
  const nodes = new Map<string, Uint8Array>()
  const leaves: Uint8Array[] = []
  let frontier: Frontier = { size: 0, hashes: [] }
  let prev: Uint8Array = GENESIS_HASH
  const segments: SegmentInfo[] = []
  const checkpoints: ManifestCheckpoint[] = []
  let lines: string[] = []
  let lastCheckpoint = 0

  const checkpoint = () => {
    const size = frontier.size
    const root = rootFromFrontier(frontier)
    const get = (level: number, index: number) => (level === 0 ? leaves[index]! : nodes.get(nodeKey(level, index))!)
    checkpoints.push({
      treeSize: size,
      rootHash: Buffer.from(root).toString('hex'),
      createdAt: new Date(base + size).toISOString(),
      checkpoint: signNote(checkpointBody(opts.origin, size, root), signer),
      anchor: null,
      consistencyFromPrevious: consistencyProofFromNodes(get, lastCheckpoint, size).map((h) => Buffer.from(h).toString('hex')),
    })
    lastCheckpoint = size
  }

  for (let i = 0; i < count; i++) {
    const record: AuditRecord = {
      seq: BigInt(i),
      at: new Date(base + i),
      actor: `apikey:operator-${i % 17}`,
      action: i % 3 === 0 ? 'transaction.create' : 'transaction.status',
      targetType: 'transaction',
      targetId: `tx_${(i * 2654435761) % 4294967296}`,
      before: i % 3 === 0 ? null : { status: 'PENDING_SIGNATURE', subStatus: null },
      after: { status: 'BROADCASTING', amount: (10n ** 18n * BigInt(i + 1)).toString(), to: '0x5FbDB2315678afecb367f032d93F642f64180aa3' },
      correlationId: `c${i.toString(16).padStart(12, '0')}-8f1e-4b7a-9c3d`,
      details: { ip: '127.0.0.1', userAgent: 'custos-cli/0.1.0', nonce: i },
    }
    const text = canonicalEntry(record)
    const leaf = leafHash(Buffer.from(text, 'utf8'))
    const link = chainHash(prev, leaf)
    lines.push(exportLine(text, prev, link))
    prev = link
    leaves.push(leaf)
    const appended = appendToFrontier(frontier, [leaf])
    frontier = appended.frontier
    for (const n of appended.nodes) nodes.set(nodeKey(n.level, n.index), n.hash)
    if (lines.length === DEFAULT_SEGMENT_SIZE) {
      segments.push(await writeSegment(dir, i + 1 - lines.length, lines))
      lines = []
    }
    if ((i + 1) % opts.checkpointEvery === 0) checkpoint()
  }
  if (lines.length > 0) segments.push(await writeSegment(dir, count - lines.length, lines))
  if (lastCheckpoint !== count && count > 0) checkpoint()
  await writeManifest(dir, {
    format: EXPORT_FORMAT,
    origin: opts.origin,
    keys: [signer.vkey],
    treeSize: count,
    rootHash: Buffer.from(rootFromFrontier(frontier)).toString('hex'),
    headHash: Buffer.from(prev).toString('hex'),
    segmentSize: DEFAULT_SEGMENT_SIZE,
    segments,
    checkpoints,
  })
}
