import type { Migration } from 'kysely'
import { principalsMigration } from '../../shared/auth/principals.ts'
import { serviceMetaMigration } from '../../shared/service/meta.ts'
import { apiKeysMigration } from '../../shared/auth/api-key-store.ts'
import { apiRequestNoncesMigration } from '../../shared/auth/replay-cache.ts'
import { webhookSubscriptionSettingsMigration, webhooksMigration } from '../../shared/webhooks/migrations.ts'
import { auditLogMigration } from '../../audit/log/migrations.ts'
import { auditExportsMigration } from '../../audit/http/export-requests-migration.ts'
import { onboardingMigration } from './0006-onboarding.ts'
import { tokensMigration } from './0020-tokens.ts'
import { workflowKindsMigration } from './0035-workflow-kinds.ts'
import { indexerMigration } from './0040-indexer.ts'
import { batchMintMigration } from './0045-batch-mint.ts'
import { offeringsMigration } from './0050-offerings.ts'
import { offeringIdempotencyMigration } from './0055-offering-idempotency.ts'
import { distributionsMigration } from './0120-distributions.ts'
import { redemptionsMigration } from './0130-redemptions.ts'
import { agentMigration } from './0140-agent.ts'
import { cashMigration } from './0150-cash.ts'
import { distributionClaimsMigration } from './0160-distribution-claims.ts'
import { distributionAutoClaimMigration } from './0170-distribution-auto-claim.ts'
import { custodyReorgMigration } from './0205-custody-reorg.ts'
import { mintLockupKindMigration } from './0101-mint-lockup-kind.ts'
import { migrateComplianceKindMigration } from './0215-migrate-compliance-kind.ts'
import { inboundClaimHolderMigration } from './0220-inbound-claim-holder.ts'
import { consoleMigration } from '../../shared/console/console-migration.ts'
import { securityEventsMigration } from '../../shared/security-events/migration.ts'
import { apiKeyIpAllowListMigration } from '../../shared/auth/ip-allow-list.ts'
import { rateLimitBucketsMigration } from '../../shared/auth/db-rate-limit.ts'
import { auditActorPrincipalIndexMigration } from '../../audit/log/migrations.ts'

/** The platform's schema, in order. Never edit a migration that has shipped; add one. */
export const platformMigrations: Record<string, Migration> = {
  '0001_service_meta': serviceMetaMigration,
  '0002_api_keys': apiKeysMigration,
  '0003_api_request_nonces': apiRequestNoncesMigration,
  '0004_audit_log': auditLogMigration,
  '0005_webhooks': webhooksMigration,
  '0006_onboarding': onboardingMigration,
  '0020_tokens': tokensMigration,
  '0030_audit_exports': auditExportsMigration,
  '0035_workflow_kinds': workflowKindsMigration,
  '0040_indexer': indexerMigration,
  '0045_batch_mint': batchMintMigration,
  '0050_offerings': offeringsMigration,
  '0055_offering_idempotency': offeringIdempotencyMigration,
  '0080_console': consoleMigration,
  '0101_mint_lockup_kind': mintLockupKindMigration,
  '0110_principals': principalsMigration,
  '0115_security_events': securityEventsMigration,
  '0116_api_key_allowed_ips': apiKeyIpAllowListMigration,
  '0120_distributions': distributionsMigration,
  '0130_redemptions': redemptionsMigration,
  '0140_agent': agentMigration,
  '0150_cash': cashMigration,
  '0160_distribution_claims': distributionClaimsMigration,
  '0170_distribution_auto_claim': distributionAutoClaimMigration,
  '0185_audit_actor_principal': auditActorPrincipalIndexMigration,
  '0205_custody_reorg': custodyReorgMigration,
  '0205_webhook_subscription_settings': webhookSubscriptionSettingsMigration,
  '0210_rate_limit_buckets': rateLimitBucketsMigration,
  '0215_migrate_compliance_kind': migrateComplianceKindMigration,
  '0220_inbound_claim_holder': inboundClaimHolderMigration,
}
