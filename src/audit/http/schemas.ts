import { Type } from 'typebox'
import { Problem } from '../../shared/http/problem-schema.ts'

/** Lowercase hex SHA-256. */
export const Hash = Type.String({ pattern: '^[0-9a-f]{64}$', description: 'SHA-256, 64 lowercase hex digits' })
/** A count or position of the log (a bigint, so a decimal string). */
export const Count = Type.String({ pattern: '^(0|[1-9][0-9]{0,18})$', description: 'decimal integer' })
const NStr = Type.Union([Type.String(), Type.Null()])

export { Problem }

export const AuditEntry = Type.Object({
  seq: Count,
  at: Type.String({ description: 'ISO-8601 UTC, milliseconds' }),
  actor: Type.String(),
  action: Type.String(),
  targetType: NStr,
  targetId: NStr,
  before: Type.Unknown(),
  after: Type.Unknown(),
  correlationId: NStr,
  details: Type.Unknown(),
  leafHash: Hash,
  prevHash: Hash,
  entryHash: Hash,
  redacted: Type.Boolean({ description: 'true when personal data in before/after/details was replaced by "sha256:<hex>"; the hashes cover the original entry' }),
})

export const Anchor = Type.Object({ status: NStr, txId: NStr, txHash: NStr, block: NStr })

export const Checkpoint = Type.Object({
  treeSize: Count,
  rootHash: Hash,
  checkpoint: Type.String({ description: 'the C2SP signed note, verbatim' }),
  vkey: Type.String({ description: 'C2SP verifier key of the signing key' }),
  createdAt: Type.String(),
  anchor: Anchor,
})

export const InclusionProof = Type.Object({
  leafIndex: Count,
  treeSize: Count,
  leafHash: Hash,
  rootHash: Hash,
  proof: Type.Array(Hash, { description: 'RFC 6962 audit path, from the leaf’s sibling upward' }),
  checkpoint: Type.Union([Type.String(), Type.Null()], { description: 'the signed checkpoint of this tree size, if one was taken' }),
})

export const ConsistencyProof = Type.Object({
  fromSize: Count,
  toSize: Count,
  fromRoot: Hash,
  toRoot: Hash,
  proof: Type.Array(Hash),
  fromCheckpoint: Type.Union([Type.String(), Type.Null()]),
  toCheckpoint: Type.Union([Type.String(), Type.Null()]),
})

export const LogKey = Type.Object({
  origin: Type.String({ description: 'the log id: first line of every checkpoint' }),
  name: Type.String(),
  vkey: Type.String({ description: 'C2SP verifier key; pin it out of band' }),
  treeSize: Count,
})

export const ExportStatus = Type.Union([Type.Literal('PENDING_APPROVAL'), Type.Literal('AVAILABLE'), Type.Literal('REJECTED'), Type.Literal('EXPIRED')])

export const ExportRequest = Type.Object({
  id: Type.String(),
  reason: Type.String(),
  includePersonalData: Type.Boolean(),
  treeSize: Count,
  status: ExportStatus,
  requestedBy: Type.String(),
  requestedAt: Type.String(),
  decidedBy: NStr,
  decidedAt: NStr,
  decisionComment: NStr,
  expiresAt: Type.String(),
})

export const ExportWithManifest = Type.Intersect([
  ExportRequest,
  Type.Object({ manifest: Type.Union([Type.Unknown(), Type.Null()], { description: 'manifest.json (src/audit/README.md §3.2), for the requester once available; segment i at /segments/i' }) }),
])

export const Page = <T extends ReturnType<typeof Type.Object>>(item: T) => Type.Object({ items: Type.Array(item), nextCursor: NStr })
