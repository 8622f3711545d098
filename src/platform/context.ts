import type { Kysely } from 'kysely'
import type { Chain, PublicClient, Transport } from 'viem'
import type { Clock } from '../shared/clock.ts'
import type { Logger } from '../shared/logger.ts'
import type { Deployments } from '../chain/deployments.ts'
import type { PlatformConfig } from './config.ts'
import type { PlatformDB } from './db/schema.ts'
import type { CustodyProvider, RoleVaults } from './modules/custody/public.ts'
import type { KycProvider } from './modules/kyc/public.ts'

/** Timings and rules of onboarding (from PlatformConfig, or set by tests). */
export interface PlatformSettings {
  /** How long an approved KYC, and the claim that carries it on-chain, stays valid. */
  kycValidityMs: number
  /** A clean screening approves by itself; otherwise a compliance officer decides every case. */
  autoApprove: boolean
  /** Business time between two screenings of an ACTIVE investor. */
  rescreenIntervalMs: number
  /** Real-time wait before a step waiting on custody asks it again. */
  custodyPollMs: number
  /** Real-time idle wait of a workflow worker. */
  workerPollMs: number
  /** Lease a worker holds on a workflow it advances. */
  leaseMs: number
  /** Longest wait before a failed workflow step is tried again (the waits double from 0.5 s up to it). */
  retryMaxMs: number
  /** Real-time interval of the expiry and rescreening jobs. */
  schedulerIntervalMs: number
}

/** A KYC provider; the embedded one can also re-read its sanctions list. */
export type PlatformKycProvider = KycProvider & { reload?(): Promise<{ changed: boolean; version: string; entries: number }> }

/** What every platform service function takes. The platform reads the chain; it never signs. */
export interface PlatformContext {
  db: Kysely<PlatformDB>
  databaseKind: 'pglite' | 'postgres'
  chain: { rpcUrl: string; chainId: number; publicClient: PublicClient<Transport, Chain>; deployments: Deployments | null }
  /** Business time: KYC expiry, audit timestamps, schedules. */
  clock: Clock
  logger: Logger
  config: PlatformConfig
  custody: CustodyProvider
  /** The custody vaults holding the platform's on-chain roles, found by purpose. */
  roles: { get(): Promise<RoleVaults> }
  kyc: PlatformKycProvider
  settings: PlatformSettings
  /** Called after a commit that enqueued outbound webhook events. */
  eventsCommitted(): void
  /** Nudges this process's workflow workers to look for work now. */
  wake(): void
  /** Test hook: called at named points of a workflow (crash tests kill the process there). */
  failpoint?(name: string): void
}
