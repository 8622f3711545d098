import type { Kysely } from 'kysely'
import { encodeFunctionData, type Address, type Hex } from 'viem'
import { listCheckpointsToAnchor, recordCheckpointAnchor } from '../../audit/log/anchor.ts'
import { toStoredCheckpoint, type StoredCheckpoint } from '../../audit/log/checkpoint.ts'
import { auditTables, type AuditDb } from '../../audit/log/schema.ts'
import { settleByChain, UNSUCCESSFUL_ANCHOR_TX, type AnchorProgress, type AnchorStatus } from '../../audit/log/anchor-on-chain.ts'
import { auditAnchorAbi } from '../../chain/generated/abis.ts'
import type { CustodyContext } from '../context.ts'
import { createTransaction } from '../transactions/create-transaction.ts'
import { ensureSystemVault } from '../vaults/create-vault.ts'
import { AUDIT_ANCHOR_VAULT_PURPOSE } from './anchor-contract.ts'
import { ANCHOR_CORRELATION_PREFIX } from './checkpoint-step.ts'

/** The client id custody's own anchoring transactions are created under (their idempotency scope). */
export const ANCHOR_CLIENT_ID = 'custody:audit-anchor'

export type { AnchorProgress, AnchorStatus }

export interface AnchorStepOptions {
  origin: string
  logId: Hex
  anchor: Address
  /** Least time between a failed attempt and the next (doubling with each failure, at most an hour), by the context's clock. */
  retryAfterMs: number
}

const UNSUCCESSFUL = UNSUCCESSFUL_ANCHOR_TX

type Attempt = { id: string; status: string; sub_status: string | null; status_reason: string | null; tx_hash: string | null; block_number: bigint | null; updated_at: Date; external_tx_id: string }

function audit(ctx: CustodyContext): AuditDb {
  return ctx.db as unknown as Kysely<any>
}

function baseExternalId(logId: Hex, treeSize: bigint): string {
  return `${ANCHOR_CORRELATION_PREFIX}${logId}:${treeSize}`
}

async function attemptsFor(ctx: CustodyContext, base: string): Promise<Attempt[]> {
  return ctx.db
    .selectFrom('transactions')
    .select(['id', 'status', 'sub_status', 'status_reason', 'tx_hash', 'block_number', 'updated_at', 'external_tx_id'])
    .where('client_id', '=', ANCHOR_CLIENT_ID)
    .where((eb) => eb.or([eb('external_tx_id', '=', base), eb('external_tx_id', 'like', `${base}:%`)]))
    .orderBy('created_at', 'desc')
    .execute()
}

/** Follows the checkpoint whose anchoring transaction is under way; true while it still is. */
async function followInFlight(ctx: CustodyContext, cp: StoredCheckpoint, out: AnchorProgress[]): Promise<boolean> {
  const t = cp.anchor.txId ? await ctx.db.selectFrom('transactions').select(['id', 'status', 'sub_status', 'status_reason', 'tx_hash', 'block_number']).where('id', '=', cp.anchor.txId).executeTakeFirst() : undefined
  if (!t) {
    // The transaction row is gone (cannot happen short of a restore): anchor again.
    await recordCheckpointAnchor(audit(ctx), cp.treeSize, { status: 'FAILED' })
    out.push({ treeSize: cp.treeSize, status: 'FAILED', reason: 'anchoring transaction not found' })
    return false
  }
  if (t.status === 'COMPLETED') {
    await recordCheckpointAnchor(audit(ctx), cp.treeSize, { status: 'CONFIRMED', txId: t.id, txHash: t.tx_hash, block: t.block_number })
    ctx.logger.info({ treeSize: cp.treeSize.toString(), txId: t.id, txHash: t.tx_hash }, 'audit checkpoint anchored')
    out.push({ treeSize: cp.treeSize, status: 'CONFIRMED', txId: t.id })
    return false
  }
  if (UNSUCCESSFUL.has(t.status)) {
    const reason = `${t.status}${t.sub_status ? `/${t.sub_status}` : ''}${t.status_reason ? `: ${t.status_reason}` : ''}`
    await recordCheckpointAnchor(audit(ctx), cp.treeSize, { status: 'FAILED', txId: t.id, txHash: t.tx_hash })
    ctx.logger.warn(
      { treeSize: cp.treeSize.toString(), txId: t.id, reason },
      /NotAnchorer/.test(reason) ? 'audit anchor refused: the AuditAnchor admin must allow the custody audit-anchor vault (allowAuditAnchorer)' : 'audit anchor transaction did not complete; it will be retried',
    )
    out.push({ treeSize: cp.treeSize, status: 'FAILED', txId: t.id, reason })
    return false
  }
  if (t.tx_hash && t.tx_hash !== cp.anchor.txHash) await recordCheckpointAnchor(audit(ctx), cp.treeSize, { status: 'SUBMITTED', txHash: t.tx_hash })
  return true
}

/**
 * Starts (or adopts) the anchoring of one checkpoint; returns true when a
 * transaction is now under way. The chain is read first: a root already
 * there, a larger tree already anchored, or a different root for this size
 * settle the checkpoint without a transaction.
 */
async function anchorOne(ctx: CustodyContext, cp: StoredCheckpoint, opts: AnchorStepOptions, out: AnchorProgress[]): Promise<boolean> {
  const onChain = await settleByChain(audit(ctx), ctx.chain.publicClient, cp, { anchor: opts.anchor, logId: opts.logId, logger: ctx.logger, what: 'audit checkpoint' }, out)
  if (onChain === 'settled') return false
  const base = baseExternalId(opts.logId, cp.treeSize)
  if (onChain === 'ours') {
    // Anchored before its outcome was recorded (a crash, another process): keep the transaction if it is ours.
    const done = (await attemptsFor(ctx, base)).find((a) => a.status === 'COMPLETED')
    await recordCheckpointAnchor(audit(ctx), cp.treeSize, done ? { status: 'CONFIRMED', txId: done.id, txHash: done.tx_hash, block: done.block_number } : { status: 'CONFIRMED' })
    out.push({ treeSize: cp.treeSize, status: 'CONFIRMED', ...(done && { txId: done.id }) })
    return false
  }

  const attempts = await attemptsFor(ctx, base)
  const last = attempts[0]
  if (last && !UNSUCCESSFUL.has(last.status)) {
    // Created before a crash or by another process, and not recorded yet: follow that one.
    await recordCheckpointAnchor(audit(ctx), cp.treeSize, { status: 'SUBMITTED', txId: last.id, txHash: last.tx_hash })
    out.push({ treeSize: cp.treeSize, status: 'SUBMITTED', txId: last.id })
    return true
  }
  // Back off (doubling, at most an hour) while attempts keep failing, e.g. before the vault is allowed.
  const wait = Math.min(opts.retryAfterMs * 2 ** Math.max(0, attempts.length - 1), 3600_000)
  if (last && ctx.clock.now().getTime() - last.updated_at.getTime() < wait) return true

  const vault = await ensureSystemVault(ctx, AUDIT_ANCHOR_VAULT_PURPOSE, AUDIT_ANCHOR_VAULT_PURPOSE)
  const externalTxId = attempts.length === 0 ? base : `${base}:${attempts.length + 1}`
  const { transaction } = await createTransaction(ctx, {
    initiator: { keyId: 'system', clientId: ANCHOR_CLIENT_ID },
    input: {
      externalTxId,
      sourceVaultId: vault.id,
      to: opts.anchor,
      data: encodeFunctionData({ abi: auditAnchorAbi, functionName: 'anchor', args: [opts.logId, cp.treeSize, `0x${cp.rootHash}` as Hex] }),
      note: `anchor audit checkpoint ${cp.treeSize} of ${opts.origin}`,
    },
    correlationId: externalTxId,
  })
  await recordCheckpointAnchor(audit(ctx), cp.treeSize, { status: 'SUBMITTED', txId: transaction.id, txHash: null, block: null })
  out.push({ treeSize: cp.treeSize, status: 'SUBMITTED', txId: transaction.id })
  return true
}

/**
 * One step of anchoring, smallest tree first and one transaction at a time
 * (the contract accepts only growing sizes, so order matters): follows the
 * transaction under way, and when there is none starts the next checkpoint's.
 * Safe to repeat and to run after a crash: transactions are idempotent by
 * `audit-anchor:<logId>:<treeSize>[:<attempt>]`.
 */
export async function advanceAnchoring(ctx: CustodyContext, opts: AnchorStepOptions): Promise<AnchorProgress[]> {
  const out: AnchorProgress[] = []
  const db = auditTables(audit(ctx))
  const inFlight = await db.selectFrom('audit_checkpoints').selectAll().where('anchor_status', '=', 'SUBMITTED').orderBy('tree_size').execute()
  for (const row of inFlight) {
    if (await followInFlight(ctx, toStoredCheckpoint(row), out)) return out
  }
  // A few settle without a transaction (already anchored, skipped); stop at the first that needs one.
  for (let i = 0; i < 20; i++) {
    const [next] = await listCheckpointsToAnchor(audit(ctx), 1)
    if (!next) return out
    if (await anchorOne(ctx, next, opts, out)) return out
  }
  return out
}
