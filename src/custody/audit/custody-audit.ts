import type { LogSigner } from '../../audit/log/log-key.ts'
import { registerAuditRoutes } from '../../audit/http/audit-routes.ts'
import type { HttpServer } from '../../shared/http/create-server.ts'
import type { CustodyContext } from '../context.ts'
import { custodyAuditAnchor } from './anchor-contract.ts'
import { startAuditCheckpoints, type AuditCheckpoints, type AuditCheckpointsOptions } from './start-audit-checkpoints.ts'

/**
 * Custody's audit API (`/v1/audit/...`, scope `audit`) as configured: its
 * origin, its log key, exports naming its AuditAnchor. Custody's log holds
 * no personal data, so nothing is redacted and every export verifies; an
 * export that asks for personal data still needs a second officer.
 *
 * @example
 * registerCustodyAuditRoutes(app, ctx, auditSigner)
 */
export function registerCustodyAuditRoutes(app: HttpServer, ctx: CustodyContext, logKey: { name: string; vkey: string }): void {
  registerAuditRoutes(app, {
    db: ctx.db,
    readScopes: ['audit'],
    logKey: { name: logKey.name, vkey: logKey.vkey },
    origin: ctx.config.CUSTODY_AUDIT_ORIGIN,
    clock: ctx.clock,
    exportApproval: { personalDataFields: [], anchorContract: () => custodyAuditAnchor(ctx.config) },
  })
}

/**
 * startAuditCheckpoints with custody's configuration: CUSTODY_AUDIT_ORIGIN,
 * CUSTODY_AUDIT_CHECKPOINT_SECONDS, the AuditAnchor of the deployments file.
 *
 * @example
 * const auditCheckpoints = startCustodyAuditCheckpoints(ctx, custodyLogSigner(masterKey, config.CUSTODY_AUDIT_ORIGIN))
 */
export function startCustodyAuditCheckpoints(ctx: CustodyContext, signer: LogSigner, overrides: Partial<AuditCheckpointsOptions> = {}): AuditCheckpoints {
  return startAuditCheckpoints(ctx, { intervalMs: ctx.config.CUSTODY_AUDIT_CHECKPOINT_SECONDS * 1000, signer, origin: ctx.config.CUSTODY_AUDIT_ORIGIN, ...overrides })
}
