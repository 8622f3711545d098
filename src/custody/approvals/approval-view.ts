import { createHash } from 'node:crypto'
import { erc20Abi, formatUnits, getAddress, keccak256, type Address, type Hex } from 'viem'
import { canonicalJson } from '../../audit/hashing.ts'
import { ConflictError, NotFoundError } from '../../shared/errors.ts'
import { checkTokenCompliance, tokenMovementOf } from '../compliance/check-token-compliance.ts'
import { checkSecurityTokenCall } from '../compliance/check-security-token-call.ts'
import { isSecurityToken } from '../compliance/security-token.ts'
import type { CustodyContext } from '../context.ts'
import { destinationOf, policySubject } from '../governance/policy-request-of.ts'

/**
 * Everything an approver is shown about a transaction waiting for approval, and nothing
 * that changes by itself (no block numbers, no balances): its canonical JSON is hashed
 * into the digest a passkey signs. Member names avoid those the audit API redacts, so an
 * auditor reads back exactly the bytes that were hashed.
 */
export interface ApprovalView {
  v: 1
  chainId: number
  transaction: { id: string; externalTxId: string; initiator: string; createdAt: string; to: string; value: string; dataHash: string; note: string | null; intent: unknown }
  source: { vaultId: string; vaultName: string; tier: string; wallet: string }
  destination: { wallet: string; whitelisted: boolean; whitelistLabel: string | null; internal: boolean; internalVault: string | null }
  action: { operation: string; asset: string; symbol: string | null; decimals: number | null; amount: string; amountInUnits: string | null; methodSelector: string | null }
  policy: { version: number | null; ruleId: string | null; reason: string; group: string | null; quorum: number | null; expiresAt: string | null }
  compliance: { required: boolean; checked: boolean; ok: boolean | null; subStatus: string | null; reason: string | null }
  approvals: { by: string; decision: string; at: string }[]
}

const sha256Hex = (text: string) => createHash('sha256').update(text).digest('hex')

/** The digest of a view: hex SHA-256 of its canonical JSON (keys sorted, no whitespace). */
export const approvalDigest = (view: ApprovalView): string => sha256Hex(canonicalJson(view))

async function tokenFacts(ctx: CustodyContext, asset: string): Promise<{ symbol: string | null; decimals: number | null }> {
  if (asset === 'NATIVE') return { symbol: 'ETH', decimals: 18 }
  const client = ctx.chain.publicClient
  const [symbol, decimals] = await Promise.all([
    client.readContract({ address: asset as Address, abi: erc20Abi, functionName: 'symbol' }).catch(() => null),
    client.readContract({ address: asset as Address, abi: erc20Abi, functionName: 'decimals' }).catch(() => null),
  ])
  return { symbol, decimals }
}

/**
 * What the approver sees of transaction `id`: source vault, destination (whitelisted?
 * one of our vaults?), custody's own decoding of the call with the amount in units, the
 * policy rule that asked for approval, the token's compliance pre-check run now (outcome
 * only), and the votes cast so far.
 *
 * @throws NotFoundError; ConflictError `APPROVAL_NOT_REQUIRED` for a transaction that never waited for approval.
 */
export async function buildApprovalView(ctx: CustodyContext, id: string): Promise<{ view: ApprovalView; status: string; authorization: string }> {
  const t = await ctx.db.selectFrom('transactions').selectAll().where('id', '=', id).executeTakeFirst()
  if (!t) throw new NotFoundError('transaction', id)
  const a = await ctx.db.selectFrom('tx_authorizations').selectAll().where('transaction_id', '=', id).executeTakeFirst()
  if (!a || a.action !== 'REQUIRE_APPROVAL') throw new ConflictError('APPROVAL_NOT_REQUIRED', `transaction ${id} does not wait for approval (it is ${t.status})`, { status: t.status })
  const dest = destinationOf(t).toLowerCase()
  const [vault, internal, listed, votes] = await Promise.all([
    ctx.db.selectFrom('vaults').select(['id', 'name', 'tier', 'address']).where('id', '=', t.source_vault_id).executeTakeFirstOrThrow(),
    ctx.db.selectFrom('vaults').select('name').where((eb) => eb(eb.fn('lower', ['address']), '=', dest)).executeTakeFirst(),
    ctx.db.selectFrom('whitelist_entries').select('label').where('address', '=', dest).where('status', '=', 'ACTIVE').executeTakeFirst(),
    ctx.db.selectFrom('tx_approvals').select(['key_id', 'decision', 'created_at']).where('transaction_id', '=', id).orderBy('created_at').orderBy('key_id').execute(),
  ])
  const s = policySubject(t)
  const token = await tokenFacts(ctx, s.asset)
  const movement = s.asset !== 'NATIVE' ? tokenMovementOf(t.from_address, t.to_address, t.data) : null
  let compliance: ApprovalView['compliance'] = { required: a.require_token_checks, checked: false, ok: null, subStatus: null, reason: null }
  const security = t.data.length > 2 && (await isSecurityToken(ctx, t.to_address))
  if (security || movement) {
    const r = security ? await checkSecurityTokenCall(ctx, { txId: t.id, sender: t.from_address, token: t.to_address, data: t.data, value: BigInt(t.value) }) : await checkTokenCompliance(ctx.chain.publicClient, movement!)
    // The reason names the block it was read at; only the outcome is part of what is signed.
    compliance = r.ok ? { ...compliance, checked: true, ok: true } : { ...compliance, checked: true, ok: false, subStatus: r.subStatus, reason: r.failures.map((f) => f.message).join('; ') }
  }
  const view: ApprovalView = {
    v: 1,
    chainId: t.chain_id,
    transaction: {
      id: t.id,
      externalTxId: t.external_tx_id,
      initiator: t.created_by,
      createdAt: t.created_at.toISOString(),
      to: getAddress(t.to_address),
      value: t.value,
      dataHash: keccak256(t.data as Hex),
      note: t.note,
      intent: t.intent ?? null,
    },
    source: { vaultId: vault.id, vaultName: vault.name, tier: vault.tier, wallet: getAddress(vault.address) },
    destination: { wallet: getAddress(dest), whitelisted: listed !== undefined, whitelistLabel: listed?.label ?? null, internal: internal !== undefined, internalVault: internal?.name ?? null },
    action: {
      operation: t.operation,
      asset: s.asset === 'NATIVE' ? 'NATIVE' : getAddress(s.asset),
      symbol: token.symbol,
      decimals: token.decimals,
      amount: s.amount.toString(),
      amountInUnits: token.decimals === null ? null : formatUnits(s.amount, token.decimals),
      methodSelector: t.method_selector,
    },
    policy: { version: a.policy_version, ruleId: a.rule_id, reason: a.reason, group: a.approval_group, quorum: a.quorum, expiresAt: a.expires_at?.toISOString() ?? null },
    compliance,
    approvals: votes.map((v) => ({ by: v.key_id, decision: v.decision, at: v.created_at.toISOString() })),
  }
  return { view, status: t.status, authorization: a.status }
}
