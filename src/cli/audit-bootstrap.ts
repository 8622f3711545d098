import { getAddress, type Address, type Hex } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import type { CustodyClient } from '../client/custody-client.ts'
import { ConfigError, CustosError } from '../shared/errors.ts'
import { publicClientFor, readChainId, walletClientFor } from '../chain/clients.ts'
import { sendCall } from '../chain/deployer.ts'
import type { Deployments } from '../chain/deployments.ts'
import { auditAnchorAbi } from '../chain/generated/abis.ts'

/** Purpose (and name) of custody's vault that anchors audit checkpoints (custody's AUDIT_ANCHOR_VAULT_PURPOSE). */
export const AUDIT_ANCHOR_VAULT = 'audit-anchor'

export interface AllowAuditAnchorerParameters {
  rpcUrl: string
  /** The AuditAnchor admin: the deployer key of `custos deploy`. */
  deployerKey: Hex
  deployments: Deployments
  /** The account to allow, e.g. custody's audit-anchor vault. */
  anchorer: Address
  log?: (line: string) => void
}

/**
 * Lets `anchorer` anchor audit checkpoints on the deployments' AuditAnchor
 * (`setAnchorer(anchorer, true)` from the admin). Idempotent: does nothing
 * when it already may. Returns whether it changed anything.
 *
 * @example
 * const vault = await ensureAuditAnchorVault(custodyAdmin)
 * await allowAuditAnchorer({ rpcUrl, deployerKey, deployments, anchorer: vault.address })
 */
export async function allowAuditAnchorer(p: AllowAuditAnchorerParameters): Promise<{ changed: boolean }> {
  const anchor = p.deployments.auditAnchor
  if (!anchor) throw new ConfigError('the deployments name no AuditAnchor: redeploy with `custos deploy --force`')
  const chainId = await readChainId(p.rpcUrl)
  if (chainId !== p.deployments.chainId) throw new ConfigError(`the deployments describe chain ${p.deployments.chainId}, ${p.rpcUrl} serves chain ${chainId}`)
  const publicClient = publicClientFor(p.rpcUrl, chainId)
  const anchorer = getAddress(p.anchorer)
  if (await publicClient.readContract({ address: anchor, abi: auditAnchorAbi, functionName: 'isAnchorer', args: [anchorer] })) return { changed: false }
  const account = privateKeyToAccount(p.deployerKey)
  const admin = await publicClient.readContract({ address: anchor, abi: auditAnchorAbi, functionName: 'admin' })
  if (getAddress(admin) !== account.address) {
    throw new ConfigError(`the AuditAnchor at ${anchor} is administered by ${admin}, not by the deployer key given (${account.address})`)
  }
  await sendCall({ publicClient, walletClient: walletClientFor(p.rpcUrl, chainId, account) }, anchor, auditAnchorAbi, 'setAnchorer', [anchorer, true], `allow ${anchorer} to anchor audit checkpoints`)
  p.log?.(`audit: ${anchorer} may now anchor audit checkpoints on ${anchor}`)
  return { changed: true }
}

/**
 * Custody's audit-anchor vault through its API (a key with the `vaults`
 * scope), created as a hot vault if custody has not made it yet. Custody
 * finds it by purpose when it first anchors.
 */
export async function ensureAuditAnchorVault(custody: CustodyClient): Promise<{ id: string; address: Address; created: boolean }> {
  const find = async () => {
    const res = await custody.GET('/v1/vaults', { query: { purpose: AUDIT_ANCHOR_VAULT, limit: 1 } })
    if (!res.ok) throw new CustosError('BOOTSTRAP_CUSTODY_REFUSED', `custody refused to list vaults: ${res.problem.detail}`, { status: 502 })
    return res.data.items[0]
  }
  const found = await find()
  if (found) return { id: found.id, address: getAddress(found.address), created: false }
  const res = await custody.POST('/v1/vaults', { body: { name: AUDIT_ANCHOR_VAULT, tier: 'hot', purpose: AUDIT_ANCHOR_VAULT } })
  if (res.ok) return { id: res.data.id, address: getAddress(res.data.address), created: true }
  // Custody made it between our look and our create.
  const again = await find()
  if (again) return { id: again.id, address: getAddress(again.address), created: false }
  throw new CustosError('BOOTSTRAP_CUSTODY_REFUSED', `custody refused to create the ${AUDIT_ANCHOR_VAULT} vault: ${res.problem.detail}`, { status: 502 })
}
