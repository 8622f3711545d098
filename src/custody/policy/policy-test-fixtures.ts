// Builders shared by this folder's tests and benchmark; not part of the policy API.
import { ManualClock } from '../../shared/clock.ts'
import type { PolicyDocument, PolicyRule } from './policy-document.ts'
import type { PolicyRequest } from './policy-request.ts'
import { VelocityLedger } from './velocity.ts'

export const USDC = '0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48'
export const SEC_TOKEN = '0x1111111111111111111111111111111111111111'
export const ALICE = '0x2222222222222222222222222222222222222222'
export const BOB = '0x3333333333333333333333333333333333333333'
export const TRANSFER_SELECTOR = '0xa9059cbb'
export const APPROVE_SELECTOR = '0x095ea7b3'

type RequestOverrides = Partial<Omit<PolicyRequest, 'initiator' | 'sourceVault' | 'destination'>> & {
  initiator?: Partial<PolicyRequest['initiator']>
  sourceVault?: Partial<PolicyRequest['sourceVault']>
  destination?: Partial<PolicyRequest['destination']>
}

/** A hot-vault token transfer of 100 USDC base units to a whitelisted address, with overrides. */
export function request(o: RequestOverrides = {}): PolicyRequest {
  return {
    operation: o.operation ?? 'TOKEN_TRANSFER',
    asset: o.asset ?? USDC,
    amount: o.amount ?? 100n,
    ...(o.methodSelector !== undefined ? { methodSelector: o.methodSelector } : {}),
    initiator: { keyId: 'key-ops-1', groups: ['operators'], ...o.initiator },
    sourceVault: { id: 'vault-treasury', tier: 'hot', ...o.sourceVault },
    destination: { address: ALICE, kind: 'WHITELISTED', ...o.destination },
  }
}

/** A document of the given rules, each defaulting to ALLOW. */
export function policy(...rules: (Partial<PolicyRule> & { id: string })[]): PolicyDocument {
  return { version: 'test', rules: rules.map((r) => ({ action: 'ALLOW', ...r }) as PolicyRule) }
}

export function velocityContext(start: Date | number = Date.UTC(2026, 0, 1), retentionSeconds = 31 * 24 * 3600) {
  const clock = new ManualClock(start)
  const velocity = new VelocityLedger({ clock, retentionSeconds })
  return { clock, velocity }
}
