import { chmodSync, existsSync, mkdirSync, writeFileSync, renameSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { Type } from 'typebox'
import { getAddress, isAddressEqual, type Address, type Hex } from 'viem'
import { allowAuditAnchorer, ensureAuditAnchorVault } from './audit-bootstrap.ts'
import { privateKeyToAccount } from 'viem/accounts'
import { createCustodyClient, type CustodyClient } from '../client/custody-client.ts'
import { CommonEnv, HttpUrl, homeDir } from '../shared/config/common.ts'
import { parseEnv } from '../shared/config/parse-env.ts'
import { statePaths } from '../shared/state-paths.ts'
import { ConfigError, CustosError } from '../shared/errors.ts'
import { publicClientFor, readChainId, walletClientFor } from '../chain/clients.ts'
import { sendCall, type DeployContext } from '../chain/deployer.ts'
import { readDeployments, type Deployments } from '../chain/deployments.ts'
import { keyHashOf } from '../chain/deploy-infrastructure.ts'
import { KEY_PURPOSE, KEY_TYPE_ECDSA } from '../chain/claim-topics.ts'
import { claimIssuerAbi, idFactoryAbi, identityRegistryAbi, trexFactoryAbi } from '../chain/generated/abis.ts'
import { waitForReceipt } from '../chain/wait-for-receipt.ts'
import { ROLE_VAULT_PURPOSES } from '../platform/modules/custody/public.ts'
import { PLATFORM_AUDIT_ANCHOR_VAULT_PURPOSE } from '../platform/modules/audit/public.ts'

export interface BootstrapCustodyRolesParameters {
  rpcUrl: string
  /**
   * The operator key that owns the infrastructure after `custos deploy`.
   * Without it the vaults are still ensured and the on-chain roles that are
   * missing are reported in `pending`.
   */
  deployerKey?: Hex
  deployments: Deployments
  /** Custody's typed client with an admin key (scope `vaults` and `admin`). */
  custody: CustodyClient
  /** Subscribe the platform to custody's transaction webhooks, writing the secret to `secretFile` (mode 0600). */
  webhook?: { url: string; secretFile: string }
  /**
   * Development chains: top custody's gas station (vault purpose `gas-station`)
   * up to this many wei from the deployer when it holds less. Production funds
   * the gas station deliberately; leave this unset there.
   */
  fundGasStationWei?: bigint
  log?: (line: string) => void
}

export interface RoleVault {
  id: string
  address: Address
}

export interface BootstrapCustodyRolesReturnType {
  vaults: { claimIssuer: RoleVault; identityAgent: RoleVault; issuerAgent: RoleVault }
  /** What this run changed; empty when everything was already in place. */
  changes: string[]
  /** On-chain roles still missing (only when no deployer key was given). */
  pending: string[]
  /**
   * `unsupported`: this custody has no webhook API; `failed`: custody refused
   * (logged). Either way the platform still learns outcomes by polling.
   */
  webhook: 'subscribed' | 'rotated' | 'kept' | 'unsupported' | 'failed' | 'skipped'
}

const VAULTS = [
  { key: 'claimIssuer', purpose: ROLE_VAULT_PURPOSES.claimIssuer, tier: 'hot' },
  { key: 'identityAgent', purpose: ROLE_VAULT_PURPOSES.identityAgent, tier: 'hot' },
  { key: 'issuerAgent', purpose: ROLE_VAULT_PURPOSES.issuerAgent, tier: 'warm' },
] as const

function custodyError(what: string, res: { status: number; problem?: { code: string; detail: string } }): CustosError {
  return new CustosError('BOOTSTRAP_CUSTODY_REFUSED', `custody refused to ${what}: ${res.problem ? `${res.problem.code}: ${res.problem.detail}` : `HTTP ${res.status}`}`, { status: 502 })
}

async function ensureVault(custody: CustodyClient, purpose: string, tier: 'hot' | 'warm', changes: string[]): Promise<RoleVault> {
  const found = await custody.GET('/v1/vaults', { query: { purpose, limit: 1 } })
  if (!found.ok) throw custodyError(`list vaults of purpose ${purpose}`, found)
  const first = found.data.items[0]
  if (first) return { id: first.id, address: getAddress(first.address) }
  const name = `platform-${purpose}`
  const created = await custody.POST('/v1/vaults', { body: { name, tier, purpose } })
  if (created.ok) {
    changes.push(`created custody vault ${name} (${tier}) ${created.data.address}`)
    return { id: created.data.id, address: getAddress(created.data.address) }
  }
  // Another bootstrap created it between our look and our create.
  const vaultId = created.problem.code === 'VAULT_NAME_TAKEN' ? created.problem.vaultId : undefined
  if (typeof vaultId === 'string') {
    const again = await custody.GET('/v1/vaults/{id}', { path: { id: vaultId } })
    if (again.ok && again.data.purpose === purpose) return { id: again.data.id, address: getAddress(again.data.address) }
  }
  throw custodyError(`create vault ${name}`, created)
}

/** Custody's events the platform consumes: transaction status, deposits into vaults, whitelist changes and their requests. */
export const PLATFORM_CUSTODY_EVENTS = ['transaction.*', 'deposit.*', 'whitelist.*', 'change_request.*'] as const

async function subscribeWebhooks(custody: CustodyClient, webhook: { url: string; secretFile: string }, changes: string[]): Promise<BootstrapCustodyRolesReturnType['webhook']> {
  const list = await custody.GET('/v1/webhooks')
  if (list.status === 404) return 'unsupported'
  if (!list.ok) throw custodyError('list webhook subscriptions', list)
  let existing = list.data.items.find((s) => s.url === webhook.url && s.status === 'ACTIVE')
  // A subscription made by an earlier version lacks events the platform now consumes: it is replaced (custody has no edit).
  if (existing && !PLATFORM_CUSTODY_EVENTS.every((e) => (existing!.events ?? []).includes(e))) {
    const removed = await custody.DELETE('/v1/webhooks/{id}', { path: { id: existing.id } })
    if (!removed.ok) throw custodyError('replace the platform’s webhook subscription', removed)
    changes.push(`replaced custody webhook subscription ${existing.id} to add ${PLATFORM_CUSTODY_EVENTS.filter((e) => !(existing!.events ?? []).includes(e)).join(', ')}`)
    existing = undefined
  }
  if (existing && existsSync(webhook.secretFile)) return 'kept'
  const res = existing
    ? await custody.POST('/v1/webhooks/{id}/rotate-secret', { path: { id: existing.id }, body: { overlapSeconds: 0 } })
    : await custody.POST('/v1/webhooks', { body: { url: webhook.url, events: [...PLATFORM_CUSTODY_EVENTS], description: 'Custos platform: custody transactions, deposits, whitelist changes' } })
  if (!res.ok) throw custodyError('subscribe the platform to its webhooks', res)
  mkdirSync(dirname(webhook.secretFile), { recursive: true })
  const tmp = `${webhook.secretFile}.tmp`
  writeFileSync(tmp, `${res.data.secret}\n`, { mode: 0o600 })
  renameSync(tmp, webhook.secretFile)
  chmodSync(webhook.secretFile, 0o600)
  changes.push(existing ? `rotated the secret of custody webhook subscription ${existing.id}` : `subscribed ${webhook.url} to custody's webhooks (${PLATFORM_CUSTODY_EVENTS.join(', ')})`)
  return existing ? 'rotated' : 'subscribed'
}

/**
 * Hands the platform's on-chain roles to custody vaults (idempotent; run it
 * again and it changes nothing):
 *
 * 1. custody vaults by purpose: `claim-issuer` (hot), `identity-agent` (hot),
 *    `issuer-agent` (warm) — created through custody's API if missing;
 * 2. with the operator's deployer key: the claim-issuer vault gets CLAIM (3)
 *    and MANAGEMENT (1) keys on the ClaimIssuer (to sign claims and revoke
 *    them), the IdFactory's ownership moves to the identity-agent vault (so
 *    `createIdentity` is sent through custody), and the identity-agent vault
 *    becomes an agent of the platform identity registry, and the TREXFactory's
 *    ownership moves to the issuer-agent vault (so `deployTREXSuite` is sent
 *    through custody, with an approver's consent: docs/decisions/0013-token-roles.md);
 * 3. optionally (development), custody's gas station is funded from the
 *    deployer, so vaults that send transactions get their gas;
 * 4. optionally, the platform subscribes to custody's webhooks (transactions,
 *    deposits, whitelist changes).
 *
 * @example
 * const admin = createCustodyClient({ baseUrl: custodyUrl, keyId, secret })
 * const { vaults, changes } = await bootstrapCustodyRoles({ rpcUrl, deployerKey, deployments, custody: admin })
 */
export async function bootstrapCustodyRoles(p: BootstrapCustodyRolesParameters): Promise<BootstrapCustodyRolesReturnType> {
  const log = p.log ?? (() => {})
  const changes: string[] = []
  const pending: string[] = []
  const vaults = {} as BootstrapCustodyRolesReturnType['vaults']
  for (const v of VAULTS) vaults[v.key] = await ensureVault(p.custody, v.purpose, v.tier, changes)

  const chainId = await readChainId(p.rpcUrl)
  if (chainId !== p.deployments.chainId) throw new ConfigError(`the deployments describe chain ${p.deployments.chainId} but ${p.rpcUrl} serves chain ${chainId}`)
  const publicClient = publicClientFor(p.rpcUrl, chainId)
  const deployer = p.deployerKey ? privateKeyToAccount(p.deployerKey) : undefined
  const dc: DeployContext | undefined = deployer ? { publicClient, walletClient: walletClientFor(p.rpcUrl, chainId, deployer) } : undefined
  const d = p.deployments

  const act = async (missing: string, send: (dc: DeployContext) => Promise<unknown>) => {
    if (!dc) return void pending.push(missing)
    await send(dc)
    changes.push(missing)
  }

  const claimKey = keyHashOf(vaults.claimIssuer.address)
  const purposes = await publicClient.readContract({ address: d.claimIssuer, abi: claimIssuerAbi, functionName: 'getKeyPurposes', args: [claimKey] })
  for (const [label, purpose] of [['CLAIM', KEY_PURPOSE.CLAIM], ['MANAGEMENT', KEY_PURPOSE.MANAGEMENT]] as const) {
    if (purposes.includes(purpose)) continue
    await act(`ClaimIssuer ${d.claimIssuer}: ${label} key for the claim-issuer vault ${vaults.claimIssuer.address}`, (c) =>
      sendCall(c, d.claimIssuer, claimIssuerAbi, 'addKey', [claimKey, purpose, KEY_TYPE_ECDSA], `ClaimIssuer.addKey(claim-issuer vault, ${label})`),
    )
  }

  const factoryOwner = await publicClient.readContract({ address: d.idFactory, abi: idFactoryAbi, functionName: 'owner' })
  if (!isAddressEqual(factoryOwner, vaults.identityAgent.address)) {
    if (deployer && !isAddressEqual(factoryOwner, deployer.address)) {
      throw new ConfigError(`IdFactory ${d.idFactory} is owned by ${factoryOwner}, neither the deployer ${deployer.address} nor the identity-agent vault ${vaults.identityAgent.address}`)
    }
    await act(`IdFactory ${d.idFactory}: ownership to the identity-agent vault ${vaults.identityAgent.address}`, (c) =>
      sendCall(c, d.idFactory, idFactoryAbi, 'transferOwnership', [vaults.identityAgent.address], 'IdFactory.transferOwnership(identity-agent vault)'),
    )
  }

  // deployTREXSuite is onlyOwner, and a suite on the shared identity storage gets registry agents of the
  // deployer's choosing: a warm vault (every deployment approved) rather than a hot one holds it.
  const trexOwner = await publicClient.readContract({ address: d.trexFactory, abi: trexFactoryAbi, functionName: 'owner' })
  if (!isAddressEqual(trexOwner, vaults.issuerAgent.address)) {
    if (deployer && !isAddressEqual(trexOwner, deployer.address)) {
      throw new ConfigError(`TREXFactory ${d.trexFactory} is owned by ${trexOwner}, neither the deployer ${deployer.address} nor the issuer-agent vault ${vaults.issuerAgent.address}`)
    }
    await act(`TREXFactory ${d.trexFactory}: ownership to the issuer-agent vault ${vaults.issuerAgent.address}`, (c) =>
      sendCall(c, d.trexFactory, trexFactoryAbi, 'transferOwnership', [vaults.issuerAgent.address], 'TREXFactory.transferOwnership(issuer-agent vault)'),
    )
  }

  const registry = d.identityRegistry.registry
  const isAgent = await publicClient.readContract({ address: registry, abi: identityRegistryAbi, functionName: 'isAgent', args: [vaults.identityAgent.address] })
  if (!isAgent) {
    await act(`IdentityRegistry ${registry}: agent role for the identity-agent vault ${vaults.identityAgent.address}`, (c) =>
      sendCall(c, registry, identityRegistryAbi, 'addAgent', [vaults.identityAgent.address], 'IdentityRegistry.addAgent(identity-agent vault)'),
    )
  }

  if (p.fundGasStationWei !== undefined) {
    const station = await p.custody.GET('/v1/vaults', { query: { purpose: 'gas-station', limit: 1 } })
    const address = station.ok ? station.data.items[0]?.address : undefined
    if (!address) log('bootstrap: custody has no gas-station vault to fund')
    else {
      const balance = await publicClient.getBalance({ address: getAddress(address) })
      if (balance < p.fundGasStationWei) {
        const top = p.fundGasStationWei - balance
        await act(`gas station ${address}: funded with ${top} wei from the deployer`, async (c) => {
          const hash = await c.walletClient.sendTransaction({ to: getAddress(address), value: top })
          const receipt = await waitForReceipt(publicClient, hash)
          if (receipt.status !== 'success') throw new CustosError('BOOTSTRAP_FUNDING_FAILED', `funding the gas station failed (tx ${hash})`)
        })
      }
    }
  }

  // Custody anchors its audit checkpoints from a vault of its own, which the AuditAnchor must accept.
  const auditVault = await ensureAuditAnchorVault(p.custody)
  if (p.deployerKey) {
    const { changed } = await allowAuditAnchorer({ rpcUrl: p.rpcUrl, deployerKey: p.deployerKey, deployments: p.deployments, anchorer: auditVault.address, log: () => {} })
    if (changed) changes.push(`AuditAnchor: custody vault ${auditVault.address} may anchor`)
  } else pending.push(`AuditAnchor.setAnchorer(${auditVault.address}, true)`)
  // The platform anchors its own audit checkpoints through custody, from a hot vault of its own.
  const platformAuditVault = await ensureVault(p.custody, PLATFORM_AUDIT_ANCHOR_VAULT_PURPOSE, 'hot', changes)
  if (p.deployerKey) {
    const { changed } = await allowAuditAnchorer({ rpcUrl: p.rpcUrl, deployerKey: p.deployerKey, deployments: p.deployments, anchorer: platformAuditVault.address, log: () => {} })
    if (changed) changes.push(`AuditAnchor: platform vault ${platformAuditVault.address} may anchor`)
  } else pending.push(`AuditAnchor.setAnchorer(${platformAuditVault.address}, true)`)

  let webhook: BootstrapCustodyRolesReturnType['webhook'] = 'skipped'
  if (p.webhook) {
    try {
      webhook = await subscribeWebhooks(p.custody, p.webhook, changes)
    } catch (err) {
      // Webhooks only make the platform learn sooner; polling by externalTxId still covers everything.
      webhook = 'failed'
      log(`bootstrap: custody webhook subscription failed (${(err as Error).message}); the platform will poll custody`)
    }
  }
  for (const c of changes) log(`bootstrap: ${c}`)
  for (const m of pending) log(`bootstrap: still needed (no deployer key): ${m}`)
  return { vaults, changes, pending, webhook }
}

const BootstrapEnv = Type.Object({
  ...CommonEnv,
  RPC_URL: Type.Optional(HttpUrl('JSON-RPC endpoint of the chain')),
  DEPLOYER_PRIVATE_KEY: Type.Optional(Type.String({ pattern: '^0x[0-9a-fA-F]{64}$', description: 'the key that owns the infrastructure after custos deploy' })),
  CUSTODY_ADMIN_KEY_ID: Type.Optional(Type.String({ description: 'a custody API key with the vaults and webhooks scopes' })),
  CUSTODY_ADMIN_SECRET: Type.Optional(Type.String({ description: 'its HMAC secret' })),
})

/**
 * `custos bootstrap --custody-url …`: the production form of what `custos
 * start` does after boot — custody vaults for the platform's on-chain roles,
 * the roles handed to them with the deployer key, and (with --platform-url)
 * the platform subscribed to custody's webhooks.
 */
export async function bootstrapCommand(env: Record<string, string | undefined>, opts: { custodyUrl: string; rpcUrl?: string; deployments?: string; platformUrl?: string; secretFile?: string }) {
  const config = parseEnv(BootstrapEnv, env)
  const rpcUrl = opts.rpcUrl ?? config.RPC_URL
  if (!rpcUrl) throw new ConfigError('no chain given: pass --rpc-url or set RPC_URL')
  if (!config.CUSTODY_ADMIN_KEY_ID || !config.CUSTODY_ADMIN_SECRET) throw new ConfigError('set CUSTODY_ADMIN_KEY_ID and CUSTODY_ADMIN_SECRET (a custody key with the vaults and webhooks scopes)')
  const paths = statePaths(homeDir(config.CUSTOS_HOME))
  const file = opts.deployments ?? paths.deployments
  const deployments = readDeployments(file)
  if (!deployments) throw new ConfigError(`no deployments file at ${file}: run custos deploy first`)
  const say = (line: string) => process.stdout.write(`${line}\n`)
  const result = await bootstrapCustodyRoles({
    rpcUrl,
    deployerKey: config.DEPLOYER_PRIVATE_KEY as Hex | undefined,
    deployments,
    custody: createCustodyClient({ baseUrl: opts.custodyUrl, keyId: config.CUSTODY_ADMIN_KEY_ID, secret: config.CUSTODY_ADMIN_SECRET }),
    webhook: opts.platformUrl ? { url: `${opts.platformUrl.replace(/\/+$/, '')}/v1/inbound/custody`, secretFile: opts.secretFile ?? join(paths.platformData, 'custody-webhook-secret') } : undefined,
    log: say,
  })
  for (const [role, v] of Object.entries(result.vaults)) say(`${role} vault ${v.id} ${v.address}`)
  if (result.changes.length === 0 && result.pending.length === 0) say('bootstrap: nothing to do; custody already holds every role')
  if (result.pending.length > 0) process.exitCode = 2
}
