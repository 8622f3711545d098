import { Type } from 'typebox'

const NStr = Type.Union([Type.String(), Type.Null()])

/** A token operation (mint, transfer, pause, unpause) and its custody transaction. */
export const Operation = Type.Object({
  id: Type.String(),
  tokenId: Type.String(),
  kind: Type.String(),
  investorId: NStr,
  toInvestorId: NStr,
  toAddress: NStr,
  quantity: NStr,
  agreementRef: NStr,
  idempotencyKey: NStr,
  status: Type.String({ description: 'SUBMITTED, PENDING_AUTHORIZATION (a custody approver must approve), COMPLETED, AWAITING_REINCLUSION (was COMPLETED; its transaction left the chain in a reorg and custody is sending the same signed transaction again) or FAILED' }),
  statusCode: NStr,
  statusReason: NStr,
  externalTxId: Type.String(),
  custodyTxId: NStr,
  custodyStatus: NStr,
  txHash: NStr,
  createdBy: Type.String(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
})

/** A token: its terms, its suite's addresses and (for an ACTIVE token) what the chain says now. */
export const Token = Type.Object({
  id: Type.String(),
  name: Type.String(),
  symbol: Type.String(),
  decimals: Type.Integer(),
  claimTopics: Type.Array(Type.String()),
  compliance: Type.Object({
    allowedCountries: Type.Optional(Type.Array(Type.String())),
    deniedCountries: Type.Optional(Type.Array(Type.String())),
    maxBalance: Type.Optional(Type.String()),
    supplyLimit: Type.Optional(Type.String()),
    maxHolders: Type.Optional(Type.String()),
    lockupDays: Type.Optional(Type.Integer()),
  }),
  status: Type.String({ description: 'DEPLOYING, ACTIVE or FAILED' }),
  statusReason: NStr,
  addresses: Type.Object({
    token: NStr,
    identityRegistry: NStr,
    identityRegistryStorage: NStr,
    compliance: NStr,
    trustedIssuersRegistry: NStr,
    claimTopicsRegistry: NStr,
    transferRestrictions: Type.Union([Type.String({ description: 'the on-chain ERC-1404 view (detectTransferRestriction) every token shares' }), Type.Null()]),
  }),
  modules: Type.Array(Type.String()),
  paused: Type.Union([Type.Boolean(), Type.Null()]),
  totalSupply: NStr,
  deployment: Type.Union([Type.Object({ custodyTxId: Type.String(), status: Type.String(), txHash: NStr }), Type.Null()]),
  deployBlock: NStr,
  createdBy: Type.String(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
})
