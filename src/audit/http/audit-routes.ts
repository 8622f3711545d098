import { sql } from 'kysely'
import { Type } from 'typebox'
import { requirePrincipal } from '../../shared/auth/auth-plugin.ts'
import { systemClock, type Clock } from '../../shared/clock.ts'
import { NotFoundError, ValidationError } from '../../shared/errors.ts'
import type { HttpServer } from '../../shared/http/create-server.ts'
import type { StoredCheckpoint } from '../log/checkpoint.ts'
import { consistencyProof, getAuditEntry, inclusionProof, listAuditCheckpoints, listAuditEntries, type AuditEntry as StoredEntry } from '../log/query.ts'
import { auditTables, type AuditDb } from '../log/schema.ts'
import { readHead } from '../log/tree-store.ts'
import { createExportRequest, decideExportRequest, getExportRequest, listExportRequests, openExport, readExportSegmentFor, type ExportRequestContext } from './export-requests.ts'
import type { AnchorContract } from './export-snapshot.ts'
import { createRedactor, DEFAULT_PERSONAL_DATA_FIELDS, type Redactor } from './redact.ts'
import { AuditEntry, Checkpoint, ConsistencyProof, Count, ExportRequest, ExportStatus, ExportWithManifest, InclusionProof, LogKey, Page, Problem } from './schemas.ts'
import { auditActor } from '../../shared/auth/audit-actor.ts'

export interface AuditRoutesOptions {
  /** The service's database (the audit tables and audit_export_requests live in its schema). */
  db: AuditDb
  /** Scopes a key needs to read the log (e.g. `['audit']`: auditors and compliance officers). */
  readScopes: readonly string[]
  /** The log's public key, published for verifiers to pin. */
  logKey: { name: string; vkey: string }
  /** The log id, first line of every checkpoint. */
  origin: string
  clock?: Clock
  exportApproval?: {
    /** Scopes a key needs to request, approve and download exports (default: readScopes). */
    scopes?: readonly string[]
    /**
     * Member names holding personal data, redacted from entries read through
     * the API and from exports made without personal data. Default
     * DEFAULT_PERSONAL_DATA_FIELDS; `[]` for a log that holds none.
     */
    personalDataFields?: readonly string[]
    /** How long a request waits for approval and an available export is served (default 24 h). */
    ttlMs?: number
    /** Where checkpoints are anchored, written into manifests (a verifier should still pin it). */
    anchorContract?: AnchorContract | null | (() => AnchorContract | null)
  }
}

const errors = { 400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem }
const MAX_BIGINT = 2n ** 63n - 1n
const IsoTime = Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]{1,9})?)?(Z|[+-][0-9]{2}:[0-9]{2})$', description: 'ISO-8601 time with zone' })
const Comment = Type.Optional(Type.Object({ comment: Type.Optional(Type.String({ maxLength: 1000 })) }, { additionalProperties: false }))

function count(name: string, text: string): bigint {
  const n = BigInt(text)
  if (n > MAX_BIGINT) throw new ValidationError(`${name} is too large`)
  return n
}

function time(name: string, text: string | undefined): Date | undefined {
  if (text === undefined) return undefined
  const d = new Date(text)
  if (Number.isNaN(d.getTime())) throw new ValidationError(`${name} is not a valid time`)
  return d
}

function entryView(e: StoredEntry, redactor: Redactor) {
  const before = redactor.redact(e.before)
  const after = redactor.redact(e.after)
  const details = redactor.redact(e.details)
  return {
    seq: e.seq.toString(),
    at: e.at.toISOString(),
    actor: e.actor,
    action: e.action,
    targetType: e.targetType,
    targetId: e.targetId,
    before: before.value,
    after: after.value,
    correlationId: e.correlationId,
    details: details.value,
    leafHash: e.leafHash,
    prevHash: e.prevHash,
    entryHash: e.entryHash,
    redacted: before.count + after.count + details.count > 0,
  }
}

function checkpointView(c: StoredCheckpoint) {
  return {
    treeSize: c.treeSize.toString(),
    rootHash: c.rootHash,
    checkpoint: c.checkpoint,
    vkey: c.vkey,
    createdAt: c.createdAt.toISOString(),
    anchor: { status: c.anchor.status, txId: c.anchor.txId, txHash: c.anchor.txHash, block: c.anchor.block === null ? null : c.anchor.block.toString() },
  }
}

/**
 * The audit log's read API and its four-eyes export, on a service's HTTP
 * app (after installAuth): entries with filters and cursor pagination,
 * checkpoints, inclusion and consistency proofs, the log key, and export
 * requests. Personal data is redacted from what is read here; a full export
 * needs a second officer's approval. Each export step is audited in the log.
 *
 * @example
 * registerAuditRoutes(app, { db: ctx.db, readScopes: ['audit'], logKey: signer, origin, clock: ctx.clock })
 */
export function registerAuditRoutes(app: HttpServer, opts: AuditRoutesOptions): void {
  const { db, origin } = opts
  const readScopes = [...opts.readScopes]
  const exportScopes = [...(opts.exportApproval?.scopes ?? opts.readScopes)]
  const redactor = createRedactor(opts.exportApproval?.personalDataFields ?? DEFAULT_PERSONAL_DATA_FIELDS)
  const anchor = opts.exportApproval?.anchorContract
  const exportsCtx: ExportRequestContext = {
    db,
    clock: opts.clock ?? systemClock,
    origin,
    redactor,
    ttlMs: opts.exportApproval?.ttlMs ?? 24 * 3600_000,
    anchorContract: typeof anchor === 'function' ? anchor : () => anchor ?? null,
  }
  const checkpointAt = async (size: bigint) => {
    const row = await auditTables(db).selectFrom('audit_checkpoints').select('checkpoint').where('tree_size', '=', size).executeTakeFirst()
    return row?.checkpoint ?? null
  }
  const tags = ['audit']

  app.get(
    '/v1/audit/entries',
    {
      config: { scopes: readScopes },
      schema: {
        tags,
        summary: 'Audit entries, filtered, a page at a time (personal data redacted)',
        querystring: Type.Object({
          actor: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'the exact actor text, e.g. `person:pr_…/apikey:ck_…`' })),
          principal: Type.Optional(
            Type.String({
              pattern: '^[A-Za-z0-9_.:@+-]{1,200}$',
              description:
                'entries of one principal through any of its keys, rotated keys and console sessions (`pr_…`, older `apikey:` entries of its keys included), or, realm-qualified (`platform:person:pr_…`), what a service did on its behalf',
            }),
          ),
          action: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
          targetType: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
          targetId: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
          correlationId: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
          from: Type.Optional(IsoTime),
          to: Type.Optional(IsoTime),
          cursor: Type.Optional(Type.String({ maxLength: 20 })),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
          order: Type.Optional(Type.Union([Type.Literal('asc'), Type.Literal('desc')])),
        }),
        response: { 200: Page(AuditEntry), ...errors },
      },
    },
    async (req) => {
      const q = req.query
      const principalKeyIds = q.principal !== undefined && !q.principal.includes(':') ? await keysOfPrincipal(db, q.principal) : undefined
      const page = await listAuditEntries(db, { ...q, ...(principalKeyIds ? { principalKeyIds } : {}), from: time('from', q.from), to: time('to', q.to) })
      return { items: page.items.map((e) => entryView(e, redactor)), nextCursor: page.nextCursor }
    },
  )

  app.get(
    '/v1/audit/entries/:seq',
    {
      config: { scopes: readScopes },
      schema: { tags, summary: 'One audit entry (personal data redacted)', params: Type.Object({ seq: Count }), response: { 200: AuditEntry, ...errors } },
    },
    async (req) => {
      const e = await getAuditEntry(db, count('seq', req.params.seq))
      if (!e) throw new NotFoundError('audit entry', req.params.seq)
      return entryView(e, redactor)
    },
  )

  app.get(
    '/v1/audit/entries/:seq/inclusion-proof',
    {
      config: { scopes: readScopes },
      schema: {
        tags,
        summary: 'RFC 6962 proof that an entry is in the tree of a given size',
        description: 'treeSize defaults to the latest checkpoint that covers the entry, else the current log size. seq < treeSize ≤ the log size.',
        params: Type.Object({ seq: Count }),
        querystring: Type.Object({ treeSize: Type.Optional(Count) }),
        response: { 200: InclusionProof, ...errors },
      },
    },
    async (req) => {
      const seq = count('seq', req.params.seq)
      let size: bigint
      if (req.query.treeSize !== undefined) size = count('treeSize', req.query.treeSize)
      else {
        const cp = await auditTables(db).selectFrom('audit_checkpoints').select('tree_size').orderBy('tree_size', 'desc').limit(1).executeTakeFirst()
        size = cp && BigInt(cp.tree_size) > seq ? BigInt(cp.tree_size) : BigInt((await readHead(auditTables(db), { lock: false })).treeSize)
      }
      if (seq >= size && !(await getAuditEntry(db, seq))) throw new NotFoundError('audit entry', req.params.seq)
      const p = await inclusionProof(db, seq, size)
      return { leafIndex: p.leafIndex.toString(), treeSize: p.treeSize.toString(), leafHash: p.leafHash, rootHash: p.rootHash, proof: p.proof, checkpoint: await checkpointAt(size) }
    },
  )

  app.get(
    '/v1/audit/checkpoints',
    {
      config: { scopes: readScopes },
      schema: {
        tags,
        summary: 'Signed checkpoints of the log, with their on-chain anchoring',
        querystring: Type.Object({
          cursor: Type.Optional(Type.String({ maxLength: 20 })),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
          order: Type.Optional(Type.Union([Type.Literal('asc'), Type.Literal('desc')])),
        }),
        response: { 200: Page(Checkpoint), ...errors },
      },
    },
    async (req) => {
      const page = await listAuditCheckpoints(db, req.query)
      return { items: page.items.map(checkpointView), nextCursor: page.nextCursor }
    },
  )

  app.get(
    '/v1/audit/consistency-proof',
    {
      config: { scopes: readScopes },
      schema: {
        tags,
        summary: 'RFC 6962 proof that the tree of size `from` is a prefix of the tree of size `to`',
        querystring: Type.Object({ from: Count, to: Count }),
        response: { 200: ConsistencyProof, ...errors },
      },
    },
    async (req) => {
      const from = count('from', req.query.from)
      const to = count('to', req.query.to)
      const p = await consistencyProof(db, from, to)
      return {
        fromSize: p.fromSize.toString(),
        toSize: p.toSize.toString(),
        fromRoot: p.fromRoot,
        toRoot: p.toRoot,
        proof: p.proof,
        fromCheckpoint: await checkpointAt(from),
        toCheckpoint: await checkpointAt(to),
      }
    },
  )

  app.get(
    '/v1/audit/log-key',
    {
      config: { scopes: readScopes },
      schema: { tags, summary: "The log's id and public key (pin the key out of band too)", response: { 200: LogKey, ...errors } },
    },
    async () => ({ origin, name: opts.logKey.name, vkey: opts.logKey.vkey, treeSize: String((await readHead(auditTables(db), { lock: false })).treeSize) }),
  )

  app.post(
    '/v1/audit/exports',
    {
      config: { scopes: exportScopes },
      schema: {
        tags,
        summary: 'Request an export of the log as it is now',
        description:
          'Without personal data the export is available at once, with personal data replaced by hashes (for reading: entry hashes cover the originals). With personal data, another key holding the export scopes must approve it first (four eyes). Every step is audited.',
        body: Type.Object(
          {
            reason: Type.String({ minLength: 3, maxLength: 1000 }),
            includePersonalData: Type.Boolean(),
            segmentSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 65_536 })),
          },
          { additionalProperties: false },
        ),
        response: { 201: ExportRequest, ...errors },
      },
    },
    async (req, reply) => {
      const p = requirePrincipal(req)
      return reply.status(201).send(await createExportRequest(exportsCtx, { keyId: p.keyId, actor: auditActor(p), correlationId: String(req.id) }, req.body))
    },
  )

  app.get(
    '/v1/audit/exports',
    {
      config: { scopes: exportScopes },
      schema: {
        tags,
        summary: 'Export requests, newest first (e.g. those waiting for approval)',
        querystring: Type.Object({
          status: Type.Optional(ExportStatus),
          cursor: Type.Optional(Type.String({ maxLength: 100 })),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
        }),
        response: { 200: Page(ExportRequest), ...errors },
      },
    },
    async (req) => listExportRequests(exportsCtx, req.query),
  )

  app.get(
    '/v1/audit/exports/:id',
    {
      config: { scopes: exportScopes },
      schema: {
        tags,
        summary: 'An export request; for its requester, once available, the export manifest',
        params: Type.Object({ id: Type.String({ maxLength: 64 }) }),
        response: { 200: ExportWithManifest, ...errors },
      },
    },
    async (req) => {
      const p = requirePrincipal(req)
      const who = { keyId: p.keyId, actor: auditActor(p), correlationId: String(req.id) }
      const request = await getExportRequest(exportsCtx, req.params.id)
      const manifest = request.status === 'AVAILABLE' && request.requestedBy === p.keyId ? await openExport(exportsCtx, request.id, who) : null
      return { ...request, manifest }
    },
  )

  app.get(
    '/v1/audit/exports/:id/segments/:index',
    {
      config: { scopes: exportScopes },
      schema: {
        tags,
        summary: 'One segment file of an available export (NDJSON), for its requester',
        params: Type.Object({ id: Type.String({ maxLength: 64 }), index: Type.Integer({ minimum: 0, maximum: 1_000_000 }) }),
        response: { ...errors },
      },
    },
    async (req, reply) => {
      const p = requirePrincipal(req)
      const data = await readExportSegmentFor(exportsCtx, req.params.id, req.params.index, { keyId: p.keyId, actor: auditActor(p), correlationId: String(req.id) })
      return reply.type('application/x-ndjson; charset=utf-8').send(data as never)
    },
  )

  for (const [verb, decision] of [
    ['approve', 'APPROVE'],
    ['reject', 'REJECT'],
  ] as const) {
    app.post(
      `/v1/audit/exports/:id/${verb}`,
      {
        config: { scopes: exportScopes },
        schema: {
          tags,
          summary: `${verb === 'approve' ? 'Approve' : 'Reject'} a request for personal data (a second officer: never the requester)`,
          params: Type.Object({ id: Type.String({ maxLength: 64 }) }),
          body: Comment,
          response: { 200: ExportRequest, ...errors },
        },
      },
      async (req) => {
        const p = requirePrincipal(req)
        return decideExportRequest(exportsCtx, req.params.id, { keyId: p.keyId, actor: auditActor(p), correlationId: String(req.id) }, decision, req.body?.comment)
      },
    )
  }
}

/** Every key a principal ever held (rotated and revoked ones too), to find its entries from before actors named principals. */
async function keysOfPrincipal(db: AuditDb, principalId: string): Promise<string[]> {
  const r = await sql<{ key_id: string }>`select key_id from api_keys where principal_id = ${principalId}`.execute(db)
  return r.rows.map((k) => k.key_id)
}
