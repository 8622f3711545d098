import { getAddress, type Address, type Hex } from 'viem'
import type { StoredCheckpoint } from '../../../audit/log/checkpoint.ts'
import { auditLogId, checkpointIfDue } from '../../../audit/log/checkpoint-if-due.ts'
import type { LogSigner } from '../../../audit/log/log-key.ts'
import type { AuditDb } from '../../../audit/log/schema.ts'
import type { PlatformContext } from '../../context.ts'
import { advancePlatformAnchoring, newAnchorState, type AnchorProgress } from './anchor-step.ts'
import { startSingleFlightLoop } from '../../../shared/service/single-flight-loop.ts'

export interface PlatformAuditCheckpointsOptions {
  /** Least time between two checkpoints, by the context's clock (default PLATFORM_AUDIT_CHECKPOINT_SECONDS). */
  intervalMs: number
  /** The log id (default PLATFORM_AUDIT_ORIGIN); keccak256 of it is the on-chain log id. */
  origin: string
  /** The AuditAnchor contract (default: the platform's deployments' one, on this chain). Null: never anchor. */
  auditAnchor: Address | null
  /** Real-time period of the background loop (default: the interval, at most 5 s). Null: no loop, the caller calls tick(). */
  pollMs: number | null
  /** Wait after a failed anchoring attempt before the next, doubling per failure (default 60 s, by the context's clock). */
  retryAfterMs: number
}

export interface PlatformAuditCheckpointsTick {
  /** The checkpoint signed by this tick, if one was due. */
  checkpoint: StoredCheckpoint | null
  /** What happened to anchors (empty when nothing moved or anchoring is off). */
  anchors: AnchorProgress[]
}

export interface PlatformAuditCheckpoints {
  /** The on-chain id of this log (keccak256 of the origin). */
  readonly logId: Hex
  /** One round: checkpoint if due, then advance anchoring. Concurrent calls share one round. */
  tick(): Promise<PlatformAuditCheckpointsTick>
  /** Stops the loop and waits for a round in progress. */
  stop(): Promise<void>
}

/**
 * Checkpoints the platform's audit log at an interval (signed C2SP
 * checkpoints) and anchors each on-chain through custody: the platform never
 * signs, so it asks custody (CustodyProvider) to send `AuditAnchor.anchor(
 * logId, treeSize, root)` from a hot vault with purpose
 * `platform-audit-anchor`, and records the outcome on the checkpoint when
 * custody reports the transaction COMPLETED. Without an AuditAnchor,
 * checkpoints are still signed (a warning is logged once).
 *
 * @example
 * const audit = startPlatformAuditCheckpoints(ctx, platformLogSigner(masterKey, ctx.config.PLATFORM_AUDIT_ORIGIN))
 * // on shutdown
 * await audit.stop()
 */
export function startPlatformAuditCheckpoints(ctx: PlatformContext, signer: LogSigner, overrides: Partial<PlatformAuditCheckpointsOptions> = {}): PlatformAuditCheckpoints {
  const intervalMs = overrides.intervalMs ?? ctx.config.PLATFORM_AUDIT_CHECKPOINT_SECONDS * 1000
  const origin = overrides.origin ?? ctx.config.PLATFORM_AUDIT_ORIGIN
  const retryAfterMs = overrides.retryAfterMs ?? 60_000
  const logId = auditLogId(origin)
  const state = newAnchorState()
  let warned = false

  function anchorAddress(): Address | null {
    if (overrides.auditAnchor !== undefined) return overrides.auditAnchor === null ? null : getAddress(overrides.auditAnchor)
    const d = ctx.chain.deployments
    const usable = d?.auditAnchor && d.chainId === ctx.chain.chainId ? getAddress(d.auditAnchor) : null
    if (!usable && !warned) {
      warned = true
      ctx.logger.warn({ chainId: ctx.chain.chainId, deploymentsChainId: d?.chainId }, 'no AuditAnchor in the platform deployments for this chain: platform audit checkpoints are signed but not anchored')
    }
    return usable
  }

  async function round(): Promise<PlatformAuditCheckpointsTick> {
    const checkpoint = await checkpointIfDue({ db: ctx.db as unknown as AuditDb, clock: ctx.clock, signer, origin, intervalMs })
    if (checkpoint) ctx.logger.info({ treeSize: checkpoint.treeSize.toString(), rootHash: checkpoint.rootHash }, 'platform audit checkpoint signed')
    const anchor = anchorAddress()
    const anchors = anchor ? await advancePlatformAnchoring(ctx, state, { origin, logId, anchor, retryAfterMs }) : []
    return { checkpoint, anchors }
  }

  const loop = startSingleFlightLoop(round, {
    pollMs: overrides.pollMs === null ? null : (overrides.pollMs ?? Math.max(Math.min(intervalMs, 5000), 100)),
    onError: (err) => ctx.logger.error({ code: (err as { code?: string }).code, message: (err as Error).message }, 'platform audit checkpoint or anchoring failed'),
  })
  return { logId, tick: loop.tick, stop: loop.stop }
}
