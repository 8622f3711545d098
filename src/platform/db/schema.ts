import type { AuditTables } from '../../audit/log/schema.ts'
import type { AuditExportTables } from '../../audit/http/export-requests-migration.ts'
import type { WebhooksDB } from '../../shared/webhooks/schema.ts'
import type { ApiKeysTable } from '../../shared/auth/api-key-store.ts'
import type { ApiRequestNoncesTable } from '../../shared/auth/replay-cache.ts'
import type { EngineTables } from '../engine/tables.ts'
import type { CustodyTables } from '../modules/custody/tables.ts'
import type { InboundTables } from '../modules/inbound/tables.ts'
import type { IndexerTables } from '../modules/indexer/tables.ts'
import type { InvestorTables } from '../modules/investors/tables.ts'
import type { BatchMintTables } from '../modules/issuance/tables.ts'
import type { OfferingTables } from '../modules/offerings/tables.ts'
import type { OnboardingTables } from '../modules/onboarding/tables.ts'
import type { ReconciliationTables } from '../modules/reconciliation/tables.ts'
import type { TokenTables } from '../modules/tokens/tables.ts'
import type { DistributionTables } from '../modules/distributions/tables.ts'
import type { RedemptionTables } from '../modules/redemptions/tables.ts'
import type { AgentTables } from '../modules/agent/tables.ts'
import type { CashTables } from '../modules/cash/tables.ts'
import type { ConsoleTables } from '../../shared/console/console-migration.ts'
import type { SecurityEventTables } from '../../shared/security-events/migration.ts'

/**
 * Kysely table types of the platform schema: each module declares its own
 * tables in its `tables.ts`; this is the only file outside a module that
 * names them.
 */
export interface PlatformDB
  extends AuditTables,
    AuditExportTables,
    WebhooksDB,
    EngineTables,
    CustodyTables,
    InboundTables,
    IndexerTables,
    InvestorTables,
    BatchMintTables,
    OfferingTables,
    OnboardingTables,
    ReconciliationTables,
    TokenTables,
    ConsoleTables,
    SecurityEventTables,
    DistributionTables,
    RedemptionTables,
    AgentTables,
    CashTables {
  service_meta: { key: string; value: string; updated_at: Date }
  api_keys: ApiKeysTable
  api_request_nonces: ApiRequestNoncesTable
}
