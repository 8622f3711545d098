import { sql, type Kysely } from 'kysely'
import { auditActor } from './audit-actor.ts'

/**
 * The audit actor for a caller known only by its key id (votes, initiators and requesters
 * stored by key): the key's principal and kind from `api_keys` and `principals`, in the
 * caller's transaction. A console session stands in a key id's place with its principal's
 * id, which gives `<kind>:<principal>` with no means; a key id no table knows (a built-in
 * system key) stays `apikey:<id>`.
 *
 * @example await actorOfKey(tx, 'ck_abc') // 'person:pr_4f…/apikey:ck_abc'
 */
export async function actorOfKey(db: Kysely<any>, keyId: string): Promise<string> {
  const key = await sql<{ principal_id: string; kind: 'person' | 'service' | null }>`
    select k.principal_id, p.kind from api_keys k left join principals p on p.id = k.principal_id where k.key_id = ${keyId}`.execute(db)
  const row = key.rows[0]
  if (row) return auditActor({ keyId, principalId: row.principal_id, principalKind: row.kind ?? 'person' })
  const principal = await sql<{ kind: 'person' | 'service' }>`select kind from principals where id = ${keyId}`.execute(db)
  return principal.rows[0] ? `${principal.rows[0].kind}:${keyId}` : `apikey:${keyId}`
}
