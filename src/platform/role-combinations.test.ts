import { describe, expect, it } from 'vitest'
import { loadPlatformConfig } from './config.ts'
import { checkRoleSeparation, parseRoleCombinations, roleConflictsAllowing } from '../shared/auth/principals.ts'

const refusal = (roles: string[], conflicts?: ReturnType<typeof roleConflictsAllowing>) => {
  try {
    checkRoleSeparation(roles, conflicts)
    return null
  } catch (err) {
    return err as { code: string; status: number; details: { rule: string } }
  }
}

describe('separation of duties', () => {
  it('keeps issuer-admin, compliance officer and auditor apart and names the rule a grant breaks', () => {
    expect(refusal(['issuer-admin', 'auditor'])).toMatchObject({ code: 'ROLES_MUST_STAY_APART', status: 403, details: { rule: 'issuer-admin+auditor' } })
    expect(refusal(['compliance-officer-2', 'auditor'])).toMatchObject({ details: { rule: 'compliance-officer+auditor' } })
    expect(refusal(['admin', 'approver'])).toMatchObject({ details: { rule: 'admin+approver' } })
    expect(refusal(['issuer-admin', 'operator'])).toBeNull()
  })

  it('allows exactly the combinations the platform is configured with, and no more', () => {
    const config = loadPlatformConfig({ RPC_URL: 'http://127.0.0.1:8545', CUSTODY_URL: 'http://127.0.0.1:4100', PLATFORM_ALLOWED_ROLE_COMBINATIONS: 'compliance-officer+auditor' })
    const conflicts = roleConflictsAllowing(parseRoleCombinations(config.PLATFORM_ALLOWED_ROLE_COMBINATIONS))
    expect(refusal(['compliance-officer', 'auditor'], conflicts)).toBeNull()
    expect(refusal(['issuer-admin', 'auditor'], conflicts)).toMatchObject({ details: { rule: 'issuer-admin+auditor' } })
    expect(refusal(['issuer-admin', 'compliance-officer', 'auditor'], conflicts)).toMatchObject({ code: 'ROLES_MUST_STAY_APART' })
    expect(refusal(['admin', 'approver'], conflicts)).toMatchObject({ details: { rule: 'admin+approver' } })
    expect(() => loadPlatformConfig({ RPC_URL: 'http://127.0.0.1:8545', CUSTODY_URL: 'http://127.0.0.1:4100', PLATFORM_ALLOWED_ROLE_COMBINATIONS: 'auditor' })).toThrow()
  })
})
