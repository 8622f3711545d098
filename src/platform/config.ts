import { Type, type Static } from 'typebox'
import { CommonEnv, HttpUrl, Port } from '../shared/config/common.ts'
import { parseEnv } from '../shared/config/parse-env.ts'
import { consoleEnvFields } from '../shared/console/console-settings.ts'

const CountryList = (description: string) => Type.Optional(Type.String({ pattern: '^([A-Za-z]{2})(\\s*,\\s*[A-Za-z]{2})*$', description }))

export const PlatformEnv = Type.Object({
  ...CommonEnv,
  PLATFORM_HOST: Type.String({ default: '127.0.0.1', description: 'interface the platform API listens on' }),
  PLATFORM_PORT: Port(4000, 'platform API port'),
  PLATFORM_DATABASE_URL: Type.Optional(Type.String({ description: 'postgres://… for PostgreSQL; unset for PGlite under CUSTOS_HOME' })),
  PLATFORM_MASTER_KEY: Type.Optional(
    Type.String({ pattern: '^(0x)?[0-9a-fA-F]{64}$', description: '32-byte hex key sealing API key and webhook secrets (development: generated under CUSTOS_HOME)' }),
  ),
  RPC_URL: HttpUrl('JSON-RPC endpoint of the chain (read-only use)'),
  CHAIN_ID: Type.Optional(Type.Integer({ minimum: 1, description: 'expected chain id; boot fails if the RPC serves another' })),
  CUSTODY_URL: HttpUrl('base URL of the custody API'),
  CUSTODY_API_KEY_ID: Type.Optional(Type.String({ description: 'the platform’s key id at custody' })),
  CUSTODY_API_SECRET: Type.Optional(Type.String({ description: 'the platform’s HMAC secret at custody' })),
  CUSTODY_ACT_ON_BEHALF: Type.Boolean({ default: false, description: 'name the platform user who asked in custody transactions (X-Custos-On-Behalf-Of); the platform’s custody key needs the act-on-behalf scope' }),
  CUSTODY_WEBHOOK_SECRET: Type.Optional(Type.String({ description: 'secret(s) of custody’s webhook subscription, comma-separated during a rotation' })),
  CUSTODY_WEBHOOK_SECRET_FILE: Type.Optional(Type.String({ description: 'file holding the custody webhook secret (written by the bootstrap; re-read when it changes)' })),
  CUSTODY_PROVIDER: Type.Union([Type.Literal('custos'), Type.Literal('fireblocks')], { default: 'custos', description: 'custos (Custos custody over its signed API) or fireblocks (a Fireblocks workspace, or custody’s Fireblocks API, through the official SDK)' }),
  FIREBLOCKS_API_KEY: Type.Optional(Type.String({ minLength: 1, description: 'with CUSTODY_PROVIDER=fireblocks: the API user’s key' })),
  FIREBLOCKS_SECRET_KEY_FILE: Type.Optional(Type.String({ minLength: 1, description: 'with CUSTODY_PROVIDER=fireblocks: file holding the API user’s RSA private key (PEM)' })),
  FIREBLOCKS_BASE_PATH: Type.Optional(Type.String({ pattern: '^https?://', description: 'with CUSTODY_PROVIDER=fireblocks: https://api.fireblocks.io/v1 (or sandbox, eu, eu2), or a Custos custody’s <url>/fireblocks/v1' })),
  FIREBLOCKS_WEBHOOK_PUBLIC_KEY_FILE: Type.Optional(Type.String({ minLength: 1, description: 'PEM public key that verifies Fireblocks-Signature on /v1/inbound/fireblocks (Fireblocks publishes it; Custos custody serves it at /fireblocks/webhook_public_key.pem)' })),
  FIREBLOCKS_NATIVE_ASSET_ID: Type.String({ minLength: 1, default: 'ETH', description: 'the chain’s native asset id in the Fireblocks workspace (ETH, ETH_TEST5, …)' }),
  DEPLOYMENTS_FILE: Type.Optional(Type.String({ description: 'deployments file (default CUSTOS_HOME/deployments.json)' })),
  CUSTOS_DEV_CREDENTIALS: Type.Optional(Type.String({ description: 'development credentials file whose platform keys are imported at boot' })),

  PLATFORM_SANCTIONS_LIST_DIR: Type.Optional(Type.String({ description: 'directory with OFAC SDN.CSV (+ ALT, ADD, SDN_COMMENTS); default: the bundled fictional sample' })),
  PLATFORM_COUNTRY_DENY: CountryList('ISO alpha-2 codes refused outright (default CU, IR, KP, SY)'),
  PLATFORM_COUNTRY_ALLOW: CountryList('if set, only these ISO alpha-2 codes may onboard'),
  PLATFORM_KYC_REQUIRE_ACCREDITATION: Type.Boolean({ default: false, description: 'screening asks for accreditation evidence (missing: manual review)' }),
  PLATFORM_KYC_ACCREDITATION_METHODS: Type.String({ default: 'income,net_worth,third_party_letter,professional', description: 'accepted accreditation methods, comma-separated' }),
  PLATFORM_KYC_REVIEW_THRESHOLD: Type.Number({ minimum: 0.5, maximum: 1, default: 0.85, description: 'sanctions name score at which an investor goes to review' }),
  PLATFORM_KYC_AUTO_APPROVE: Type.Boolean({ default: false, description: 'a clean screening approves by itself (default: a compliance officer decides every case)' }),
  PLATFORM_ALLOWED_ROLE_COMBINATIONS: Type.Optional(
    Type.String({
      pattern: '^[A-Za-z0-9_.:-]+(\\+[A-Za-z0-9_.:-]+)+(\\s*,\\s*[A-Za-z0-9_.:-]+(\\+[A-Za-z0-9_.:-]+)+)*$',
      description: 'role combinations one principal may hold although they are kept apart by default (issuer-admin, compliance-officer, auditor), e.g. `compliance-officer+auditor`; comma-separated',
    }),
  ),
  PLATFORM_CASH_AUTO_PAY: Type.Boolean({ default: true, description: 'a confirmed deposit pays the investor’s unpaid stablecoin subscriptions its cash covers, oldest first' }),
  PLATFORM_KYC_VALIDITY_DAYS: Type.Integer({ minimum: 1, maximum: 3650, default: 365, description: 'how long an approved KYC (and its on-chain claim) stays valid' }),
  PLATFORM_KYC_WEBHOOK_SECRET: Type.Optional(Type.String({ description: 'secret(s) of external KYC vendors’ webhooks, comma-separated' })),
  PLATFORM_RESCREEN_INTERVAL_HOURS: Type.Number({ minimum: 0.001, default: 24, description: 'rescreen every ACTIVE investor this often (business time, from the clock)' }),

  PLATFORM_API_RATE_PER_SECOND: Type.Number({ minimum: 1, default: 50, description: 'requests per second one principal may make per route class (token bucket)' }),
  PLATFORM_API_BURST: Type.Integer({ minimum: 1, default: 100, description: 'requests one principal may make at once above its rate, per route class' }),
  PLATFORM_RATE_LIMIT_STORE: Type.Union([Type.Literal('auto'), Type.Literal('memory'), Type.Literal('database')], {
    default: 'auto',
    description: 'where the per-principal rate limit is counted: database (one budget for all platform nodes on the database), memory (per node), auto (database on PostgreSQL, memory on PGlite)',
  }),
  PLATFORM_WORKERS: Type.Integer({ minimum: 0, maximum: 16, default: 1, description: 'workflow workers in this process (0: API only)' }),
  PLATFORM_WORKER_CONCURRENCY: Type.Integer({ minimum: 1, maximum: 256, default: 16, description: 'workflows one worker advances at once' }),
  PLATFORM_WORKFLOW_RETRY_MAX_SECONDS: Type.Integer({ minimum: 1, maximum: 3_600, default: 60, description: 'longest wait before a failed workflow step (custody or the RPC unreachable) is tried again; the waits double from 0.5 s up to it' }),
  PLATFORM_WORKER_POLL_MS: Type.Integer({ minimum: 10, default: 1000, description: 'idle wait of a workflow worker between looks for due work (real time)' }),
  PLATFORM_CUSTODY_POLL_MS: Type.Integer({ minimum: 10, default: 1000, description: 'how often a step waiting on custody asks it (webhooks wake it sooner)' }),
  PLATFORM_SCHEDULER_INTERVAL_MS: Type.Integer({ minimum: 10, default: 60_000, description: 'how often the expiry and rescreening jobs look for work (real time)' }),

  PLATFORM_INDEXER_POLL_MS: Type.Integer({ minimum: 0, default: 1000, description: 'how often the chain indexer looks for new blocks (real time; runs with the workers; 0: no indexer in this process)' }),
  PLATFORM_INDEXER_BLOCK_RANGE: Type.Integer({ minimum: 1, maximum: 100_000, default: 1000, description: 'most blocks the indexer reads logs of in one eth_getLogs call' }),
  PLATFORM_INDEXER_CONFIRMATIONS: Type.Integer({ minimum: 0, maximum: 10_000, default: 0, description: 'blocks the indexer stays behind the chain head (0: index the head; reorgs are rolled back either way)' }),
  PLATFORM_INDEXER_START_BLOCK: Type.Integer({ minimum: 0, default: 0, description: 'first block read for the platform identity registry’s events (the infrastructure’s deployment block); tokens start at their deploy block' }),
  PLATFORM_RECONCILE_INTERVAL_MS: Type.Integer({ minimum: 0, default: 300_000, description: 'how often reconciliation compares operations with the chain (real time; runs with the workers; 0: only on POST /v1/reconciliation/run)' }),

  PLATFORM_AUDIT_ORIGIN: Type.String({ minLength: 1, default: 'custos.dev/platform/main', description: 'the platform audit log id (first line of its checkpoints; keccak256 of it is the on-chain log id)' }),
  PLATFORM_TLS_CERT_FILE: Type.Optional(Type.String({ description: 'PEM certificate chain: serve HTTPS (TLS 1.3 only) with it and PLATFORM_TLS_KEY_FILE' })),
  PLATFORM_TLS_KEY_FILE: Type.Optional(Type.String({ description: 'PEM private key of PLATFORM_TLS_CERT_FILE' })),
  PLATFORM_TLS_CLIENT_CA_FILE: Type.Optional(Type.String({ description: 'PEM CA: mutual TLS, only clients presenting a certificate it signed may connect' })),
  PLATFORM_TRUST_PROXY: Type.String({ default: '', description: 'behind a reverse proxy: true, or its addresses/CIDRs comma-separated; the client address and protocol then come from X-Forwarded-For/-Proto' }),
  CUSTODY_TLS_CA_FILE: Type.Optional(Type.String({ description: 'PEM CA that signs custody’s certificate, when it is not a public one' })),
  CUSTODY_CLIENT_CERT_FILE: Type.Optional(Type.String({ description: 'PEM client certificate the platform presents to custody (mutual TLS)' })),
  CUSTODY_CLIENT_KEY_FILE: Type.Optional(Type.String({ description: 'PEM private key of CUSTODY_CLIENT_CERT_FILE' })),
  PLATFORM_WEBHOOK_ALLOWED_TARGETS: Type.String({
    default: '',
    description: 'internal addresses webhook subscriptions may reach, comma-separated: IP addresses, CIDR blocks or host names (loopback, private, link-local, CGNAT and metadata addresses are refused otherwise); custos start sets localhost,127.0.0.0/8,::1',
  }),
  PLATFORM_SECURITY_EVENT_RETENTION_DAYS: Type.Integer({ minimum: 0, default: 30, description: 'keep security events (refused unauthenticated requests, counted per minute) this many days; 0 keeps them for ever' }),
  PLATFORM_WEBHOOK_MAX_RETRY_DELAY_SECONDS: Type.Integer({ minimum: 1, maximum: 86_400, default: 3_600, description: 'longest wait between two attempts of a failing webhook delivery (the waits double from 1 s up to it, for 24 h)' }),
  PLATFORM_WEBHOOK_RETENTION_DAYS: Type.Integer({ minimum: 0, default: 30, description: 'keep the webhook delivery log (finished deliveries, their attempts and events) this many days; 0 keeps it for ever' }),
  PLATFORM_CONSOLE_ORIGIN: consoleEnvFields('platform').origin,
  PLATFORM_CONSOLE_IDLE_MINUTES: consoleEnvFields('platform').idleMinutes,
  PLATFORM_CONSOLE_SESSION_HOURS: consoleEnvFields('platform').sessionHours,
  PLATFORM_AUDIT_CHECKPOINT_SECONDS: Type.Integer({ minimum: 0, default: 300, description: 'sign (and anchor on-chain) an audit checkpoint this often, by business time (0: off)' }),
})

export type PlatformConfig = Static<typeof PlatformEnv>

export function loadPlatformConfig(env: Record<string, string | undefined>): PlatformConfig {
  return parseEnv(PlatformEnv, env)
}

/** A comma-separated config value as a clean list (empty entries dropped). */
export function listSetting(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
}
