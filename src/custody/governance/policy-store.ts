import type { CustodyContext } from '../context.ts'
import { compilePolicy, parsePolicy, validatePolicy, type PolicyDocument, type PolicyFormat } from '../policy/index.ts'
import { ConflictError, NotFoundError, ValidationError } from '../../shared/errors.ts'
import { openChangeRequest, latestChangeRequestFor } from './change-requests.ts'
import { DEFAULT_POLICY } from './default-policy.ts'
import { serializePolicyVersion, type ChangeRequestView } from './serialize.ts'

export interface PolicyDraftInput {
  /** The document as YAML or JSON text (policy as code), or … */
  text?: string
  format?: PolicyFormat
  /** … as an already-decoded JSON value. */
  document?: unknown
  comment?: string
}

/** Parses and validates a draft from either form; the text kept is what the author wrote. */
export function readPolicyInput(input: PolicyDraftInput): { document: PolicyDocument; text: string; format: PolicyFormat } {
  if ((input.text === undefined) === (input.document === undefined)) throw new ValidationError('give the policy as exactly one of "text" (YAML or JSON) or "document"')
  if (input.text !== undefined) {
    const format = input.format ?? (/^\s*[{[]/.test(input.text) ? 'json' : 'yaml')
    return { document: parsePolicy(input.text, format), text: input.text, format }
  }
  const document = validatePolicy(input.document)
  return { document, text: JSON.stringify(document, null, 2), format: 'json' }
}

/**
 * Stores a new policy version as a DRAFT and opens the admin change request that alone
 * can activate it. The draft is compiled first, so a document the engine cannot run is
 * refused here, not at activation.
 *
 * @throws PolicyInvalidError (`POLICY_INVALID`, 400) listing every problem.
 */
export async function createPolicyDraft(ctx: CustodyContext, input: PolicyDraftInput, by: { keyId: string; correlationId?: string }) {
  const { document, text, format } = readPolicyInput(input)
  compilePolicy(document)
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      const created = await ctx.db.transaction().execute(async (tx) => {
        const last = await tx.selectFrom('policy_versions').select((eb) => eb.fn.max('version').as('v')).executeTakeFirst()
        const version = Number(last?.v ?? 0) + 1
        const row = await tx
          .insertInto('policy_versions')
          .values({
            version,
            label: document.version ?? null,
            document: JSON.stringify(document),
            source_text: text,
            source_format: format,
            status: 'DRAFT',
            comment: input.comment ?? null,
            created_by: by.keyId,
            created_at: ctx.clock.now(),
            activated_at: null,
            superseded_at: null,
          })
          .returningAll()
          .executeTakeFirstOrThrow()
        const changeRequest = await openChangeRequest(ctx, tx, {
          kind: 'POLICY_ACTIVATE',
          target: String(version),
          payload: { version, label: row.label, comment: input.comment ?? null },
          requestedBy: by.keyId,
          correlationId: by.correlationId,
        })
        return { draft: serializePolicyVersion(row), changeRequest }
      })
      ctx.events.committed?.()
      return created
    } catch (err) {
      // Two drafts created at once may pick the same number: take the next one.
      if ((err as { code?: string }).code !== '23505') throw err
    }
  }
  throw new ConflictError('BUSY', 'policy versions kept changing; try again')
}

export async function getPolicyVersion(ctx: CustodyContext, version: number) {
  const row = await ctx.db.selectFrom('policy_versions').selectAll().where('version', '=', version).executeTakeFirst()
  if (!row) throw new NotFoundError('policy version', String(version))
  return { ...serializePolicyVersion(row), changeRequest: await latestChangeRequestFor(ctx, 'POLICY_ACTIVATE', String(version)) }
}

export async function listPolicyVersions(ctx: CustodyContext, limit = 50) {
  const rows = await ctx.db.selectFrom('policy_versions').selectAll().orderBy('version', 'desc').limit(Math.min(Math.max(limit, 1), 200)).execute()
  return rows.map(serializePolicyVersion)
}

/** The policy in force and who approved it; the built-in default when no version was ever activated. */
export async function describeActivePolicy(ctx: CustodyContext) {
  const row = await ctx.db.selectFrom('policy_versions').selectAll().where('status', '=', 'ACTIVE').executeTakeFirst()
  if (!row) {
    return {
      source: 'builtin' as const,
      version: null,
      label: DEFAULT_POLICY.document.version ?? null,
      document: DEFAULT_POLICY.document,
      text: DEFAULT_POLICY.text,
      format: DEFAULT_POLICY.format,
      activatedAt: null,
      createdBy: 'system:builtin',
      approvedBy: [] as ChangeRequestView['votes'],
      changeRequestId: null,
    }
  }
  const request = await latestChangeRequestFor(ctx, 'POLICY_ACTIVATE', String(row.version))
  const view = serializePolicyVersion(row)
  return {
    source: 'governed' as const,
    version: view.version,
    label: view.label,
    document: view.document,
    text: view.text,
    format: view.format,
    activatedAt: view.activatedAt,
    createdBy: view.createdBy,
    approvedBy: (request?.votes ?? []).filter((v) => v.decision === 'APPROVE'),
    changeRequestId: request?.id ?? null,
  }
}

