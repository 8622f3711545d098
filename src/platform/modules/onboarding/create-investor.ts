import { createHash, randomUUID } from 'node:crypto'
import { ConflictError, CustosError, ValidationError } from '../../../shared/errors.ts'
import type { PlatformContext } from '../../context.ts'
import { recordChange } from '../../record-change.ts'
import { startWorkflow } from '../../engine/start-workflow.ts'
import { insertInvestor } from '../investors/public.ts'
import { normaliseCountryCode } from '../kyc/public.ts'
import { findInvestorByExternalRef, type InvestorRow } from '../investors/read-investors.ts'

export interface CreateInvestorInput {
  name: string
  email: string
  /** ISO 3166-1 alpha-2. */
  country: string
  type: 'individual' | 'entity'
  accreditation?: { method: string; evidenceRef: string; expiresAt: string }
  externalRef?: string
  /** Addresses the investor will pay from or receive to (screened against the sanctions list). */
  walletAddresses?: string[]
}

/** Workflow id of an investor's n-th screening. */
export const screenWorkflowId = (investorId: string, n: number) => `screen:${investorId}:${n}`

function requestHash(i: CreateInvestorInput): string {
  const canonical = JSON.stringify([i.name, i.email.toLowerCase(), i.country.toUpperCase(), i.type, i.accreditation ?? null, i.externalRef ?? null, i.walletAddresses ?? []])
  return createHash('sha256').update(canonical).digest('hex')
}

/**
 * Creates an investor in PENDING_KYC and queues its screening (a durable
 * workflow the worker runs at once). With an `externalRef` the call is
 * idempotent: the same body again returns the same investor
 * (`created: false`); another body under that ref is a 409.
 */
export async function createInvestor(ctx: PlatformContext, input: CreateInvestorInput, actor: string, correlationId?: string): Promise<{ investor: InvestorRow; created: boolean }> {
  const country = normaliseCountryCode(input.country)
  if (!country) {
    const hint = input.country.trim().toUpperCase() === 'UK' ? ' (the ISO code of the United Kingdom is GB)' : ''
    throw new ValidationError(`${JSON.stringify(input.country)} is not an ISO 3166-1 alpha-2 country code${hint}`, { field: 'country' })
  }
  if (input.accreditation && Number.isNaN(new Date(input.accreditation.expiresAt).getTime())) {
    throw new ValidationError('accreditation.expiresAt is not a date', { field: 'accreditation.expiresAt' })
  }
  const hash = requestHash(input)
  if (input.externalRef) {
    const existing = await findInvestorByExternalRef(ctx, input.externalRef)
    if (existing) return sameOrConflict(existing, hash)
  }
  const id = randomUUID()
  const now = ctx.clock.now()
  const investor = await ctx.db.transaction().execute(async (tx) => {
    const row = await insertInvestor(tx, {
      id,
      name: input.name.trim(),
      email: input.email.trim(),
      country,
      type: input.type,
      accreditation: input.accreditation ?? null,
      externalRef: input.externalRef ?? null,
      walletAddresses: input.walletAddresses ?? [],
      requestHash: hash,
      createdBy: actor,
      at: now,
    })
    if (!row) return undefined
    await startWorkflow(tx, ctx, { id: screenWorkflowId(id, 1), investorId: id, kind: 'SCREEN', step: 'screen', state: { purpose: 'onboarding' }, correlationId })
    // Personal data stays in the investors table; the audit log and webhooks carry ids and the country.
    await recordChange(tx, ctx, {
      at: now,
      actor,
      action: 'investor.created',
      targetType: 'investor',
      targetId: id,
      after: { status: 'PENDING_KYC', country, type: input.type, externalRef: input.externalRef ?? null, accreditation: input.accreditation ? { method: input.accreditation.method, expiresAt: input.accreditation.expiresAt } : null },
      correlationId: correlationId ?? null,
      events: [{ type: 'investor.created', resourceType: 'investor', resourceId: id, data: { investorId: id, externalRef: input.externalRef ?? null, status: 'PENDING_KYC', country, type: input.type } }],
    })
    return row
  })
  if (!investor) {
    // Another request with the same externalRef won the race.
    const existing = await findInvestorByExternalRef(ctx, input.externalRef!)
    if (!existing) throw new CustosError('INVESTOR_CREATE_RACED', `the investor holding externalRef ${JSON.stringify(input.externalRef)} could not be read back; ask again`, { retryable: true })
    return sameOrConflict(existing, hash)
  }
  ctx.eventsCommitted()
  ctx.wake()
  ctx.logger.info({ correlationId, investorId: id }, 'investor created')
  return { investor, created: true }
}

function sameOrConflict(existing: InvestorRow, hash: string): { investor: InvestorRow; created: boolean } {
  if (existing.request_hash === hash) return { investor: existing, created: false }
  throw new ConflictError('INVESTOR_EXTERNAL_REF_TAKEN', `externalRef ${JSON.stringify(existing.external_ref)} already names another investor`, { investorId: existing.id })
}
