import { Type, type Static } from 'typebox'
import { CommonEnv, HttpUrl, Port } from '../shared/config/common.ts'
import { parseEnv } from '../shared/config/parse-env.ts'
import { consoleEnvFields } from '../shared/console/console-settings.ts'

export const CustodyEnv = Type.Object({
  ...CommonEnv,
  CUSTODY_HOST: Type.String({ default: '127.0.0.1', description: 'interface the custody API listens on' }),
  CUSTODY_PORT: Port(4100, 'custody API port'),
  CUSTODY_TLS_CERT_FILE: Type.Optional(Type.String({ description: 'PEM certificate chain: serve HTTPS (TLS 1.3 only) with it and CUSTODY_TLS_KEY_FILE' })),
  CUSTODY_TLS_KEY_FILE: Type.Optional(Type.String({ description: 'PEM private key of CUSTODY_TLS_CERT_FILE' })),
  CUSTODY_TLS_CLIENT_CA_FILE: Type.Optional(Type.String({ description: 'PEM CA: mutual TLS, only clients presenting a certificate it signed may connect' })),
  CUSTODY_TRUST_PROXY: Type.String({ default: '', description: 'behind a reverse proxy: true, or its addresses/CIDRs comma-separated; the client address and protocol then come from X-Forwarded-For/-Proto' }),
  CUSTODY_DATABASE_URL: Type.Optional(Type.String({ description: 'postgres://… for PostgreSQL; unset for PGlite under CUSTOS_HOME' })),
  RPC_URL: HttpUrl('JSON-RPC endpoint of the chain'),
  RPC_URLS: Type.Optional(Type.String({ pattern: '^https?://[^\\s,]+(,https?://[^\\s,]+)*$', description: 'several JSON-RPC endpoints of the same chain, comma-separated (RPC_URL first if absent): the pipeline uses the one with the highest head and fails over when it stops answering' })),
  CHAIN_ID: Type.Optional(Type.Integer({ minimum: 1, description: 'expected chain id; boot fails if the RPC serves another' })),
  CUSTOS_DEV_CREDENTIALS: Type.Optional(Type.String({ description: 'development credentials file whose custody keys are imported at boot' })),
  CUSTODY_KEY_BACKEND: Type.Union([Type.Literal('keystore'), Type.Literal('pkcs11')], { default: 'keystore', description: 'keystore (encrypted HD seed) or pkcs11 (HSM)' }),
  CUSTODY_KEYSTORE_PATH: Type.Optional(Type.String({ description: 'encrypted keystore file (default CUSTOS_HOME/custody/keystore.json)' })),
  CUSTODY_CONFIRMATIONS: Type.Integer({ minimum: 1, maximum: 1000, default: 1, description: 'blocks (including the receipt’s) before a transaction is COMPLETED' }),
  CUSTODY_FINALITY: Type.Union([Type.Literal('confirmations'), Type.Literal('finalized')], {
    default: 'confirmations',
    description: "when a transaction is final (COMPLETED): confirmations (CUSTODY_CONFIRMATIONS blocks deep) or finalized (at or below the chain's `finalized` block)",
  }),
  CUSTODY_WATCH_AFTER_FINALITY_SECONDS: Type.Integer({ minimum: 0, default: 3600, description: 'how long after COMPLETED custody keeps re-checking a receipt against the canonical chain (a vanished one is sent again and alerted)' }),
  CUSTODY_CHAIN_WATCH_MS: Type.Integer({ minimum: 10, default: 2000, description: 'how often custody compares its ledger with the chain (receipts, nonces, stuck transactions)' }),
  CUSTODY_STUCK_ALERT_SECONDS: Type.Number({ minimum: 1, default: 600, description: 'a transaction without progress for this long raises a transaction.stuck alert' }),
  CUSTODY_MAX_FEE_PER_GAS_WEI: Type.Optional(Type.String({ pattern: '^[0-9]+$', description: 'ceiling of max fee per gas for replacements; at the ceiling the last bytes keep being sent and a transaction.stuck alert is raised (default: no ceiling)' })),
  CUSTODY_STUCK_AFTER_SECONDS: Type.Number({ minimum: 1, default: 60, description: 'replace a transaction not mined after this long' }),
  CUSTODY_CONFIRM_POLL_MS: Type.Integer({ minimum: 10, default: 250, description: 'how often a broadcast transaction looks for its receipt' }),
  CUSTODY_BROADCAST_ORDER: Type.Union([Type.Literal('auto'), Type.Literal('ascending'), Type.Literal('gap-first')], {
    default: 'auto',
    description: "how an address's transactions are handed to the node: ascending (one at a time, in nonce order), gap-first (a group's higher nonces, then its lowest once the earlier ones are mined: one block a group on a node that mines as it accepts), auto (gap-first on anvil with automine, else ascending)",
  }),
  CUSTODY_GAS_TOPUP_MIN_WEI: Type.String({ pattern: '^[0-9]+$', default: '50000000000000000', description: 'smallest gas station top-up (wei)' }),
  CUSTODY_GAS_TOPUP_CAP_WEI: Type.String({ pattern: '^[0-9]+$', default: '1000000000000000000', description: 'largest gas station top-up (wei)' }),
  CUSTODY_API_RATE_PER_SECOND: Type.Number({ minimum: 1, default: 50, description: 'requests per second one API key may make (token bucket)' }),
  CUSTODY_API_BURST: Type.Integer({ minimum: 1, default: 100, description: 'requests one API key may make at once above its rate' }),
  CUSTODY_RATE_LIMIT_STORE: Type.Union([Type.Literal('auto'), Type.Literal('memory'), Type.Literal('database')], {
    default: 'auto',
    description: 'where the per-principal rate limit is counted: database (one budget for all custody nodes on the database), memory (per node), auto (database on PostgreSQL, memory on PGlite)',
  }),
  CUSTODY_WORKERS: Type.Integer({ minimum: 0, maximum: 64, default: 1, description: 'pipeline workers in this process (0: API only)' }),
  CUSTODY_WORKER_CONCURRENCY: Type.Integer({ minimum: 1, maximum: 256, default: 32, description: 'transactions one worker advances at once' }),
  CUSTODY_ADMIN_QUORUM: Type.Integer({ minimum: 1, maximum: 20, default: 2, description: 'admin approvals (besides the requester) a policy version or whitelist change needs' }),
  CUSTODY_APPROVAL_TTL_SECONDS: Type.Integer({ minimum: 1, default: 86_400, description: 'a transaction waiting for approval longer than this is REJECTED (APPROVAL_EXPIRED)' }),
  CUSTODY_CHANGE_REQUEST_TTL_SECONDS: Type.Integer({ minimum: 1, default: 604_800, description: 'a policy or whitelist change request not approved within this is EXPIRED' }),
  CUSTODY_DEPLOYMENTS_FILE: Type.Optional(Type.String({ description: 'deployments file naming the AuditAnchor contract (default CUSTOS_HOME/deployments.json); without it audit checkpoints are signed but not anchored' })),
  CUSTODY_AUDIT_ORIGIN: Type.String({ default: 'custos.dev/custody/main', description: 'the audit log id: first line of every checkpoint and name of its signing key (keccak256 of it is the on-chain log id)' }),
  CUSTODY_WEBHOOK_MAX_RETRY_DELAY_SECONDS: Type.Integer({ minimum: 1, maximum: 86_400, default: 3_600, description: 'longest wait between two attempts of a failing webhook delivery (the waits double from 1 s up to it, for 24 h)' }),
  CUSTODY_WEBHOOK_RETENTION_DAYS: Type.Integer({ minimum: 0, default: 30, description: 'keep the webhook delivery log (finished deliveries, their attempts and events) this many days; 0 keeps it for ever' }),
  CUSTODY_WEBHOOK_ALLOWED_TARGETS: Type.String({
    default: '',
    description: 'internal addresses webhook subscriptions may reach, comma-separated: IP addresses, CIDR blocks or host names (loopback, private, link-local, CGNAT and metadata addresses are refused otherwise); custos start sets localhost,127.0.0.0/8,::1',
  }),
  CUSTODY_SECURITY_EVENT_RETENTION_DAYS: Type.Integer({ minimum: 0, default: 30, description: 'keep security events (refused unauthenticated requests, counted per minute) this many days; 0 keeps them for ever' }),
  CUSTODY_NATIVE_ASSET_ID: Type.String({ pattern: '^[A-Z][A-Z0-9_]{0,63}$', default: 'ETH', description: "asset registry id of the chain's native coin (registered at boot)" }),
  CUSTODY_NATIVE_ASSET_SYMBOL: Type.String({ minLength: 1, maxLength: 32, default: 'ETH', description: "symbol of the chain's native coin" }),
  CUSTODY_DEPOSIT_WATCH: Type.Union([Type.Literal('on'), Type.Literal('off')], { default: 'on', description: 'watch every vault address for incoming native and registered ERC-20 transfers (deposits), in processes that run workers' }),
  CUSTODY_DEPOSIT_WATCH_MS: Type.Integer({ minimum: 10, default: 2000, description: 'how often the deposit watch reads new blocks and settles detected deposits' }),
  CUSTODY_DEPOSIT_START_BLOCK: Type.String({ pattern: '^(latest|[0-9]{1,20})$', default: 'latest', description: 'block the deposit watch starts from on its first start (latest: the head at that moment); later starts continue from the stored cursor' }),
  CUSTODY_DEPOSIT_BLOCKS_PER_PASS: Type.Integer({ minimum: 1, maximum: 10_000, default: 100, description: 'blocks the deposit watch reads in one pass at most (getLogs range)' }),
  CUSTODY_TREASURY_CHECK_MS: Type.Integer({ minimum: 0, default: 300_000, description: 'how often the treasury check compares hot vault balances with their rebalancing rules and proposes top-ups and sweeps, in processes that run workers; 0 turns the loop off (POST /v1/treasury/check still runs it)' }),
  CUSTODY_CONSOLE_ORIGIN: consoleEnvFields('custody').origin,
  CUSTODY_CONSOLE_IDLE_MINUTES: consoleEnvFields('custody').idleMinutes,
  CUSTODY_CONSOLE_SESSION_HOURS: consoleEnvFields('custody').sessionHours,
  CUSTODY_AUDIT_CHECKPOINT_SECONDS: Type.Integer({ minimum: 0, default: 300, description: 'least time between two signed audit checkpoints (each is anchored on-chain); 0 turns checkpointing off in this process' }),
})

export type CustodyConfig = Static<typeof CustodyEnv>

export function loadCustodyConfig(env: Record<string, string | undefined>): CustodyConfig {
  return parseEnv(CustodyEnv, env)
}
