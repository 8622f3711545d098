import { getAddress, type Address, type Hex } from 'viem'
import { readDeployments } from '../../chain/deployments.ts'
import { homeDir } from '../../shared/config/common.ts'
import { statePaths } from '../../shared/state-paths.ts'
import type { CustodyConfig } from '../config.ts'

/** Purpose (and name) of the hot system vault that signs custody's anchors. */
export const AUDIT_ANCHOR_VAULT_PURPOSE = 'audit-anchor'

/** Where custody's checkpoints are anchored. */
export interface CustodyAuditAnchor {
  chainId: number
  address: Address
  /** The deployments file it was read from. */
  file: string
}

/** The deployments file custody reads: CUSTODY_DEPLOYMENTS_FILE, else CUSTOS_HOME/deployments.json. */
export function custodyDeploymentsFile(config: Pick<CustodyConfig, 'CUSTODY_DEPLOYMENTS_FILE' | 'CUSTOS_HOME'>): string {
  return config.CUSTODY_DEPLOYMENTS_FILE ?? statePaths(homeDir(config.CUSTOS_HOME)).deployments
}

/**
 * The AuditAnchor contract named by custody's deployments file, or null when
 * there is no file or it names no anchor.
 *
 * @example
 * const anchor = custodyAuditAnchor(config) // { chainId: 31337, address: '0x…', file: '…/deployments.json' }
 */
export function custodyAuditAnchor(config: Pick<CustodyConfig, 'CUSTODY_DEPLOYMENTS_FILE' | 'CUSTOS_HOME'>): CustodyAuditAnchor | null {
  const file = custodyDeploymentsFile(config)
  const d = readDeployments(file)
  if (!d?.auditAnchor) return null
  return { chainId: d.chainId, address: getAddress(d.auditAnchor), file }
}

export { auditLogId } from '../../audit/log/checkpoint-if-due.ts'

