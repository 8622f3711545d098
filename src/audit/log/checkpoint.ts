import type { Selectable } from 'kysely'
import type { Clock } from '../../shared/clock.ts'
import { ConfigError } from '../../shared/errors.ts'
import { rootFromFrontier } from './merkle.ts'
import type { LogSigner } from './log-key.ts'
import { auditTables, type AuditCheckpointsTable, type AuditDb } from './schema.ts'
import { readHead, toBuffer } from './tree-store.ts'

/** What createCheckpoint needs. */
export interface CheckpointContext {
  db: AuditDb
  clock: Clock
  signer: LogSigner
  /** The log id, first line of every checkpoint, e.g. `custos.dev/custody/<instance>`. */
  origin: string
}

export interface AnchorRecord {
  status: string | null
  txId: string | null
  txHash: string | null
  block: bigint | null
}

export interface StoredCheckpoint {
  treeSize: bigint
  /** Hex root hash (the checkpoint text carries it in base64). */
  rootHash: string
  /** The signed C2SP tlog-checkpoint note, byte for byte as signed. */
  checkpoint: string
  /** Verifier key of the key that signed it. */
  vkey: string
  createdAt: Date
  anchor: AnchorRecord
}

export function assertOrigin(origin: string): void {
  if (origin === '' || /[\u0000-\u001f]/.test(origin) || origin.trim() !== origin) {
    throw new ConfigError(`audit log origin ${JSON.stringify(origin)} must be one non-empty line without surrounding spaces`)
  }
}

/**
 * The C2SP tlog-checkpoint body: origin, decimal tree size and base64 root
 * hash, one a line, each ending in a newline.
 */
export function checkpointBody(origin: string, treeSize: bigint | number, rootHash: Uint8Array): string {
  assertOrigin(origin)
  return `${origin}\n${treeSize.toString()}\n${Buffer.from(rootHash).toString('base64')}\n`
}

/**
 * Signs a note per C2SP signed-note: the body, a blank line, then
 * `— <key name> <base64(key id ‖ Ed25519 signature over the body)>`.
 */
export function signNote(body: string, signer: LogSigner): string {
  const sig = signer.sign(Buffer.from(body, 'utf8'))
  return `${body}\n\u2014 ${signer.name} ${Buffer.concat([signer.keyId, sig]).toString('base64')}\n`
}

export function toStoredCheckpoint(row: Selectable<AuditCheckpointsTable>): StoredCheckpoint {
  return {
    treeSize: BigInt(row.tree_size),
    rootHash: toBuffer(row.root_hash).toString('hex'),
    checkpoint: row.checkpoint,
    vkey: row.vkey,
    createdAt: row.created_at,
    anchor: {
      status: row.anchor_status,
      txId: row.anchor_tx_id,
      txHash: row.anchor_tx_hash,
      block: row.anchor_block === null ? null : BigInt(row.anchor_block),
    },
  }
}

/**
 * Signs and stores a checkpoint of the log as it is now. Idempotent: when
 * the size has not changed since a checkpoint was made, that checkpoint is
 * returned. Returns null while the log is empty. Safe to run from several
 * workers at once (the tree size is the primary key).
 *
 * @example
 * const cp = await createCheckpoint({ db, clock, signer, origin: 'custos.dev/custody/main' })
 */
export async function createCheckpoint(ctx: CheckpointContext): Promise<StoredCheckpoint | null> {
  const db = auditTables(ctx.db)
  const head = await readHead(db, { lock: false })
  if (head.treeSize === 0) return null
  const size = BigInt(head.treeSize)
  const existing = await db.selectFrom('audit_checkpoints').selectAll().where('tree_size', '=', size).executeTakeFirst()
  if (existing) return toStoredCheckpoint(existing)
  const root = rootFromFrontier(head.frontier)
  const checkpoint = signNote(checkpointBody(ctx.origin, size, root), ctx.signer)
  await db
    .insertInto('audit_checkpoints')
    .values({ tree_size: size, root_hash: root, checkpoint, vkey: ctx.signer.vkey, created_at: ctx.clock.now(), anchor_status: null, anchor_tx_id: null, anchor_tx_hash: null, anchor_block: null })
    .onConflict((oc) => oc.column('tree_size').doNothing())
    .execute()
  const row = await db.selectFrom('audit_checkpoints').selectAll().where('tree_size', '=', size).executeTakeFirstOrThrow()
  return toStoredCheckpoint(row)
}

/** The checkpoint with the largest tree size, if any. */
export async function latestCheckpoint(db: AuditDb): Promise<StoredCheckpoint | null> {
  const row = await auditTables(db).selectFrom('audit_checkpoints').selectAll().orderBy('tree_size', 'desc').limit(1).executeTakeFirst()
  return row ? toStoredCheckpoint(row) : null
}
