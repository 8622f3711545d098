import { Type } from 'typebox'

const NStr = Type.Union([Type.String(), Type.Null()])

/** A holder's state on one token, read from the chain. */
export const HolderState = Type.Object(
  {
    address: Type.String(),
    balance: Type.String({ description: 'base units' }),
    frozenTokens: Type.String({ description: 'partially frozen base units (getFrozenTokens)' }),
    addressFrozen: Type.Boolean({ description: 'the whole address frozen (isFrozen)' }),
    lockedTokens: Type.Optional(Type.String({ description: 'base units in lock-up lots not yet released (CustosLockupModule)' })),
  },
  { title: 'HolderState' },
)

const States = Type.Object({ holder: HolderState, receiver: Type.Optional(HolderState) })

/** An agent's action on a holder of a token and its custody transaction. */
export const AgentAction = Type.Object(
  {
    id: Type.String(),
    tokenId: Type.String(),
    kind: Type.String({ description: 'FREEZE, UNFREEZE, PARTIAL_FREEZE, PARTIAL_UNFREEZE, FORCED_TRANSFER or BURN' }),
    investorId: NStr,
    address: Type.String({ description: 'the holder acted on (the sender of a forced transfer)' }),
    toInvestorId: NStr,
    toAddress: NStr,
    amount: NStr,
    reason: Type.String(),
    recoveryId: NStr,
    idempotencyKey: Type.String(),
    status: Type.String({ description: 'PENDING (custody not reached yet), SUBMITTED (see custodyStatus: PENDING_AUTHORIZATION waits for a custody approver), COMPLETED or FAILED (statusCode, statusReason)' }),
    statusCode: NStr,
    statusReason: NStr,
    externalTxId: Type.String(),
    custodyTxId: NStr,
    custodyStatus: NStr,
    txHash: NStr,
    before: States,
    after: Type.Union([States, Type.Null()]),
    createdBy: Type.String(),
    createdAt: Type.String(),
    completedAt: NStr,
  },
  { title: 'AgentAction' },
)

const Holding = Type.Object({ tokenId: Type.String(), balance: Type.String(), frozenTokens: Type.String(), lockedTokens: Type.String() })

/** A wallet recovery, its token actions and where its workflow stands. */
export const WalletRecovery = Type.Object(
  {
    id: Type.String(),
    investorId: Type.String(),
    reason: Type.String(),
    status: Type.String({ description: 'PENDING, COMPLETED or FAILED' }),
    statusCode: NStr,
    statusReason: NStr,
    oldWallet: Type.String(),
    oldVaultId: NStr,
    newWallet: NStr,
    newVaultId: NStr,
    identityAddress: Type.String(),
    holdings: Type.Union([Type.Array(Holding), Type.Null()]),
    idempotencyKey: Type.String(),
    createdBy: Type.String(),
    createdAt: Type.String(),
    completedAt: NStr,
    actions: Type.Array(AgentAction),
    workflow: Type.Union([Type.Object({ status: Type.String(), step: Type.String(), waitingFor: NStr, lastError: NStr }), Type.Null()]),
  },
  { title: 'WalletRecovery' },
)
