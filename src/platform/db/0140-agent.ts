import { sql, type Kysely, type Migration } from 'kysely'

/**
 * The agent's powers: `agent_actions` (freeze, unfreeze, partial freeze and
 * unfreeze, forced transfer, burn — one custody transaction each, with its
 * reason and the holder's state before and after), `wallet_recoveries` (an
 * investor moved to a new custodial wallet), and the lock-up lots the
 * platform watches to announce their release once (`lockup_lots`, scanned
 * from `lockup_scan`). Amounts are numeric(78,0) base units. Adds the
 * AGENT_ACTION and WALLET_RECOVERY workflow kinds to the shared check (the
 * list of 0130 plus them).
 */
export const agentMigration: Migration = {
  async up(db: Kysely<any>) {
    await sql`create table wallet_recoveries (
      id text primary key,
      investor_id text not null references investors (id),
      reason text not null,
      old_vault_id text,
      old_wallet text not null,
      identity_address text not null,
      new_vault_id text,
      new_wallet text,
      status text not null check (status in ('PENDING', 'COMPLETED', 'FAILED')),
      status_code text,
      status_reason text,
      holdings jsonb,
      idempotency_key text not null unique,
      request_hash text not null,
      created_by text not null,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      completed_at timestamptz
    )`.execute(db)
    await sql`create index wallet_recoveries_investor on wallet_recoveries (investor_id, created_at)`.execute(db)
    await sql`create table agent_actions (
      id text primary key,
      token_id text not null references tokens (id),
      kind text not null check (kind in ('FREEZE', 'UNFREEZE', 'PARTIAL_FREEZE', 'PARTIAL_UNFREEZE', 'FORCED_TRANSFER', 'BURN')),
      investor_id text,
      address text not null,
      to_investor_id text,
      to_address text,
      amount numeric(78,0),
      reason text not null,
      recovery_id text references wallet_recoveries (id),
      idempotency_key text not null unique,
      request_hash text not null,
      external_tx_id text not null unique,
      custody_tx_id text,
      custody_status text,
      status text not null check (status in ('PENDING', 'SUBMITTED', 'COMPLETED', 'FAILED')),
      status_code text,
      status_reason text,
      tx_hash text,
      before_state jsonb not null,
      after_state jsonb,
      created_by text not null,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      completed_at timestamptz
    )`.execute(db)
    await sql`create index agent_actions_token on agent_actions (token_id, created_at)`.execute(db)
    await sql`create index agent_actions_recovery on agent_actions (recovery_id)`.execute(db)
    await sql`create table lockup_lots (
      token_id text not null references tokens (id),
      wallet text not null,
      release_at timestamptz not null,
      amount numeric(78,0) not null,
      first_seen_block bigint not null,
      released_notified_at timestamptz,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      primary key (token_id, wallet, release_at)
    )`.execute(db)
    await sql`create index lockup_lots_due on lockup_lots (release_at) where released_notified_at is null`.execute(db)
    await sql`create table lockup_scan (
      id text primary key,
      last_block bigint not null,
      updated_at timestamptz not null
    )`.execute(db)
    await sql`alter table workflows drop constraint if exists workflows_kind_check`.execute(db)
    await sql`alter table workflows add constraint workflows_kind_check check (kind in (
      'SCREEN', 'ONBOARD', 'REVOKE_CLAIM', 'TOKEN_DEPLOY', 'TOKEN_OPERATION',
      'BATCH_MINT', 'OFFERING_CLOSE', 'SUBSCRIPTION_PAYMENT', 'SUBSCRIPTION_REFUND', 'INVESTOR_FREEZE',
      'DISTRIBUTION', 'REDEMPTION_OFFER', 'AGENT_ACTION', 'WALLET_RECOVERY'
    ))`.execute(db)
  },
}
