import { createRequire } from 'node:module'
import { readFileSync, existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { Hex } from 'viem'
import { EXTERNAL_ARTIFACTS } from './generated/artifact-paths.ts'
import { CustosError } from '../shared/errors.ts'

const require = createRequire(import.meta.url)
const buildDir = fileURLToPath(new URL('../../build/contracts/', import.meta.url))

/** Proxies the factory and we deploy directly; their ABIs are constructor-only. */
const PROXIES = {
  IdentityRegistryStorageProxy: '@tokenysolutions/t-rex/artifacts/contracts/proxy/IdentityRegistryStorageProxy.sol/IdentityRegistryStorageProxy.json',
  IdentityRegistryProxy: '@tokenysolutions/t-rex/artifacts/contracts/proxy/IdentityRegistryProxy.sol/IdentityRegistryProxy.json',
  ClaimTopicsRegistryProxy: '@tokenysolutions/t-rex/artifacts/contracts/proxy/ClaimTopicsRegistryProxy.sol/ClaimTopicsRegistryProxy.json',
  TrustedIssuersRegistryProxy: '@tokenysolutions/t-rex/artifacts/contracts/proxy/TrustedIssuersRegistryProxy.sol/TrustedIssuersRegistryProxy.json',
} as const

export type ContractName = keyof typeof EXTERNAL_ARTIFACTS | keyof typeof PROXIES | 'DevStablecoin' | 'AuditAnchor' | 'PayoutBatch' | 'MerkleDistributor'

interface Artifact {
  abi: readonly unknown[]
  bytecode: Hex
}

const cache = new Map<string, Artifact>()

/** ABI and creation bytecode of a contract we deploy (npm artifacts, or our build output). */
export function artifact(name: ContractName): Artifact {
  const hit = cache.get(name)
  if (hit) return hit
  let json: Artifact
  if (name in EXTERNAL_ARTIFACTS || name in PROXIES) {
    const path = (EXTERNAL_ARTIFACTS as Record<string, string>)[name] ?? (PROXIES as Record<string, string>)[name]!
    json = JSON.parse(readFileSync(require.resolve(path), 'utf8')) as Artifact
  } else {
    const file = `${buildDir}${name}.json`
    if (!existsSync(file)) {
      throw new CustosError('CONTRACTS_NOT_BUILT', `build/contracts/${name}.json is missing: run \`npm run build:contracts\` (npm install does it)`)
    }
    json = JSON.parse(readFileSync(file, 'utf8')) as Artifact
  }
  cache.set(name, json)
  return json
}
