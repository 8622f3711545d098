import { encodeFunctionData, toFunctionSelector, type Address, type Hex } from 'viem'
import { listCheckpointsToAnchor, recordCheckpointAnchor } from '../../../audit/log/anchor.ts'
import { toStoredCheckpoint, type StoredCheckpoint } from '../../../audit/log/checkpoint.ts'
import { ANCHOR_CORRELATION_PREFIX } from '../../../audit/log/checkpoint-if-due.ts'
import { auditTables, type AuditDb } from '../../../audit/log/schema.ts'
import { settleByChain, UNSUCCESSFUL_ANCHOR_TX, type AnchorProgress, type AnchorStatus } from '../../../audit/log/anchor-on-chain.ts'
import { auditAnchorAbi } from '../../../chain/generated/abis.ts'
import type { PlatformContext } from '../../context.ts'
import type { CustodyTransaction, CustodyVault } from '../custody/public.ts'

/** Purpose (and name) of the hot custody vault that signs the platform's anchors. */
export const PLATFORM_AUDIT_ANCHOR_VAULT_PURPOSE = 'platform-audit-anchor'

export type { AnchorProgress, AnchorStatus }

export interface PlatformAnchorStepOptions {
  origin: string
  logId: Hex
  anchor: Address
  /** Least time between a failed attempt and the next (doubling per failure, at most an hour), by the context's clock. */
  retryAfterMs: number
}

/** Per-process state of the anchoring: the vault once found, and back-off after failures. */
export interface PlatformAnchorState {
  vault: CustodyVault | null
  /** treeSize → failures so far and when the next attempt may start (ms, context clock). */
  backoff: Map<bigint, { failures: number; notBefore: number }>
}

const UNSUCCESSFUL = UNSUCCESSFUL_ANCHOR_TX
const ANCHOR_SELECTOR = toFunctionSelector('anchor(bytes32,uint64,bytes32)')

/** `audit-anchor:<logId>:<treeSize>` for the first attempt, `…:<n>` for the n-th. */
export function anchorExternalTxId(logId: Hex, treeSize: bigint, attempt = 1): string {
  const base = `${ANCHOR_CORRELATION_PREFIX}${logId}:${treeSize}`
  return attempt <= 1 ? base : `${base}:${attempt}`
}

export function newAnchorState(): PlatformAnchorState {
  return { vault: null, backoff: new Map() }
}

function audit(ctx: PlatformContext): AuditDb {
  return ctx.db as unknown as AuditDb
}

function describe(t: CustodyTransaction): string {
  return `${t.status}${t.subStatus ? `/${t.subStatus}` : ''}${t.statusReason ? `: ${t.statusReason}` : ''}`
}

/** The attempts custody holds for a checkpoint, first to last (found by externalTxId, which custody keys them by). */
async function attemptsFor(ctx: PlatformContext, logId: Hex, treeSize: bigint): Promise<CustodyTransaction[]> {
  const out: CustodyTransaction[] = []
  for (let n = 1; n <= 64; n++) {
    const t = await ctx.custody.findTransaction(anchorExternalTxId(logId, treeSize, n))
    if (!t) break
    out.push(t)
  }
  return out
}

async function anchorVault(ctx: PlatformContext, state: PlatformAnchorState): Promise<CustodyVault> {
  if (state.vault) return state.vault
  const [found] = await ctx.custody.findVaultsByPurpose(PLATFORM_AUDIT_ANCHOR_VAULT_PURPOSE)
  state.vault =
    found ?? (await ctx.custody.ensureVault({ name: `platform-${PLATFORM_AUDIT_ANCHOR_VAULT_PURPOSE}`, tier: 'hot', purpose: PLATFORM_AUDIT_ANCHOR_VAULT_PURPOSE }))
  return state.vault
}

async function confirmed(ctx: PlatformContext, cp: StoredCheckpoint, t: CustodyTransaction, out: AnchorProgress[]): Promise<void> {
  const receipt = t.txHash ? await ctx.chain.publicClient.getTransactionReceipt({ hash: t.txHash }).catch(() => null) : null
  await recordCheckpointAnchor(audit(ctx), cp.treeSize, { status: 'CONFIRMED', txId: t.id, txHash: t.txHash, block: receipt?.blockNumber ?? null })
  ctx.logger.info({ treeSize: cp.treeSize.toString(), txId: t.id, txHash: t.txHash }, 'platform audit checkpoint anchored')
  out.push({ treeSize: cp.treeSize, status: 'CONFIRMED', txId: t.id })
}

function failed(ctx: PlatformContext, state: PlatformAnchorState, cp: StoredCheckpoint, retryAfterMs: number): void {
  const prev = state.backoff.get(cp.treeSize)?.failures ?? 0
  const wait = Math.min(retryAfterMs * 2 ** prev, 3600_000)
  state.backoff.set(cp.treeSize, { failures: prev + 1, notBefore: ctx.clock.now().getTime() + wait })
}

/** Follows the checkpoint whose anchoring transaction is under way; true while it still is. */
async function followInFlight(ctx: PlatformContext, state: PlatformAnchorState, cp: StoredCheckpoint, opts: PlatformAnchorStepOptions, out: AnchorProgress[]): Promise<boolean> {
  const t = cp.anchor.txId ? await ctx.custody.getTransaction(cp.anchor.txId).catch(() => null) : null
  if (!t) {
    await recordCheckpointAnchor(audit(ctx), cp.treeSize, { status: 'FAILED' })
    out.push({ treeSize: cp.treeSize, status: 'FAILED', reason: 'anchoring transaction not found at custody' })
    return false
  }
  if (t.status === 'COMPLETED') {
    await confirmed(ctx, cp, t, out)
    return false
  }
  if (UNSUCCESSFUL.has(t.status)) {
    const reason = describe(t)
    await recordCheckpointAnchor(audit(ctx), cp.treeSize, { status: 'FAILED', txId: t.id, txHash: t.txHash })
    failed(ctx, state, cp, opts.retryAfterMs)
    ctx.logger.warn(
      { treeSize: cp.treeSize.toString(), txId: t.id, reason },
      /NotAnchorer/.test(reason)
        ? 'platform audit anchor refused: the AuditAnchor admin must allow the platform-audit-anchor vault (allowAuditAnchorer)'
        : 'platform audit anchor transaction did not complete; it will be retried',
    )
    out.push({ treeSize: cp.treeSize, status: 'FAILED', txId: t.id, reason })
    return false
  }
  if (t.txHash && t.txHash !== cp.anchor.txHash) await recordCheckpointAnchor(audit(ctx), cp.treeSize, { status: 'SUBMITTED', txHash: t.txHash })
  return true
}

/**
 * Starts (or adopts) the anchoring of one checkpoint; true when a custody
 * transaction is now under way (or waiting out a back-off). The chain is
 * read first: a root already there, a larger tree already anchored, or a
 * different root for this size settle the checkpoint without a transaction.
 */
async function anchorOne(ctx: PlatformContext, state: PlatformAnchorState, cp: StoredCheckpoint, opts: PlatformAnchorStepOptions, out: AnchorProgress[]): Promise<boolean> {
  const onChain = await settleByChain(audit(ctx), ctx.chain.publicClient, cp, { anchor: opts.anchor, logId: opts.logId, logger: ctx.logger, what: 'platform audit checkpoint' }, out)
  if (onChain === 'settled') return false
  if (onChain === 'ours') {
    // Anchored before its outcome was recorded (a crash, another process): keep the transaction if it is ours.
    const done = (await attemptsFor(ctx, opts.logId, cp.treeSize)).find((a) => a.status === 'COMPLETED')
    if (done) await confirmed(ctx, cp, done, out)
    else {
      await recordCheckpointAnchor(audit(ctx), cp.treeSize, { status: 'CONFIRMED' })
      out.push({ treeSize: cp.treeSize, status: 'CONFIRMED' })
    }
    return false
  }

  const attempts = await attemptsFor(ctx, opts.logId, cp.treeSize)
  const last = attempts.at(-1)
  if (last && !UNSUCCESSFUL.has(last.status)) {
    // Created before a crash or by another process and not recorded yet: follow that one.
    await recordCheckpointAnchor(audit(ctx), cp.treeSize, { status: 'SUBMITTED', txId: last.id, txHash: last.txHash })
    out.push({ treeSize: cp.treeSize, status: 'SUBMITTED', txId: last.id })
    return true
  }
  const backoff = state.backoff.get(cp.treeSize)
  if (last && backoff && ctx.clock.now().getTime() < backoff.notBefore) return true

  const vault = await anchorVault(ctx, state)
  const externalTxId = anchorExternalTxId(opts.logId, cp.treeSize, attempts.length + 1)
  const t = await ctx.custody.submitTransaction({
    externalTxId,
    sourceVaultId: vault.id,
    to: opts.anchor,
    data: encodeFunctionData({ abi: auditAnchorAbi, functionName: 'anchor', args: [opts.logId, cp.treeSize, `0x${cp.rootHash}` as Hex] }),
    intent: { type: 'contract.call', contract: opts.anchor, method: ANCHOR_SELECTOR },
    note: `anchor platform audit checkpoint ${cp.treeSize} of ${opts.origin}`,
  })
  await recordCheckpointAnchor(audit(ctx), cp.treeSize, { status: 'SUBMITTED', txId: t.id, txHash: t.txHash, block: null })
  out.push({ treeSize: cp.treeSize, status: 'SUBMITTED', txId: t.id })
  return true
}

/**
 * One step of anchoring the platform's checkpoints through custody, smallest
 * tree first and one transaction at a time (the contract accepts only
 * growing sizes): follows the transaction under way, and when there is none
 * starts the next checkpoint's. Safe to repeat and to run after a crash:
 * custody keeps transactions idempotent by `audit-anchor:<logId>:<treeSize>[:<attempt>]`.
 */
export async function advancePlatformAnchoring(ctx: PlatformContext, state: PlatformAnchorState, opts: PlatformAnchorStepOptions): Promise<AnchorProgress[]> {
  const out: AnchorProgress[] = []
  const db = auditTables(audit(ctx))
  const inFlight = await db.selectFrom('audit_checkpoints').selectAll().where('anchor_status', '=', 'SUBMITTED').orderBy('tree_size').execute()
  for (const row of inFlight) {
    if (await followInFlight(ctx, state, toStoredCheckpoint(row), opts, out)) return out
  }
  for (let i = 0; i < 20; i++) {
    const [next] = await listCheckpointsToAnchor(audit(ctx), 1)
    if (!next) return out
    if (await anchorOne(ctx, state, next, opts, out)) return out
  }
  return out
}
