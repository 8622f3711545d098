import { CustosError } from '../../../shared/errors.ts'

/** Why an agent action is refused (422); nothing is recorded and nothing is asked of custody. */
export const AGENT_REFUSALS = {
  TARGET_INVALID: 'name the holder by exactly one of address or investorId',
  INVESTOR_WALLET_MISSING: 'the investor has no custodial wallet yet',
  AMOUNT_NOT_POSITIVE: 'amount must be greater than zero',
  FREEZE_EXCEEDS_BALANCE: 'the holder does not have that many unfrozen tokens to freeze',
  UNFREEZE_EXCEEDS_FROZEN: 'the holder does not have that many frozen tokens to unfreeze',
  TRANSFER_EXCEEDS_BALANCE: 'the holder does not hold that many tokens',
  BURN_EXCEEDS_BALANCE: 'the holder does not hold that many tokens',
  RECEIVER_NOT_VERIFIED: 'the destination is not a verified identity of the token (T-REX refuses tokens to it)',
  SAME_WALLET: 'the destination is the holder itself',
} as const
export type AgentRefusal = keyof typeof AGENT_REFUSALS

export class AgentActionRefusedError extends CustosError {
  override readonly name = 'AgentActionRefusedError'
  constructor(reason: AgentRefusal, details: Record<string, unknown> = {}, detail?: string) {
    super(`AGENT_${reason}`, `${AGENT_REFUSALS[reason]}${detail ? ` (${detail})` : ''}`, { status: 422, details: { reason, ...details } })
  }
}

/** Why a wallet recovery is refused; nothing is recorded. */
export const RECOVERY_REFUSALS = {
  INVESTOR_NOT_ACTIVE: 'only an ACTIVE investor with a custodial wallet and an ONCHAINID identity can be recovered',
  IN_PROGRESS: 'a wallet recovery of this investor is still running',
} as const
export type RecoveryRefusal = keyof typeof RECOVERY_REFUSALS

export class WalletRecoveryRefusedError extends CustosError {
  override readonly name = 'WalletRecoveryRefusedError'
  constructor(reason: RecoveryRefusal, details: Record<string, unknown> = {}) {
    super(`WALLET_RECOVERY_${reason}`, RECOVERY_REFUSALS[reason], { status: reason === 'IN_PROGRESS' ? 409 : 422, details: { reason, ...details } })
  }
}
