import { Type } from 'typebox'

const NStr = Type.Union([Type.String(), Type.Null()])
const NInt = Type.Union([Type.Integer(), Type.Null()])

export const Vote = Type.Object({ keyId: Type.String(), decision: Type.String(), comment: NStr, at: Type.String() })

export const ChangeRequest = Type.Object({
  id: Type.String(),
  kind: Type.String({ description: 'POLICY_ACTIVATE, WHITELIST_ADD, WHITELIST_REMOVE, SIGNING_RESUME, PRINCIPAL_CREATE or PRINCIPAL_GRANT' }),
  target: Type.String({ description: 'the policy version number, or the lower-case address' }),
  payload: Type.Unknown(),
  status: Type.String({ description: 'PENDING, APPLIED, REJECTED or EXPIRED' }),
  quorum: Type.Integer({ description: 'approvals needed from admins other than the requester' }),
  approvals: Type.Integer(),
  requestedBy: Type.String(),
  requestedAt: Type.String(),
  expiresAt: Type.String(),
  resolvedAt: NStr,
  resolution: NStr,
  votes: Type.Array(Vote),
})

export const PolicyVersion = Type.Object({
  version: Type.Integer(),
  label: NStr,
  status: Type.String({ description: 'DRAFT, ACTIVE, SUPERSEDED, REJECTED or EXPIRED' }),
  document: Type.Unknown(),
  text: Type.String({ description: 'the document as submitted (YAML or JSON)' }),
  format: Type.String(),
  comment: NStr,
  createdBy: Type.String(),
  createdAt: Type.String(),
  activatedAt: NStr,
  supersededAt: NStr,
})

export const ActivePolicy = Type.Object({
  source: Type.String({ description: 'governed (an approved version) or builtin (no version was ever activated)' }),
  version: NInt,
  label: NStr,
  document: Type.Unknown(),
  text: Type.String(),
  format: Type.String(),
  activatedAt: NStr,
  createdBy: Type.String(),
  approvedBy: Type.Array(Vote),
  changeRequestId: NStr,
})

export const PolicyInput = {
  text: Type.Optional(Type.String({ minLength: 1, maxLength: 1_000_000, description: 'the policy document as YAML or JSON text' })),
  format: Type.Optional(Type.Union([Type.Literal('yaml'), Type.Literal('json')], { description: 'format of `text` (guessed when left out)' })),
  document: Type.Optional(Type.Unknown({ description: 'the policy document as a JSON value (instead of text)' })),
}

const Summary = Type.Object({ action: Type.String(), ruleId: NStr, approval: Type.Unknown(), requireTokenChecks: Type.Boolean() })

export const DryRunResult = Type.Object({
  activeVersion: NInt,
  total: Type.Integer(),
  changed: Type.Integer(),
  unchanged: Type.Integer(),
  actionChanged: Type.Integer(),
  transitions: Type.Record(Type.String(), Type.Integer()),
  differences: Type.Array(
    Type.Object({
      transactionId: Type.String(),
      externalTxId: NStr,
      at: Type.String(),
      operation: Type.String(),
      sourceVaultId: Type.String(),
      destination: Type.String(),
      asset: Type.String(),
      amount: Type.String(),
      before: Summary,
      after: Summary,
    }),
  ),
})

export const WhitelistEntry = Type.Object({ address: Type.String(), label: Type.String(), status: Type.String(), addedAt: Type.String(), addedByRequest: Type.String() })

export const ApprovalState = Type.Object({
  transactionId: Type.String(),
  status: Type.String({ description: 'ALLOWED, BLOCKED, PENDING, APPROVED, REJECTED or EXPIRED' }),
  action: Type.String(),
  ruleId: NStr,
  policyVersion: NInt,
  reason: Type.String(),
  group: NStr,
  quorum: NInt,
  approvals: Type.Integer(),
  expiresAt: NStr,
  authorizedAt: NStr,
  votes: Type.Array(Vote),
})
