import { sql, type Kysely, type Migration } from 'kysely'

/**
 * CLAIM-mode distributions and stock dividends. A claim round's leaves
 * (`distribution_claims`: one per holder paid, plus the escrow vault's sum), the requests that asked for a claim (`distribution_claim_requests`,
 * by idempotency key), the round's on-chain id, what the issuer took back
 * after the deadline and the withholding remitted for what was claimed. Statuses grow CLAIMABLE and CLOSED (distribution) and
 * CLAIMED and UNCLAIMED (entitlement). Adds the DISTRIBUTION_CLAIM workflow
 * kind to the shared check (every kind of WORKFLOW_KINDS at this point).
 */
export const distributionClaimsMigration: Migration = {
  async up(db: Kysely<any>) {
    await sql`alter table distributions drop constraint if exists distributions_status_check`.execute(db)
    await sql`alter table distributions add constraint distributions_status_check check (status in ('DECLARED', 'SNAPSHOTTED', 'APPROVED', 'PAYING', 'CLAIMABLE', 'DISBURSED', 'CLOSED', 'FAILED'))`.execute(db)
    await sql`alter table distributions add column claim_round_id text`.execute(db)
    await sql`alter table distributions add column claim_root text`.execute(db)
    await sql`alter table distributions add column claim_total numeric(78,0)`.execute(db)
    await sql`alter table distributions add column claimed_total numeric(78,0)`.execute(db)
    await sql`alter table distributions add column reclaimed_total numeric(78,0)`.execute(db)
    await sql`alter table distributions add column reclaim_tx_hash text`.execute(db)
    await sql`alter table distributions add column tax_remitted numeric(78,0)`.execute(db)
    await sql`alter table distributions add column tax_tx_hash text`.execute(db)
    await sql`alter table distributions add column claims_opened_at timestamptz`.execute(db)
    await sql`alter table distributions add column closed_at timestamptz`.execute(db)
    await sql`alter table distributions add column batch_mint_id text`.execute(db)
    await sql`alter table distribution_entitlements drop constraint if exists distribution_entitlements_status_check`.execute(db)
    await sql`alter table distribution_entitlements add constraint distribution_entitlements_status_check check (status in ('PENDING', 'PAID', 'ESCROWED', 'EXCLUDED', 'FAILED', 'CLAIMED', 'UNCLAIMED'))`.execute(db)
    await sql`create table distribution_claims (
      distribution_id text not null references distributions (id),
      claim_index integer not null,
      kind text not null check (kind in ('HOLDER', 'ESCROW')),
      account text not null,
      amount numeric(78,0) not null check (amount > 0),
      holders jsonb not null,
      investor_id text,
      proof jsonb not null,
      status text not null check (status in ('OPEN', 'REQUESTED', 'CLAIMED', 'FAILED', 'UNCLAIMED')),
      status_reason text,
      external_tx_id text not null unique,
      custody_tx_id text,
      tx_hash text,
      requested_by text,
      requested_at timestamptz,
      claimed_at timestamptz,
      primary key (distribution_id, claim_index)
    )`.execute(db)
    await sql`create index distribution_claims_investor on distribution_claims (distribution_id, investor_id)`.execute(db)
    await sql`create table distribution_claim_requests (
      idempotency_key text primary key,
      request_hash text not null,
      distribution_id text not null references distributions (id),
      investor_id text not null,
      claim_index integer not null,
      requested_by text not null,
      requested_at timestamptz not null
    )`.execute(db)
    await sql`alter table workflows drop constraint if exists workflows_kind_check`.execute(db)
    await sql`alter table workflows add constraint workflows_kind_check check (kind in (
      'SCREEN', 'ONBOARD', 'REVOKE_CLAIM', 'TOKEN_DEPLOY', 'TOKEN_OPERATION',
      'BATCH_MINT', 'OFFERING_CLOSE', 'SUBSCRIPTION_PAYMENT', 'SUBSCRIPTION_REFUND', 'INVESTOR_FREEZE',
      'DISTRIBUTION', 'REDEMPTION_OFFER', 'AGENT_ACTION', 'WALLET_RECOVERY', 'CASH_AUTO_PAY', 'CASH_WITHDRAWAL',
      'DISTRIBUTION_CLAIM'
    ))`.execute(db)
  },
}
