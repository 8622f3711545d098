/**
 * The "who" of an audit entry: the acting principal, with the means it used.
 *
 * ```
 * person:pr_4f…/apikey:ck_abc                 a person, through one of its API keys
 * person:pr_4f…/session:cs_9d…                a person, through a console session
 * service:pr_70…/apikey:ck_def/for:platform:person:pr_12…/apikey:pk_1
 *                                             a service, through its key, for a person of another service
 * ```
 *
 * The principal comes first so that every key, rotated key and session of one person
 * reads as one actor; the means follow, one `/`-separated segment each; a `for:` segment,
 * when present, is the last one and holds the (signed) on-behalf-of claim verbatim.
 * Entries written before principals existed keep their `apikey:<key id>` or
 * `console:<principal>/session:<id>` actor: the hash chain covers them as they are.
 */

export type ActorKind = 'person' | 'service'

/** What an actor is built from: an authenticated caller ({@link import('./verify-request.ts').Principal} fits). */
export interface ActorSource {
  keyId: string
  principalId: string
  principalKind?: ActorKind
  /** A console session's id: the means instead of the key. */
  sessionId?: string
  onBehalfOf?: string
}

/** The audit actor of an authenticated caller. */
export function auditActor(p: ActorSource): string {
  const who = `${p.principalKind ?? 'person'}:${p.principalId}`
  const means = p.sessionId !== undefined ? `session:${p.sessionId}` : `apikey:${p.keyId}`
  return `${who}/${means}${p.onBehalfOf !== undefined ? `/for:${p.onBehalfOf}` : ''}`
}

export interface ParsedActor {
  /** The acting principal, when the actor names one (new-format entries). */
  principal?: { kind: ActorKind; id: string }
  keyId?: string
  sessionId?: string
  /** The on-behalf-of claim, e.g. `platform:person:pr_…/apikey:pk_…`. */
  onBehalfOf?: string
}

/** Reads an actor string back; legacy and `system:` actors give what they name. */
export function parseAuditActor(actor: string): ParsedActor {
  const forAt = actor.indexOf('/for:')
  const head = forAt === -1 ? actor : actor.slice(0, forAt)
  const out: ParsedActor = forAt === -1 ? {} : { onBehalfOf: actor.slice(forAt + 5) }
  for (const seg of head.split('/')) {
    const colon = seg.indexOf(':')
    if (colon === -1) continue
    const kind = seg.slice(0, colon)
    const id = seg.slice(colon + 1)
    if (kind === 'person' || kind === 'service') out.principal = { kind, id }
    else if (kind === 'console') out.principal = { kind: 'person', id }
    else if (kind === 'apikey') out.keyId = id
    else if (kind === 'session') out.sessionId = id
  }
  return out
}

/**
 * The principal an on-behalf-of claim names, without the means: `platform:person:pr_1/apikey:pk_2`
 * → `platform:person:pr_1`. Claims of the old form (`platform:apikey:pk_2`) name only a key,
 * which then stands for its holder.
 */
export function claimedPrincipal(onBehalfOf: string): string {
  const slash = onBehalfOf.indexOf('/')
  return slash === -1 ? onBehalfOf : onBehalfOf.slice(0, slash)
}
