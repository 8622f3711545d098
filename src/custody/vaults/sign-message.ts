import { getAddress, isAddress, isHex, type Address, type Hex } from 'viem'
import type { CustodyContext } from '../context.ts'
import { recordChange } from '../events.ts'
import { signClaim } from '../keys/sign-claim.ts'
import { claimPayloadHash } from '../keys/sign-claim.ts'
import { ForbiddenError, ValidationError } from '../../shared/errors.ts'
import { policyRuntime } from '../governance/policy-runtime.ts'
import { getVaultRow } from './read-vaults.ts'
import type { VaultRow } from './serialize.ts'
import { actorOfKey } from '../../shared/auth/actor-of-key.ts'

export interface OnchainIdClaimPayload {
  type: 'onchainid.claim'
  identity: string
  topic: string
  data: string
}

export type TypedPayload = OnchainIdClaimPayload

/**
 * Asks the policy whether this vault may sign a message for `initiator` (operation
 * MESSAGE_SIGN, the message's subject as destination). A signature is returned at once, so
 * a rule that wants approval refuses it rather than wait. Throws 403 unless allowed.
 */
export async function authorizeMessageSigning(ctx: CustodyContext, vault: VaultRow, subject: { address: string; internal?: boolean }, initiator: { keyId: string; groups: readonly string[] }): Promise<void> {
  const runtime = policyRuntime(ctx)
  await runtime.ready()
  const address = subject.address.toLowerCase()
  const decision = runtime.evaluate({
    initiator: { keyId: initiator.keyId, groups: initiator.groups },
    operation: 'MESSAGE_SIGN',
    sourceVault: { id: vault.id, tier: vault.tier },
    destination: { address, kind: subject.internal ? 'INTERNAL' : runtime.isWhitelisted(address) ? 'WHITELISTED' : 'EXTERNAL' },
    asset: 'NATIVE',
    amount: 0n,
  })
  if (decision.action !== 'ALLOW') {
    throw new ForbiddenError(
      decision.action === 'BLOCK' ? 'BLOCKED_BY_POLICY' : 'MESSAGE_SIGNING_NEEDS_APPROVAL',
      decision.action === 'BLOCK' ? `the policy refuses this signature: ${decision.reason}` : `the policy wants approval for this signature, and signatures are not held for approval: ${decision.reason}`,
      { ruleId: decision.ruleId },
    )
  }
}

/**
 * Signs a known kind of message with a vault's key. Custody builds the digest
 * itself from typed fields; there is no way to have it sign an arbitrary hash
 * (which could be a transaction).
 */
export async function signTypedMessage(ctx: CustodyContext, vaultId: string, payload: TypedPayload, initiator: { keyId: string; groups: readonly string[] }, correlationId?: string) {
  const actor = await actorOfKey(ctx.db, initiator.keyId)
  const vault = await getVaultRow(ctx, vaultId)
  if (vault.tier === 'cold') throw new ValidationError('cold vaults never sign online')
  if (payload.type !== 'onchainid.claim') throw new ValidationError(`unknown payload type ${(payload as { type: string }).type}`)
  if (!isAddress(payload.identity, { strict: false })) throw new ValidationError('identity is not an address')
  if (!/^[0-9]{1,78}$/.test(payload.topic)) throw new ValidationError('topic must be a decimal uint256')
  if (!isHex(payload.data) || payload.data.length % 2 !== 0) throw new ValidationError('data must be 0x-prefixed hex')
  const claim = { identity: getAddress(payload.identity) as Address, topic: BigInt(payload.topic), data: payload.data as Hex }

  await authorizeMessageSigning(ctx, vault, { address: claim.identity.toLowerCase() }, initiator)
  const signer = await ctx.keys.signer(vault.key_ref)
  const signature = await signClaim(signer, claim)
  const digest = claimPayloadHash(claim)
  await ctx.db.transaction().execute(async (tx) => {
    await recordChange(tx, ctx.events, {
      at: ctx.clock.now(),
      actor,
      action: 'vault.message_signed',
      targetType: 'vault',
      targetId: vaultId,
      after: { type: payload.type, identity: claim.identity, topic: payload.topic, data: payload.data, payloadHash: digest, signature },
      correlationId: correlationId ?? null,
    })
  })
  return { vaultId, address: vault.address, type: payload.type, payloadHash: digest, signature }
}
