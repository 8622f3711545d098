import { sql, type Kysely } from 'kysely'
import { CustosError } from '../../shared/errors.ts'
import { HASH_SIZE } from '../hashing.ts'
import {
  consistencyProofFromNodes,
  inclusionProofFromNodes,
  nodeKey,
  rootFromNodes,
  withFetchedNodes,
  type Frontier,
  type NodeFetcher,
  type NodeId,
} from './merkle.ts'
import type { AuditTables } from './schema.ts'

type Db = Kysely<AuditTables>

export function toBuffer(b: Uint8Array): Buffer {
  return Buffer.isBuffer(b) ? b : Buffer.from(b.buffer, b.byteOffset, b.byteLength)
}

/** Reads complete-subtree hashes: leaves from audit_entries, the rest from audit_tree_nodes. */
function fetcher(db: Db): NodeFetcher {
  return async (ids: NodeId[]) => {
    const found = new Map<string, Uint8Array>()
    const leaves = ids.filter((id) => id.level === 0).map((id) => BigInt(id.index))
    const inner = ids.filter((id) => id.level > 0)
    if (leaves.length > 0) {
      const rows = await db.selectFrom('audit_entries').select(['seq', 'leaf_hash']).where('seq', 'in', leaves).execute()
      for (const r of rows) found.set(nodeKey(0, Number(r.seq)), toBuffer(r.leaf_hash))
    }
    if (inner.length > 0) {
      const pairs = sql.join(inner.map((id) => sql`(${id.level}::smallint, ${BigInt(id.index)}::bigint)`))
      const rows = await sql<{ level: number; idx: bigint; hash: Uint8Array }>`
        select level, idx, hash from audit_tree_nodes where (level, idx) in (${pairs})`.execute(db)
      for (const r of rows.rows) found.set(nodeKey(Number(r.level), Number(r.idx)), toBuffer(r.hash))
    }
    return found
  }
}

/** The Merkle tree head over the first `size` entries. */
export function treeRootAt(db: Db, size: number): Promise<Uint8Array> {
  return withFetchedNodes(fetcher(db), (get) => rootFromNodes(get, size))
}

/** RFC 6962 inclusion proof for leaf `index` in the tree of `size` entries. */
export function inclusionProofAt(db: Db, index: number, size: number): Promise<Uint8Array[]> {
  return withFetchedNodes(fetcher(db), (get) => inclusionProofFromNodes(get, index, size))
}

/** RFC 6962 consistency proof between tree sizes m ≤ n. */
export function consistencyProofAt(db: Db, m: number, n: number): Promise<Uint8Array[]> {
  return withFetchedNodes(fetcher(db), (get) => consistencyProofFromNodes(get, m, n))
}

export interface LogHead {
  treeSize: number
  headHash: Buffer
  frontier: Frontier
}

/** The committed head of the log; `lock` takes the row lock appenders serialise on. */
export async function readHead(db: Db, opts: { lock: boolean }): Promise<LogHead> {
  const q = db.selectFrom('audit_head').select(['tree_size', 'head_hash', 'frontier'])
  const row = await (opts.lock ? q.forUpdate() : q).executeTakeFirst()
  if (!row) throw new CustosError('AUDIT_LOG_NOT_INITIALISED', 'the audit_head row is missing: run the audit log migration')
  const treeSize = Number(row.tree_size)
  const packed = toBuffer(row.frontier)
  const hashes: Buffer[] = []
  for (let o = 0; o < packed.length; o += HASH_SIZE) hashes.push(packed.subarray(o, o + HASH_SIZE))
  return { treeSize, headHash: toBuffer(row.head_hash), frontier: { size: treeSize, hashes } }
}
