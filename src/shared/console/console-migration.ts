import { sql, type ColumnType, type Kysely, type Migration } from 'kysely'

type Json<T> = ColumnType<T, string, string>

export interface PasskeyCredentialsTable {
  /** base64url credential id, as the authenticator names it. */
  credential_id: string
  principal_id: string
  /** The COSE public key, base64url. Public: it verifies, it cannot sign. */
  public_key: string
  alg: number
  sign_count: ColumnType<bigint, bigint | number, bigint | number>
  transports: Json<string[]>
  aaguid: string
  label: string
  enrolment_id: string
  created_at: Date
  last_used_at: Date | null
  revoked_at: Date | null
  revoked_by: string | null
}

export interface ConsoleEnrolmentsTable {
  id: string
  /** SHA-256 of the one-time token in the link; the token itself is never stored. */
  token_hash: string
  principal_id: string
  issued_by: string
  issued_at: Date
  expires_at: Date
  used_at: Date | null
  credential_id: string | null
}

export interface ConsoleSessionsTable {
  id: string
  /** SHA-256 of the cookie's token. */
  token_hash: string
  principal_id: string
  credential_id: string
  created_at: Date
  last_seen_at: Date
  expires_at: Date
  revoked_at: Date | null
  revoked_by: string | null
  ip: string
  user_agent: string
}

export interface WebAuthnChallengesTable {
  id: string
  /** base64url */
  challenge: string
  purpose: 'sign-in' | 'enrol'
  enrolment_id: string | null
  expires_at: Date
  used_at: Date | null
}

export interface ConsoleTables {
  passkey_credentials: PasskeyCredentialsTable
  console_enrolments: ConsoleEnrolmentsTable
  console_sessions: ConsoleSessionsTable
  webauthn_challenges: WebAuthnChallengesTable
}

/** Creates the console's tables (passkeys, one-time enrolment links, sessions, WebAuthn challenges); each service lists it under its own key. */
export const consoleMigration: Migration = {
  async up(db: Kysely<any>) {
    await sql`create table passkey_credentials (
      credential_id text primary key,
      principal_id text not null,
      public_key text not null,
      alg integer not null,
      sign_count bigint not null default 0,
      transports jsonb not null default '[]',
      aaguid text not null,
      label text not null,
      enrolment_id text not null,
      created_at timestamptz not null,
      last_used_at timestamptz,
      revoked_at timestamptz,
      revoked_by text
    )`.execute(db)
    await sql`create index passkey_credentials_principal on passkey_credentials (principal_id)`.execute(db)
    await sql`create table console_enrolments (
      id text primary key,
      token_hash text not null unique,
      principal_id text not null,
      issued_by text not null,
      issued_at timestamptz not null,
      expires_at timestamptz not null,
      used_at timestamptz,
      credential_id text
    )`.execute(db)
    await sql`create table console_sessions (
      id text primary key,
      token_hash text not null unique,
      principal_id text not null,
      credential_id text not null,
      created_at timestamptz not null,
      last_seen_at timestamptz not null,
      expires_at timestamptz not null,
      revoked_at timestamptz,
      revoked_by text,
      ip text not null,
      user_agent text not null
    )`.execute(db)
    await sql`create index console_sessions_principal on console_sessions (principal_id) where revoked_at is null`.execute(db)
    await sql`create table webauthn_challenges (
      id text primary key,
      challenge text not null,
      purpose text not null check (purpose in ('sign-in', 'enrol')),
      enrolment_id text,
      expires_at timestamptz not null,
      used_at timestamptz
    )`.execute(db)
  },
  async down(db: Kysely<any>) {
    for (const t of ['webauthn_challenges', 'console_sessions', 'console_enrolments', 'passkey_credentials']) await sql`drop table ${sql.table(t)}`.execute(db)
  },
}
