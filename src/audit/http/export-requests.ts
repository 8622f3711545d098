import { randomUUID } from 'node:crypto'
import type { Kysely, Selectable } from 'kysely'
import type { Clock } from '../../shared/clock.ts'
import { principalOf, samePrincipal } from '../../shared/auth/principals.ts'
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../shared/errors.ts'
import { appendAudit, type AuditEntryInput } from '../log/append.ts'
import { DEFAULT_SEGMENT_SIZE } from '../log/export-format.ts'
import type { AuditDb } from '../log/schema.ts'
import { readHead } from '../log/tree-store.ts'
import type { AuditExportRequestsTable, AuditExportStatus, AuditExportTables } from './export-requests-migration.ts'
import { buildExportManifest, readExportSegment, type AnchorContract, type HttpExportManifest } from './export-snapshot.ts'
import type { Redactor } from './redact.ts'

/** What the export-request functions need: plain values, no framework objects. */
export interface ExportRequestContext {
  db: AuditDb
  clock: Clock
  /** The log id, used in manifests while no checkpoint names it. */
  origin: string
  redactor: Redactor
  /** A pending request waits this long for approval; an available export is served this long. */
  ttlMs: number
  /** Written into manifests; read on each build (the deployments file may appear later). */
  anchorContract?: () => AnchorContract | null
}

/** Who acts: the API key and the request's correlation id. */
export interface ExportActor {
  keyId: string
  /** The audit actor (principal and means); default `apikey:<keyId>`. */
  actor?: string
  correlationId?: string | null
}

export interface ExportRequestView {
  id: string
  reason: string
  includePersonalData: boolean
  /** The export holds entries 0 … treeSize − 1. */
  treeSize: string
  status: AuditExportStatus
  requestedBy: string
  requestedAt: string
  decidedBy: string | null
  decidedAt: string | null
  decisionComment: string | null
  expiresAt: string
}

type Row = Selectable<AuditExportRequestsTable>
type Db = Kysely<AuditExportTables>
const tables = (db: AuditDb) => db as unknown as Db

function view(r: Row): ExportRequestView {
  return {
    id: r.id,
    reason: r.reason,
    includePersonalData: r.include_personal_data,
    treeSize: BigInt(r.tree_size).toString(),
    status: r.status,
    requestedBy: r.requested_by,
    requestedAt: r.requested_at.toISOString(),
    decidedBy: r.decided_by,
    decidedAt: r.decided_at?.toISOString() ?? null,
    decisionComment: r.decision_comment,
    expiresAt: r.expires_at.toISOString(),
  }
}

function entry(ctx: ExportRequestContext, who: ExportActor | null, action: string, id: string, rest: Partial<AuditEntryInput> = {}): AuditEntryInput {
  return { at: ctx.clock.now(), actor: who ? (who.actor ?? `apikey:${who.keyId}`) : 'system:audit-exports', action, targetType: 'audit_export', targetId: id, correlationId: who?.correlationId ?? null, ...rest }
}

/**
 * Records a request to export the log as it is now. Without personal data
 * the export is available at once (redacted); with it, another key must
 * approve first (four eyes). The request is itself audited.
 *
 * @example
 * const req = await createExportRequest(ctx, { keyId, correlationId }, { reason: 'annual audit 2026', includePersonalData: true })
 */
export async function createExportRequest(
  ctx: ExportRequestContext,
  who: ExportActor,
  input: { reason: string; includePersonalData: boolean; segmentSize?: number },
): Promise<ExportRequestView> {
  const reason = input.reason.trim()
  if (reason.length < 3) throw new ValidationError('an export needs a reason (at least 3 characters)')
  const segmentSize = input.segmentSize ?? DEFAULT_SEGMENT_SIZE
  if (!Number.isInteger(segmentSize) || segmentSize < 1 || segmentSize > 65_536) throw new ValidationError('segmentSize must be an integer from 1 to 65536')
  const now = ctx.clock.now()
  const id = randomUUID()
  const row = await tables(ctx.db)
    .transaction()
    .execute(async (tx) => {
      const head = await readHead(tx as unknown as AuditDb, { lock: false })
      const inserted = await tx
        .insertInto('audit_export_requests')
        .values({
          id,
          reason,
          include_personal_data: input.includePersonalData,
          tree_size: BigInt(head.treeSize),
          segment_size: segmentSize,
          status: input.includePersonalData ? 'PENDING_APPROVAL' : 'AVAILABLE',
          requested_by: who.keyId,
          requested_at: now,
          decided_by: null,
          decided_at: null,
          decision_comment: null,
          expires_at: new Date(now.getTime() + ctx.ttlMs),
          manifest: null,
        })
        .returningAll()
        .executeTakeFirstOrThrow()
      await appendAudit(tx, entry(ctx, who, 'audit.export.requested', id, { after: { ...view(inserted) } }))
      return inserted
    })
  return view(row)
}

async function load(ctx: ExportRequestContext, id: string): Promise<Row> {
  const row = await tables(ctx.db).selectFrom('audit_export_requests').selectAll().where('id', '=', id).executeTakeFirst()
  if (!row) throw new NotFoundError('audit export', id)
  if ((row.status === 'PENDING_APPROVAL' || row.status === 'AVAILABLE') && row.expires_at.getTime() <= ctx.clock.now().getTime()) return expire(ctx, row)
  return row
}

async function expire(ctx: ExportRequestContext, row: Row): Promise<Row> {
  return tables(ctx.db)
    .transaction()
    .execute(async (tx) => {
      const updated = await tx.updateTable('audit_export_requests').set({ status: 'EXPIRED' }).where('id', '=', row.id).where('status', '=', row.status).returningAll().executeTakeFirst()
      if (!updated) return tx.selectFrom('audit_export_requests').selectAll().where('id', '=', row.id).executeTakeFirstOrThrow()
      await appendAudit(tx, entry(ctx, null, 'audit.export.expired', row.id, { before: { status: row.status }, after: { status: 'EXPIRED' } }))
      return updated
    })
}

/** One export request (a pending or available one past its time is marked EXPIRED first). */
export async function getExportRequest(ctx: ExportRequestContext, id: string): Promise<ExportRequestView> {
  return view(await load(ctx, id))
}

/** Export requests, newest first, optionally of one status (what a second officer looks at). */
export async function listExportRequests(ctx: ExportRequestContext, q: { status?: AuditExportStatus; limit?: number; cursor?: string }): Promise<{ items: ExportRequestView[]; nextCursor: string | null }> {
  const limit = q.limit ?? 50
  let query = tables(ctx.db).selectFrom('audit_export_requests').selectAll()
  if (q.status) query = query.where('status', '=', q.status)
  if (q.cursor) {
    const [at, id] = q.cursor.split('|')
    const after = new Date(at ?? '')
    if (!id || Number.isNaN(after.getTime())) throw new ValidationError('cursor is not one this API returned')
    query = query.where((eb) => eb.or([eb('requested_at', '<', after), eb.and([eb('requested_at', '=', after), eb('id', '<', id)])]))
  }
  const rows = await query.orderBy('requested_at', 'desc').orderBy('id', 'desc').limit(limit + 1).execute()
  const items = rows.slice(0, limit)
  const last = items[items.length - 1]
  return { items: items.map(view), nextCursor: rows.length > limit && last ? `${last.requested_at.toISOString()}|${last.id}` : null }
}

/**
 * A second officer's decision on a request for personal data. The requester
 * can never decide their own request; a decision is final.
 *
 * @example
 * await decideExportRequest(ctx, id, { keyId: otherKeyId }, 'APPROVE', 'checked the court order')
 */
export async function decideExportRequest(ctx: ExportRequestContext, id: string, who: ExportActor, decision: 'APPROVE' | 'REJECT', comment?: string): Promise<ExportRequestView> {
  const current = await load(ctx, id)
  // Four eyes counts people: a rotated or second key of the requester is still the requester.
  if (await samePrincipal(ctx.db as Kysely<any>, current.requested_by, who.keyId)) {
    throw new ForbiddenError('AUDIT_EXPORT_SELF_APPROVAL', 'a second officer must decide on an export request; the requester cannot, with any of its keys or sessions', { exportId: id })
  }
  if (current.status !== 'PENDING_APPROVAL') {
    throw new ConflictError('AUDIT_EXPORT_NOT_PENDING', `export ${id} is ${current.status}, not waiting for approval`, { exportId: id, status: current.status })
  }
  const now = ctx.clock.now()
  const status: AuditExportStatus = decision === 'APPROVE' ? 'AVAILABLE' : 'REJECTED'
  const row = await tables(ctx.db)
    .transaction()
    .execute(async (tx) => {
      const updated = await tx
        .updateTable('audit_export_requests')
        .set({
          status,
          decided_by: who.keyId,
          decided_at: now,
          decision_comment: comment ?? null,
          // The requester gets the full window to download from the approval on.
          ...(status === 'AVAILABLE' && { expires_at: new Date(now.getTime() + ctx.ttlMs) }),
        })
        .where('id', '=', id)
        .where('status', '=', 'PENDING_APPROVAL')
        .returningAll()
        .executeTakeFirst()
      if (!updated) return null
      await appendAudit(
        tx,
        entry(ctx, who, decision === 'APPROVE' ? 'audit.export.approved' : 'audit.export.rejected', id, {
          before: { status: 'PENDING_APPROVAL' },
          after: { status, decidedBy: who.keyId, decidedByPrincipal: await principalOf(tx as Kysely<any>, who.keyId) },
          details: { requestedBy: updated.requested_by, includePersonalData: updated.include_personal_data, comment: comment ?? null },
        }),
      )
      return updated
    })
  if (!row) throw new ConflictError('AUDIT_EXPORT_NOT_PENDING', `export ${id} was decided by someone else meanwhile`, { exportId: id })
  return view(row)
}

async function servable(ctx: ExportRequestContext, id: string, who: ExportActor): Promise<Row> {
  const row = await load(ctx, id)
  if (!(await samePrincipal(ctx.db as Kysely<any>, row.requested_by, who.keyId))) {
    throw new ForbiddenError('AUDIT_EXPORT_NOT_REQUESTER', 'only the principal that requested an export can download it', { exportId: id })
  }
  if (row.status === 'PENDING_APPROVAL') throw new ConflictError('AUDIT_EXPORT_NOT_APPROVED', `export ${id} holds personal data and waits for a second officer's approval`, { exportId: id })
  if (row.status !== 'AVAILABLE') throw new ConflictError(`AUDIT_EXPORT_${row.status}`, `export ${id} is ${row.status}`, { exportId: id, status: row.status })
  return row
}

function parseManifest(text: string): HttpExportManifest {
  return JSON.parse(text) as HttpExportManifest
}

/**
 * The manifest of an available export, for its requester: built (and kept)
 * on first use, the download audited.
 */
export async function openExport(ctx: ExportRequestContext, id: string, who: ExportActor): Promise<HttpExportManifest> {
  const row = await servable(ctx, id, who)
  let manifest = row.manifest ? parseManifest(row.manifest) : null
  if (!manifest) {
    // Only the chain id and address: whatever else the caller's lookup returns stays on the server.
    const anchor = ctx.anchorContract?.() ?? null
    manifest = await buildExportManifest(ctx.db, {
      treeSize: Number(row.tree_size),
      segmentSize: row.segment_size,
      redactor: row.include_personal_data ? null : ctx.redactor,
      origin: ctx.origin,
      anchorContract: anchor && { chainId: anchor.chainId, address: anchor.address },
    })
    const text = JSON.stringify(manifest)
    await tables(ctx.db).updateTable('audit_export_requests').set({ manifest: text }).where('id', '=', id).where('manifest', 'is', null).execute()
    const kept = await tables(ctx.db).selectFrom('audit_export_requests').select('manifest').where('id', '=', id).executeTakeFirstOrThrow()
    manifest = parseManifest(kept.manifest ?? text)
  }
  await appendAudit(ctx.db, entry(ctx, who, 'audit.export.downloaded', id, { details: { part: 'manifest', treeSize: manifest.treeSize, format: manifest.format, includePersonalData: row.include_personal_data } }))
  return manifest
}

/** One segment file of an available export, for its requester; the download is audited. */
export async function readExportSegmentFor(ctx: ExportRequestContext, id: string, index: number, who: ExportActor): Promise<Buffer> {
  const row = await servable(ctx, id, who)
  const manifest = row.manifest ? parseManifest(row.manifest) : await openExport(ctx, id, who)
  const data = await readExportSegment(ctx.db, manifest, index)
  const seg = manifest.segments[index]!
  await appendAudit(ctx.db, entry(ctx, who, 'audit.export.downloaded', id, { details: { part: 'segment', index, firstSeq: seg.firstSeq, count: seg.count, sha256: seg.sha256 } }))
  return data
}
