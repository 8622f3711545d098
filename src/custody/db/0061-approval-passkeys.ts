import { sql, type Migration } from 'kysely'

/**
 * The passkey evidence of an approval or rejection made in the console: the statement
 * signed (transaction, decision, digest of the view shown), the view itself, and the
 * assertion exactly as the authenticator produced it, with the credential's public key.
 * One row per vote; nothing here can sign.
 */
export const approvalPasskeysMigration: Migration = {
  async up(db) {
    await sql`
      create table tx_approval_passkeys (
        transaction_id text not null references transactions (id),
        key_id text not null,
        decision text not null check (decision in ('APPROVE', 'REJECT')),
        statement jsonb not null,
        view jsonb not null,
        view_digest text not null,
        credential_id text not null,
        public_key text not null,
        client_data_json text not null,
        authenticator_data text not null,
        signature text not null,
        session_id text,
        created_at timestamptz not null,
        primary key (transaction_id, key_id)
      )`.execute(db)
  },
  async down(db) {
    await sql`drop table tx_approval_passkeys`.execute(db)
  },
}
