import { registerAuditRoutes } from '../../../audit/http/audit-routes.ts'
import type { HttpServer } from '../../../shared/http/create-server.ts'
import type { PlatformContext } from '../../context.ts'

/**
 * The platform's audit API (`/v1/audit/...`, scope `audit`, the same paths
 * as custody's): entries with personal data redacted, checkpoints and their
 * anchoring, inclusion and consistency proofs, the log key, and four-eyes
 * exports naming the AuditAnchor of the platform's deployments.
 *
 * @example
 * registerPlatformAuditRoutes(app, ctx, platformLogSigner(masterKey, origin))
 */
export function registerPlatformAuditRoutes(app: HttpServer, ctx: PlatformContext, logKey: { name: string; vkey: string }): void {
  registerAuditRoutes(app, {
    db: ctx.db,
    readScopes: ['audit'],
    logKey: { name: logKey.name, vkey: logKey.vkey },
    origin: ctx.config.PLATFORM_AUDIT_ORIGIN,
    clock: ctx.clock,
    exportApproval: {
      anchorContract: () => {
        const d = ctx.chain.deployments
        return d?.auditAnchor && d.chainId === ctx.chain.chainId ? { chainId: d.chainId, address: d.auditAnchor } : null
      },
    },
  })
}
