import { Type } from 'typebox'

const NStr = Type.Union([Type.String(), Type.Null()])

export const InvestorStatus = Type.Union([
  Type.Literal('PENDING_KYC'),
  Type.Literal('IN_REVIEW'),
  Type.Literal('APPROVED'),
  Type.Literal('ACTIVE'),
  Type.Literal('REJECTED'),
  Type.Literal('SUSPENDED'),
  Type.Literal('EXPIRED'),
])

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
