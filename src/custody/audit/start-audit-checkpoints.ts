import { getAddress, type Address, type Hex } from 'viem'
import type { StoredCheckpoint } from '../../audit/log/checkpoint.ts'
import type { LogSigner } from '../../audit/log/log-key.ts'
import type { CustodyContext } from '../context.ts'
import { auditLogId, custodyAuditAnchor, custodyDeploymentsFile } from './anchor-contract.ts'
import { advanceAnchoring, type AnchorProgress } from './anchor-step.ts'
import { checkpointIfDue } from './checkpoint-step.ts'
import { startSingleFlightLoop } from '../../shared/service/single-flight-loop.ts'

export interface AuditCheckpointsOptions {
  /** Least time between two checkpoints, by the context's clock. */
  intervalMs: number
  signer: LogSigner
  /** The log id, e.g. `custos.dev/custody/main`; keccak256 of it is the on-chain log id. */
  origin: string
  /**
   * The AuditAnchor contract. Default: the one the deployments file names
   * (CUSTODY_DEPLOYMENTS_FILE, else CUSTOS_HOME/deployments.json), looked for
   * again on every tick until found. Null: never anchor.
   */
  auditAnchor?: Address | null
  /** Real-time period of the background loop (default: the interval, at most 5 s). Null: no loop, the caller calls tick(). */
  pollMs?: number | null
  /** Wait after a failed anchoring attempt before the next, doubling per failure (default 60 s, by the context's clock). */
  retryAfterMs?: number
}

export interface AuditCheckpointsTick {
  /** The checkpoint signed by this tick, if one was due. */
  checkpoint: StoredCheckpoint | null
  /** What happened to anchors (empty when nothing moved or anchoring is off). */
  anchors: AnchorProgress[]
}

export interface AuditCheckpoints {
  /** The on-chain id of this log (keccak256 of the origin). */
  readonly logId: Hex
  /** One round: checkpoint if due, then advance anchoring. Concurrent calls share one round. */
  tick(): Promise<AuditCheckpointsTick>
  /** Stops the loop and waits for a round in progress. */
  stop(): Promise<void>
}

/**
 * Checkpoints custody's audit log at an interval (signed C2SP checkpoints)
 * and anchors every checkpoint on-chain through custody's own pipeline: a hot
 * system vault (purpose `audit-anchor`) calls `AuditAnchor.anchor(logId,
 * treeSize, root)` as an ordinary custody transaction, whose outcome is
 * recorded on the checkpoint. Without an AuditAnchor, checkpoints are still
 * signed (a warning is logged once).
 *
 * @example
 * const audit = startAuditCheckpoints(ctx, { intervalMs: 300_000, signer: custodyLogSigner(masterKey, origin), origin })
 * // on shutdown
 * await audit.stop()
 */
export function startAuditCheckpoints(ctx: CustodyContext, opts: AuditCheckpointsOptions): AuditCheckpoints {
  const logId = auditLogId(opts.origin)
  const retryAfterMs = opts.retryAfterMs ?? 60_000
  let warned = false

  function anchorAddress(): Address | null {
    if (opts.auditAnchor !== undefined) return opts.auditAnchor === null ? null : getAddress(opts.auditAnchor)
    const found = custodyAuditAnchor(ctx.config)
    const usable = found && found.chainId === ctx.chain.chainId ? found.address : null
    if (!usable && !warned) {
      warned = true
      const file = custodyDeploymentsFile(ctx.config)
      ctx.logger.warn(
        { file, chainId: ctx.chain.chainId, fileChainId: found?.chainId },
        found ? 'the deployments file describes another chain: audit checkpoints are signed but not anchored' : 'no AuditAnchor in the deployments file: audit checkpoints are signed but not anchored',
      )
    }
    if (usable && warned) {
      warned = false
      ctx.logger.info({ auditAnchor: usable }, 'AuditAnchor found: anchoring audit checkpoints')
    }
    return usable
  }

  async function round(): Promise<AuditCheckpointsTick> {
    const checkpoint = await checkpointIfDue(ctx, { intervalMs: opts.intervalMs, signer: opts.signer, origin: opts.origin })
    if (checkpoint) ctx.logger.info({ treeSize: checkpoint.treeSize.toString(), rootHash: checkpoint.rootHash }, 'audit checkpoint signed')
    const anchor = anchorAddress()
    const anchors = anchor ? await advanceAnchoring(ctx, { origin: opts.origin, logId, anchor, retryAfterMs }) : []
    return { checkpoint, anchors }
  }

  const loop = startSingleFlightLoop(round, {
    pollMs: opts.pollMs === null ? null : (opts.pollMs ?? Math.min(opts.intervalMs, 5000)),
    onError: (err) => ctx.logger.error({ err }, 'audit checkpoint or anchoring failed'),
  })
  return { logId, tick: loop.tick, stop: loop.stop }
}
