import { mkdir, rename, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { randomBytes } from 'node:crypto'
import { sha256 } from '../hashing.ts'

/*
 * The export folder, as README.md specifies it:
 *   manifest.json
 *   segments/<sha256 hex of the file>.ndjson
 * Each segment line: {"prevHash":"<hex>","entryHash":"<hex>","entry":<canonical entry>}
 */

export const EXPORT_FORMAT = 'custos-audit-export/1'
/** Entries per segment; segments start at multiples of it so unchanged ones keep their name across exports. */
export const DEFAULT_SEGMENT_SIZE = 16_384

export interface SegmentInfo {
  file: string
  sha256: string
  firstSeq: number
  count: number
}

export interface ManifestCheckpoint {
  treeSize: number
  rootHash: string
  createdAt: string
  /** The signed C2SP tlog-checkpoint note. */
  checkpoint: string
  anchor: { status: string | null; txId: string | null; txHash: string | null; block: string | null } | null
  /** RFC 6962 consistency proof (hex) from the previous checkpoint's size; [] for the first. */
  consistencyFromPrevious: string[]
}

export interface Manifest {
  format: typeof EXPORT_FORMAT
  origin: string | null
  /** C2SP verifier keys of the keys that signed the checkpoints. */
  keys: string[]
  treeSize: number
  rootHash: string
  headHash: string
  segmentSize: number
  segments: SegmentInfo[]
  checkpoints: ManifestCheckpoint[]
}

/** One export line: an entry's canonical text (canonicalEntry) and its stored chain links. */
export function exportLine(entryText: string, prevHash: Uint8Array, entryHash: Uint8Array): string {
  return `{"prevHash":"${Buffer.from(prevHash).toString('hex')}","entryHash":"${Buffer.from(entryHash).toString('hex')}","entry":${entryText}}\n`
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path)
    return true
  } catch {
    return false
  }
}

async function writeAtomically(path: string, data: Buffer | string): Promise<void> {
  const tmp = `${path}.${randomBytes(6).toString('hex')}.tmp`
  await writeFile(tmp, data)
  await rename(tmp, path)
}

/** Writes one segment under its content hash (kept if already there) and describes it. */
export async function writeSegment(dir: string, firstSeq: number, lines: string[]): Promise<SegmentInfo> {
  const data = Buffer.from(lines.join(''), 'utf8')
  const hash = sha256(data).toString('hex')
  const file = `segments/${hash}.ndjson`
  await mkdir(join(dir, 'segments'), { recursive: true })
  if (!(await exists(join(dir, file)))) await writeAtomically(join(dir, file), data)
  return { file, sha256: hash, firstSeq, count: lines.length }
}

/** Writes manifest.json last, atomically, and returns its SHA-256 (hex). */
export async function writeManifest(dir: string, manifest: Manifest): Promise<string> {
  const data = Buffer.from(JSON.stringify(manifest, null, 2) + '\n', 'utf8')
  await mkdir(dir, { recursive: true })
  await writeAtomically(join(dir, 'manifest.json'), data)
  return sha256(data).toString('hex')
}
