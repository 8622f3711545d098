import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { hasComplianceModules, readDeployments } from './deployments.ts'

describe('deployments file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'custos-deployments-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('reads an installation from before the Custos modules: Tokeny’s kept as legacy, ours still to deploy', () => {
    const file = join(dir, 'old.json')
    const tokeny = { countryAllow: '0x0000000000000000000000000000000000000001', maxBalance: '0x0000000000000000000000000000000000000002', supplyLimit: '0x0000000000000000000000000000000000000003' }
    writeFileSync(file, JSON.stringify({ chainId: 31337, trexFactory: '0x0000000000000000000000000000000000000004', modules: tokeny }))
    const d = readDeployments(file)!
    expect(d.legacyModules).toEqual(tokeny)
    expect(hasComplianceModules(d)).toBe(false)
  })

  it('reads a current file as it is', () => {
    const file = join(dir, 'new.json')
    const modules = { country: '0x01', maxBalance: '0x02', supplyLimit: '0x03', lockup: '0x04', maxHolders: '0x05' }
    writeFileSync(file, JSON.stringify({ chainId: 31337, modules, transferRestrictions: '0x06' }))
    const d = readDeployments(file)!
    expect(d.modules).toEqual(modules)
    expect(d.legacyModules).toBeUndefined()
    expect(hasComplianceModules(d)).toBe(true)
  })
})
