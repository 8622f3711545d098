import type { Kysely } from 'kysely'
import type { Chain, PublicClient, Transport } from 'viem'
import type { Clock } from '../shared/clock.ts'
import type { Logger } from '../shared/logger.ts'
import type { ServiceMetrics } from '../shared/metrics/service-metrics.ts'
import type { KeyBackend } from './keys/signer.ts'
import type { CustodyConfig } from './config.ts'
import type { CustodyDB } from './db/schema.ts'
import type { EventSink } from './events.ts'

/**
 * How an address's signed transactions are handed to the node (decision 0022; carried out by pipeline/broadcast-order.ts):
 * - `ascending`: one at a time in nonce order, each after the node answered the one before.
 * - `gap-first`: a group's higher nonces first, together (the node keeps them as future
 *   transactions: their predecessor is missing), then — once every earlier nonce of the
 *   address is mined — the lowest, which makes the whole group ready at once. For a node
 *   that mines as it accepts (anvil's automine).
 */
// Declared here, not beside its code: this file imports nothing that imports it back.
export type BroadcastOrder = 'ascending' | 'gap-first'
export type BroadcastOrderSetting = BroadcastOrder | 'auto'

/** Settings of the transaction pipeline (from CustodyConfig, or set by tests). */
export interface PipelineSettings {
  /** Blocks on top of the receipt's block before COMPLETED (1 = mined), when finality is by confirmations. */
  confirmations: number
  /** What makes a transaction final: its depth, or the chain's `finalized` block (see pipeline/finality.ts). */
  finality: 'confirmations' | 'finalized'
  /** How long after COMPLETED a receipt is still re-checked against the canonical chain. */
  watchAfterFinalityMs: number
  /** How often the chain watch runs (receipts after completion, nonce drift, stuck alerts). */
  chainWatchMs: number
  /** No progress for this long raises a transaction.stuck alert. */
  stuckAlertAfterMs: number
  /** Highest max fee per gas a replacement may offer; null = no ceiling. */
  maxFeePerGasCeiling: bigint | null
  /** A broadcast transaction not mined after this long is replaced at the same nonce with a higher fee. */
  stuckAfterMs: number
  /** How often a CONFIRMING transaction looks for its receipt. */
  confirmPollMs: number
  /** Lease a worker holds on a claimed transaction. */
  leaseMs: number
  /** Fee bump on replacement, in percent (≥ 10 for most nodes). */
  replacementBumpPercent: number
  /** How an address's transactions are handed to the node (see pipeline/broadcast-order.ts). */
  broadcastOrder: BroadcastOrderSetting
  /** Gas station: smallest top-up, and largest. */
  gasTopUpMinWei: bigint
  gasTopUpCapWei: bigint
}

/** What every custody service function takes: plain values, no framework objects. */
export interface CustodyContext {
  db: Kysely<CustodyDB>
  databaseKind: 'pglite' | 'postgres'
  chain: {
    rpcUrl: string
    chainId: number
    publicClient: PublicClient<Transport, Chain>
    /**
     * Every node of the chain, when there are several (RPC_URLS): the pipeline reads and
     * sends through `current`, the one with the highest head (see pipeline/select-node.ts).
     */
    nodes?: { urls: string[]; current: string }
  }
  keys: KeyBackend
  events: EventSink
  clock: Clock
  logger: Logger
  config: CustodyConfig
  pipeline: PipelineSettings
  /** Nudges the pipeline worker(s) of this process to look for work now. */
  wake(): void
  /** The service's Prometheus metrics (the pipeline times its stages there). */
  metrics?: ServiceMetrics
  /** Test hook: called at named points of the pipeline (crash tests kill the process there). */
  failpoint?(name: string): void
}
