import { sql, type Migration } from 'kysely'

/**
 * One authorization record per transaction (the policy's decision, the approval it needs,
 * when it passed) and the approvers' votes. `authorized_at` is when the transaction was
 * allowed (at once, or when its quorum was reached): the velocity ledger is rebuilt from it.
 */
export const transactionApprovalsMigration: Migration = {
  async up(db) {
    await sql`
      create table tx_authorizations (
        transaction_id text primary key references transactions (id),
        policy_version integer,
        rule_id text,
        action text not null check (action in ('ALLOW', 'BLOCK', 'REQUIRE_APPROVAL')),
        reason text not null,
        approval_group text,
        quorum integer,
        require_token_checks boolean not null,
        offline_signing boolean not null,
        tier_override text,
        status text not null check (status in ('ALLOWED', 'BLOCKED', 'PENDING', 'APPROVED', 'REJECTED', 'EXPIRED')),
        decided_at timestamptz not null,
        expires_at timestamptz,
        authorized_at timestamptz,
        compliance_checked_at timestamptz,
        resolved_at timestamptz
      )`.execute(db)
    await sql`create index tx_authorizations_pending on tx_authorizations (expires_at) where status = 'PENDING'`.execute(db)
    await sql`create index tx_authorizations_by_time on tx_authorizations (authorized_at) where authorized_at is not null`.execute(db)
    await sql`
      create table tx_approvals (
        transaction_id text not null references transactions (id),
        key_id text not null,
        decision text not null check (decision in ('APPROVE', 'REJECT')),
        comment text,
        created_at timestamptz not null,
        primary key (transaction_id, key_id)
      )`.execute(db)
  },
}
