import { sql, type Kysely, type Migration } from 'kysely'

/**
 * Redemptions and buybacks settled delivery-versus-payment: an issuer's tender
 * offer or redemption window (`redemption_offers`), the investors' tenders and
 * redemption requests with their allocation and settlement
 * (`redemption_requests`). Amounts are numeric(78,0) base units. Adds the
 * REDEMPTION_OFFER workflow kind to the shared check (the list of 0120 plus it).
 */
export const redemptionsMigration: Migration = {
  async up(db: Kysely<any>) {
    await sql`create table redemption_offers (
      id text primary key,
      token_id text not null references tokens (id),
      kind text not null check (kind in ('TENDER', 'REDEMPTION')),
      pricing text not null check (pricing in ('FIXED', 'NAV')),
      asset text not null,
      asset_decimals integer not null,
      token_decimals integer not null,
      price_per_token numeric(78,0) not null check (price_per_token > 0),
      max_quantity numeric(78,0),
      opens_at timestamptz not null,
      closes_at timestamptz not null,
      settlement text not null check (settlement in ('TREASURY', 'BURN')),
      payer_vault_id text not null,
      payer_address text not null,
      tokens_to text,
      status text not null check (status in ('OPEN', 'ALLOCATED', 'SETTLING', 'SETTLED', 'FAILED')),
      status_code text,
      status_reason text,
      tendered_total numeric(78,0),
      allocated_total numeric(78,0),
      idempotency_key text not null unique,
      request_hash text not null,
      created_by text not null,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      settled_at timestamptz,
      check (closes_at > opens_at)
    )`.execute(db)
    await sql`create index redemption_offers_token on redemption_offers (token_id, created_at)`.execute(db)
    await sql`create table redemption_requests (
      id text primary key,
      offer_id text not null references redemption_offers (id),
      investor_id text not null,
      wallet text not null,
      quantity numeric(78,0) not null check (quantity > 0),
      allocated numeric(78,0),
      amount numeric(78,0),
      status text not null check (status in ('PENDING', 'ALLOCATED', 'NOT_ALLOCATED', 'SETTLED', 'FAILED')),
      status_code text,
      status_reason text,
      external_tx_id text not null unique,
      trade_id text not null,
      custody_tx_id text,
      tx_hash text,
      created_by text not null,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      settled_at timestamptz,
      unique (offer_id, investor_id)
    )`.execute(db)
    await sql`create index redemption_requests_investor on redemption_requests (investor_id)`.execute(db)
    await sql`alter table workflows drop constraint if exists workflows_kind_check`.execute(db)
    await sql`alter table workflows add constraint workflows_kind_check check (kind in (
      'SCREEN', 'ONBOARD', 'REVOKE_CLAIM', 'TOKEN_DEPLOY', 'TOKEN_OPERATION',
      'BATCH_MINT', 'OFFERING_CLOSE', 'SUBSCRIPTION_PAYMENT', 'SUBSCRIPTION_REFUND', 'INVESTOR_FREEZE',
      'DISTRIBUTION', 'REDEMPTION_OFFER'
    ))`.execute(db)
  },
}
