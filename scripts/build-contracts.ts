/**
 * Build step: compiles our Solidity (contracts/ and its subfolders) with the npm solc
 * compiler into build/contracts/<Name>.json, and generates typed ABIs
 * (`as const`) for every contract the chain layer uses, ours and the audited
 * T-REX / ONCHAINID ones from their npm artifacts, into src/chain/generated/.
 * Both outputs are gitignored; `npm install` runs this (prepare).
 */
import { createRequire } from 'node:module'
import { mkdirSync, readFileSync, readdirSync, writeFileSync, existsSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const require = createRequire(import.meta.url)
const contractsDir = join(root, 'contracts')
const outDir = join(root, 'build', 'contracts')
const genDir = join(root, 'src', 'chain', 'generated')

/** The audited contracts we call, by the name the chain layer uses. */
const EXTERNAL: Record<string, string> = {
  Token: '@tokenysolutions/t-rex/artifacts/contracts/token/Token.sol/Token.json',
  IdentityRegistry: '@tokenysolutions/t-rex/artifacts/contracts/registry/implementation/IdentityRegistry.sol/IdentityRegistry.json',
  IdentityRegistryStorage: '@tokenysolutions/t-rex/artifacts/contracts/registry/implementation/IdentityRegistryStorage.sol/IdentityRegistryStorage.json',
  ClaimTopicsRegistry: '@tokenysolutions/t-rex/artifacts/contracts/registry/implementation/ClaimTopicsRegistry.sol/ClaimTopicsRegistry.json',
  TrustedIssuersRegistry: '@tokenysolutions/t-rex/artifacts/contracts/registry/implementation/TrustedIssuersRegistry.sol/TrustedIssuersRegistry.json',
  ModularCompliance: '@tokenysolutions/t-rex/artifacts/contracts/compliance/modular/ModularCompliance.sol/ModularCompliance.json',
  TREXImplementationAuthority: '@tokenysolutions/t-rex/artifacts/contracts/proxy/authority/TREXImplementationAuthority.sol/TREXImplementationAuthority.json',
  TREXFactory: '@tokenysolutions/t-rex/artifacts/contracts/factory/TREXFactory.sol/TREXFactory.json',
  IAFactory: '@tokenysolutions/t-rex/artifacts/contracts/proxy/authority/IAFactory.sol/IAFactory.json',
  ModuleProxy: '@tokenysolutions/t-rex/artifacts/contracts/compliance/modular/modules/ModuleProxy.sol/ModuleProxy.json',
  CountryAllowModule: '@tokenysolutions/t-rex/artifacts/contracts/compliance/modular/modules/CountryAllowModule.sol/CountryAllowModule.json',
  MaxBalanceModule: '@tokenysolutions/t-rex/artifacts/contracts/compliance/modular/modules/MaxBalanceModule.sol/MaxBalanceModule.json',
  SupplyLimitModule: '@tokenysolutions/t-rex/artifacts/contracts/compliance/modular/modules/SupplyLimitModule.sol/SupplyLimitModule.json',
  Identity: '@onchain-id/solidity/artifacts/contracts/Identity.sol/Identity.json',
  ClaimIssuer: '@onchain-id/solidity/artifacts/contracts/ClaimIssuer.sol/ClaimIssuer.json',
  ImplementationAuthority: '@onchain-id/solidity/artifacts/contracts/proxy/ImplementationAuthority.sol/ImplementationAuthority.json',
  IdFactory: '@onchain-id/solidity/artifacts/contracts/factory/IdFactory.sol/IdFactory.json',
}

function compileOurs(): Record<string, { abi: unknown[]; bytecode: string }> {
  const solc = require('solc') as { compile(input: string, opts: { import(path: string): { contents: string } | { error: string } }): string }
  const sources: Record<string, { content: string }> = {}
  for (const f of solidityFiles(contractsDir)) {
    sources[f] = { content: readFileSync(join(contractsDir, f), 'utf8') }
  }
  const input = {
    language: 'Solidity',
    sources,
    settings: {
      optimizer: { enabled: true, runs: 1_000_000 },
      viaIR: true,
      evmVersion: 'cancun',
      outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object'] } },
    },
  }
  const findImport = (path: string) => {
    try {
      return { contents: readFileSync(require.resolve(path), 'utf8') }
    } catch {
      return { error: `not found: ${path}` }
    }
  }
  const out = JSON.parse(solc.compile(JSON.stringify(input), { import: findImport })) as {
    errors?: { severity: string; formattedMessage: string }[]
    contracts: Record<string, Record<string, { abi: unknown[]; evm: { bytecode: { object: string } } }>>
  }
  const errors = (out.errors ?? []).filter((e) => e.severity === 'error')
  if (errors.length) throw new Error(`solc failed:\n${errors.map((e) => e.formattedMessage).join('\n')}`)
  const result: Record<string, { abi: unknown[]; bytecode: string }> = {}
  for (const [file, byName] of Object.entries(out.contracts)) {
    for (const [name, c] of Object.entries(byName)) {
      if (file.startsWith('@')) continue
      // Interfaces and abstract bases have no bytecode: their ABIs come with the contracts that use them.
      if (!c.evm.bytecode.object) continue
      result[name] = { abi: c.abi, bytecode: `0x${c.evm.bytecode.object}` }
    }
  }
  return result
}

/** Our Solidity sources, as paths relative to contracts/ (compliance modules live in a subfolder). */
function solidityFiles(dir: string, prefix = ''): string[] {
  return readdirSync(join(dir, prefix), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? solidityFiles(dir, join(prefix, e.name)) : e.name.endsWith('.sol') ? [join(prefix, e.name)] : [],
  )
}

function newestMtime(dir: string): number {
  return Math.max(...solidityFiles(dir).map((f) => statSync(join(dir, f)).mtimeMs))
}

function main() {
  const marker = join(outDir, '.built')
  const fresh =
    existsSync(marker) &&
    existsSync(join(genDir, 'abis.ts')) &&
    statSync(marker).mtimeMs >= Math.max(newestMtime(contractsDir), statSync(fileURLToPath(import.meta.url)).mtimeMs)
  if (fresh && !process.argv.includes('--force')) {
    console.log('contracts: up to date')
    return
  }
  const t0 = Date.now()
  console.log('contracts: compiling contracts/**/*.sol with solc …')
  const ours = compileOurs()
  mkdirSync(outDir, { recursive: true })
  for (const [name, art] of Object.entries(ours)) {
    writeFileSync(join(outDir, `${name}.json`), JSON.stringify({ contractName: name, ...art }))
  }
  mkdirSync(genDir, { recursive: true })
  const lines = ['// Generated by scripts/build-contracts.ts — do not edit.', '']
  const abiNames: string[] = []
  const all: [string, unknown[]][] = [
    ...Object.entries(EXTERNAL).map(([n, p]) => [n, (JSON.parse(readFileSync(require.resolve(p), 'utf8')) as { abi: unknown[] }).abi] as [string, unknown[]]),
    ...Object.entries(ours).map(([n, a]) => [n, a.abi] as [string, unknown[]]),
  ]
  for (const [name, abi] of all) {
    const id = `${name.replace(/^[A-Z]+(?=[A-Z][a-z])|^[A-Z]/, (m) => m.toLowerCase())}Abi`
    abiNames.push(id)
    lines.push(`export const ${id} = ${JSON.stringify(abi)} as const`, '')
  }
  writeFileSync(join(genDir, 'abis.ts'), lines.join('\n'))
  writeFileSync(
    join(genDir, 'artifact-paths.ts'),
    `// Generated by scripts/build-contracts.ts — do not edit.\nexport const EXTERNAL_ARTIFACTS = ${JSON.stringify(EXTERNAL, null, 2)} as const\nexport const OUR_CONTRACTS = ${JSON.stringify(Object.keys(ours))} as const\n`,
  )
  writeFileSync(marker, new Date().toISOString())
  console.log(`contracts: ${Object.keys(ours).join(', ')} compiled; ${abiNames.length} typed ABIs generated (${Date.now() - t0} ms)`)
}

main()
