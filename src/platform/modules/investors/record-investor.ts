import type { Kysely } from 'kysely'
import type { Clock } from '../../../shared/clock.ts'
import type { PlatformDB } from '../../db/schema.ts'
import type { InvestorRow } from './serialize.ts'
import type { ScreeningResult } from '../kyc/public.ts'

// The investor record's writers besides the status machine (change-status.ts):
// each runs inside the caller's transaction, which also writes the audit entry.

export interface NewInvestor {
  id: string
  name: string
  email: string
  /** ISO 3166-1 alpha-2, normalised. */
  country: string
  type: 'individual' | 'entity'
  accreditation: { method: string; evidenceRef: string; expiresAt: string } | null
  externalRef: string | null
  walletAddresses: string[]
  /** Hash of the creating request (a repeat under the same externalRef must match it). */
  requestHash: string
  createdBy: string
  at: Date
}

/** Inserts an investor in PENDING_KYC; undefined when another one already holds its externalRef. */
export async function insertInvestor(tx: Kysely<PlatformDB>, i: NewInvestor): Promise<InvestorRow | undefined> {
  return tx
    .insertInto('investors')
    .values({
      id: i.id,
      name: i.name,
      email: i.email,
      country: i.country,
      type: i.type,
      accreditation: i.accreditation ? JSON.stringify(i.accreditation) : null,
      external_ref: i.externalRef,
      wallet_addresses: JSON.stringify(i.walletAddresses),
      request_hash: i.requestHash,
      status: 'PENDING_KYC',
      claim_seq: 0,
      created_by: i.createdBy,
      created_at: i.at,
      updated_at: i.at,
    })
    .onConflict((oc) => oc.column('external_ref').doNothing())
    .returningAll()
    .executeTakeFirst()
}

/** Makes a screening the investor's latest (provider, reference, outcome, result, when). */
export async function recordInvestorScreening(tx: Kysely<PlatformDB>, ctx: { clock: Clock }, investorId: string, p: { provider: string; result: ScreeningResult }): Promise<InvestorRow> {
  const now = ctx.clock.now()
  return tx
    .updateTable('investors')
    .set({
      kyc_provider: p.provider,
      kyc_provider_ref: p.result.providerRef,
      kyc_outcome: p.result.outcome,
      kyc_result: JSON.stringify(p.result),
      kyc_checked_at: new Date(p.result.checkedAt),
      last_screened_at: now,
      updated_at: now,
    })
    .where('id', '=', investorId)
    .returningAll()
    .executeTakeFirstOrThrow()
}

/** Records a compliance officer's decision on the investor's case (the status moves separately). */
export async function recordKycDecision(tx: Kysely<PlatformDB>, investorId: string, d: { decision: 'APPROVE' | 'REJECT'; decidedBy: string; at: Date; reason: string }): Promise<InvestorRow> {
  return tx
    .updateTable('investors')
    .set({ kyc_decision: d.decision, kyc_decided_by: d.decidedBy, kyc_decided_at: d.at, kyc_decision_reason: d.reason })
    .where('id', '=', investorId)
    .returningAll()
    .executeTakeFirstOrThrow()
}

/** Records the investor's custody vault and the wallet address its key controls. */
export async function recordInvestorVault(tx: Kysely<PlatformDB>, ctx: { clock: Clock }, investorId: string, v: { vaultId: string; walletAddress: string }): Promise<void> {
  await tx.updateTable('investors').set({ vault_id: v.vaultId, wallet_address: v.walletAddress, updated_at: ctx.clock.now() }).where('id', '=', investorId).execute()
}

/** Records the investor's ONCHAINID identity contract. */
export async function recordInvestorIdentity(tx: Kysely<PlatformDB>, ctx: { clock: Clock }, investorId: string, identity: string | null): Promise<void> {
  await tx.updateTable('investors').set({ identity_address: identity, updated_at: ctx.clock.now() }).where('id', '=', investorId).execute()
}
