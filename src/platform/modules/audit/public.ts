// The platform audit module's door: what the service and the bootstrap use. See README.md.
export { PLATFORM_AUDIT_ANCHOR_VAULT_PURPOSE } from './anchor-step.ts'
export { platformLogSigner } from './platform-log-signer.ts'
export { registerPlatformAuditRoutes } from './routes.ts'
export { startPlatformAuditCheckpoints, type PlatformAuditCheckpoints } from './start-platform-audit-checkpoints.ts'
