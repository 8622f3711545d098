import { ConflictError } from '../../../shared/errors.ts'
import type { InvestorStatus } from './tables.ts'

/**
 * Where an investor may go from each status:
 *
 * PENDING_KYC → IN_REVIEW → APPROVED → ACTIVE, with REJECTED from screening or
 * review; an ACTIVE investor becomes EXPIRED (KYC or accreditation date passed)
 * or SUSPENDED (a later screening escalated); EXPIRED goes back to PENDING_KYC
 * on re-verification; a SUSPENDED case is decided again (APPROVED or REJECTED).
 */
export const INVESTOR_TRANSITIONS: Readonly<Record<InvestorStatus, readonly InvestorStatus[]>> = {
  PENDING_KYC: ['IN_REVIEW', 'APPROVED', 'REJECTED'],
  IN_REVIEW: ['APPROVED', 'REJECTED'],
  APPROVED: ['ACTIVE'],
  ACTIVE: ['EXPIRED', 'SUSPENDED'],
  EXPIRED: ['PENDING_KYC'],
  SUSPENDED: ['APPROVED', 'REJECTED'],
  REJECTED: [],
}

export class InvestorStatusConflictError extends ConflictError {
  constructor(id: string, from: InvestorStatus, to: InvestorStatus, code = 'INVESTOR_STATUS_CONFLICT') {
    super(code, `investor ${id} is ${from}; it cannot become ${to}`, { investorId: id, status: from, requested: to })
  }
}

export function assertTransition(id: string, from: InvestorStatus, to: InvestorStatus): void {
  if (!INVESTOR_TRANSITIONS[from].includes(to)) throw new InvestorStatusConflictError(id, from, to)
}
