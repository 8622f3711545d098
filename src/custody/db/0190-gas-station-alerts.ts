import { sql, type Migration } from 'kysely'

/**
 * An empty gas station (decision 0092): `gas_station_alerts`, one OPEN row per (chain,
 * station) while the station cannot pay the gas of a waiting transaction, so its
 * `gas_station.empty` alert goes out once per episode; RESOLVED when funding is seen.
 */
export const gasStationAlertsMigration: Migration = {
  async up(db) {
    await sql`
      create table gas_station_alerts (
        id text primary key,
        chain_id integer not null,
        vault_id text not null references vaults (id),
        address text not null,
        status text not null check (status in ('OPEN', 'RESOLVED')),
        balance text not null,
        needed text not null,
        raised_at timestamptz not null,
        resolved_at timestamptz
      )`.execute(db)
    await sql`create unique index gas_station_alerts_one_open on gas_station_alerts (chain_id, vault_id) where status = 'OPEN'`.execute(db)
  },
  async down(db) {
    await sql`drop table gas_station_alerts`.execute(db)
  },
}
