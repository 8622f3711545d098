import type { Operation, PolicyRequest, VaultTier } from '../policy/index.ts'
import type { TransactionRow } from '../transactions/serialize.ts'

/** What the policy sees of a transaction's effect, from custody's own decoding of the calldata. */
export interface PolicySubject {
  operation: Operation
  /** `NATIVE` or the token address. */
  asset: string
  amount: bigint
  methodSelector?: string
}

/** Facts about a transaction that live outside its row. */
export interface RequestFacts {
  tier: VaultTier
  /** The initiator key's approval groups (empty for system initiators). */
  groups: readonly string[]
  /** The destination is the address of one of custody's own vaults. */
  internal: boolean
  /** The destination is on the active whitelist. */
  whitelisted: boolean
}

type SubjectColumns = Pick<TransactionRow, 'operation' | 'asset' | 'amount' | 'value' | 'method_selector'>

/**
 * Maps a transaction's decoded operation onto the policy's vocabulary. A burn (which the
 * policy has no operation for) and any other call are `CONTRACT_CALL`s whose asset and
 * amount are the native value sent, as the policy README prescribes; rules reach them by
 * method selector and call target.
 */
export function policySubject(t: SubjectColumns): PolicySubject {
  const selector = t.method_selector ?? undefined
  const withSelector = <T extends object>(o: T) => (selector ? { ...o, methodSelector: selector } : o)
  switch (t.operation) {
    case 'NATIVE_TRANSFER':
      return { operation: 'NATIVE_TRANSFER', asset: 'NATIVE', amount: BigInt(t.value) }
    case 'TOKEN_TRANSFER':
    case 'TOKEN_MINT':
      return withSelector({ operation: t.operation, asset: t.asset ?? 'NATIVE', amount: BigInt(t.amount ?? '0') })
    default:
      return withSelector({ operation: 'CONTRACT_CALL' as const, asset: 'NATIVE', amount: BigInt(t.value) })
  }
}

/** Where the transaction's value goes: the recipient of a transfer or mint, else the call target. */
export function destinationOf(t: Pick<TransactionRow, 'destination' | 'to_address'>): string {
  return t.destination ?? t.to_address
}

/** The question asked of the policy about one transaction. */
export function policyRequestOf(t: TransactionRow, facts: RequestFacts): PolicyRequest {
  return {
    ...policySubject(t),
    initiator: { keyId: t.created_by, groups: facts.groups, ...(t.acting_principal ? { principal: t.acting_principal } : {}) },
    sourceVault: { id: t.source_vault_id, tier: facts.tier },
    destination: { address: destinationOf(t), kind: facts.internal ? 'INTERNAL' : facts.whitelisted ? 'WHITELISTED' : 'EXTERNAL' },
  }
}
