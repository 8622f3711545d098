import { Type } from 'typebox'

const NStr = Type.Union([Type.String(), Type.Null()])

export const Problem = Type.Object(
  { type: Type.String(), title: Type.String(), status: Type.Integer(), code: Type.String(), detail: Type.String() },
  { additionalProperties: true },
)
export const errors = { 400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem, 422: Problem, 503: Problem }

export const InvestorStatus = Type.Union([
  Type.Literal('PENDING_KYC'),
  Type.Literal('IN_REVIEW'),
  Type.Literal('APPROVED'),
  Type.Literal('ACTIVE'),
  Type.Literal('REJECTED'),
  Type.Literal('SUSPENDED'),
  Type.Literal('EXPIRED'),
])

export const AccreditationInput = Type.Object(
  {
    method: Type.String({ minLength: 1, maxLength: 64, description: 'e.g. income, net_worth, third_party_letter, professional' }),
    evidenceRef: Type.String({ minLength: 1, maxLength: 200, description: 'where the evidence is kept (never the document itself)' }),
    expiresAt: Type.String({ format: 'date-time', description: 'when the evidence stops being valid (ISO 8601)' }),
  },
  { additionalProperties: false },
)

export const CreateInvestorBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    email: Type.String({ minLength: 3, maxLength: 254, pattern: '^[^@\\s]+@[^@\\s]+$' }),
    country: Type.String({ pattern: '^[A-Za-z]{2}$', description: 'ISO 3166-1 alpha-2 (residence, or incorporation for an entity)' }),
    type: Type.Union([Type.Literal('individual'), Type.Literal('entity')]),
    accreditation: Type.Optional(AccreditationInput),
    externalRef: Type.Optional(Type.String({ minLength: 1, maxLength: 200, pattern: '^[A-Za-z0-9._:/-]+$', description: 'your id for this investor; makes creation idempotent' })),
    walletAddresses: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: 128 }), { maxItems: 20, description: 'addresses the investor pays from or receives to, screened against the sanctions list' }),
    ),
  },
  { additionalProperties: false },
)

const Reason = Type.Object({ code: Type.String(), message: Type.String() })
const Match = Type.Object(
  {
    listEntryId: Type.String(),
    name: Type.String(),
    matchedOn: Type.String(),
    score: Type.Number(),
    alias: Type.Optional(Type.String()),
    program: Type.Optional(Type.String()),
    address: Type.Optional(Type.String()),
  },
  { additionalProperties: true },
)

export const Investor = Type.Object({
  id: Type.String(),
  name: Type.String(),
  email: Type.String(),
  country: Type.String(),
  type: Type.String(),
  accreditation: Type.Union([Type.Object({ method: Type.String(), evidenceRef: Type.String(), expiresAt: Type.String() }), Type.Null()]),
  externalRef: NStr,
  walletAddresses: Type.Array(Type.String()),
  status: InvestorStatus,
  statusCode: NStr,
  statusReason: NStr,
  vaultId: NStr,
  walletAddress: NStr,
  identityAddress: NStr,
  kyc: Type.Union([
    Type.Object({
      provider: NStr,
      providerRef: NStr,
      outcome: Type.String(),
      reasons: Type.Array(Reason),
      sanctionsMatches: Type.Array(Match),
      checkedAt: Type.String(),
      decision: NStr,
      decidedBy: NStr,
      decidedAt: NStr,
      decisionReason: NStr,
      approvedAt: NStr,
      expiresAt: NStr,
      lastScreenedAt: NStr,
    }),
    Type.Null(),
  ]),
  kycExpiresAt: NStr,
  accreditationExpiresAt: NStr,
  onboarding: Type.Union([Type.Object({ workflowId: Type.String(), kind: Type.String(), step: Type.String(), status: Type.String(), lastError: NStr }), Type.Null()]),
  createdBy: Type.String(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
})

export const Workflow = Type.Object({
  id: Type.String(),
  kind: Type.String(),
  step: Type.String(),
  status: Type.String(),
  attempts: Type.Integer(),
  lastError: NStr,
  lastErrorCode: NStr,
  waitingOn: NStr,
  state: Type.Unknown(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  completedAt: NStr,
})

export const Page = <T extends ReturnType<typeof Type.Object>>(item: T) => Type.Object({ items: Type.Array(item), nextCursor: NStr })
export const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) })
