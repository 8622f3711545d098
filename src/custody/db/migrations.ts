import type { Migration } from 'kysely'
import { principalsMigration } from '../../shared/auth/principals.ts'
import { serviceMetaMigration } from '../../shared/service/meta.ts'
import { apiKeysMigration } from '../../shared/auth/api-key-store.ts'
import { apiRequestNoncesMigration } from '../../shared/auth/replay-cache.ts'
import { auditLogMigration } from '../../audit/log/migrations.ts'
import { vaultsAndTransactionsMigration } from './0005-vaults-transactions.ts'
import { pipelineWorkersMigration } from './0006-pipeline-workers.ts'
import { webhookSubscriptionSettingsMigration, webhooksMigration } from '../../shared/webhooks/migrations.ts'
import { auditExportsMigration } from '../../audit/http/export-requests-migration.ts'
import { policyGovernanceMigration } from './0010-policy-governance.ts'
import { transactionApprovalsMigration } from './0011-transaction-approvals.ts'
import { consoleMigration } from '../../shared/console/console-migration.ts'
import { approvalPasskeysMigration } from './0061-approval-passkeys.ts'
import { assetsMigration } from '../assets/0070-assets.ts'
import { fireblocksMigration } from '../fireblocks/0071-fireblocks.ts'
import { addressHoldsMigration } from '../holds/0100-address-holds.ts'
import { chainWatchMigration } from './0115-chain-watch.ts'
import { depositsMigration } from './0120-deposits.ts'
import { treasuryRulesMigration } from '../treasury/0150-treasury-rules.ts'
import { fireblocksExternalWalletsMigration } from '../fireblocks/0170-external-wallets.ts'
import { gasStationAlertsMigration } from './0190-gas-station-alerts.ts'
import { securityEventsMigration } from '../../shared/security-events/migration.ts'
import { apiKeyIpAllowListMigration } from '../../shared/auth/ip-allow-list.ts'
import { principalChangeRequestsMigration } from './0106-principal-change-requests.ts'
import { rateLimitBucketsMigration } from '../../shared/auth/db-rate-limit.ts'
import { actingPrincipalMigration } from './0160-acting-principal.ts'

/** Custody's schema, in order. Never edit a migration that has shipped; add one. */
export const custodyMigrations: Record<string, Migration> = {
  '0001_service_meta': serviceMetaMigration,
  '0002_api_keys': apiKeysMigration,
  '0003_api_request_nonces': apiRequestNoncesMigration,
  '0004_audit_log': auditLogMigration,
  '0005_vaults_transactions': vaultsAndTransactionsMigration,
  '0006_pipeline_workers': pipelineWorkersMigration,
  '0007_webhooks': webhooksMigration,
  '0010_policy_governance': policyGovernanceMigration,
  '0011_transaction_approvals': transactionApprovalsMigration,
  '0020_audit_exports': auditExportsMigration,
  '0060_console': consoleMigration,
  '0061_approval_passkeys': approvalPasskeysMigration,
  '0070_assets': assetsMigration,
  '0071_fireblocks': fireblocksMigration,
  '0100_address_holds': addressHoldsMigration,
  '0105_principals': principalsMigration,
  '0106_principal_change_requests': principalChangeRequestsMigration,
  '0110_security_events': securityEventsMigration,
  '0111_api_key_allowed_ips': apiKeyIpAllowListMigration,
  '0115_chain_watch': chainWatchMigration,
  '0120_deposits': depositsMigration,
  '0150_treasury_rules': treasuryRulesMigration,
  '0160_acting_principal': actingPrincipalMigration,
  '0170_fireblocks_external_wallets': fireblocksExternalWalletsMigration,
  '0190_gas_station_alerts': gasStationAlertsMigration,
  '0190_webhook_subscription_settings': webhookSubscriptionSettingsMigration,
  '0210_rate_limit_buckets': rateLimitBucketsMigration,
}
