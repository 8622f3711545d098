import { Type } from 'typebox'

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
