import { Type, type Static } from 'typebox'
import { CommonEnv, HttpUrl, Port } from '../shared/config/common.ts'
import { parseEnv } from '../shared/config/parse-env.ts'

export const PlatformEnv = Type.Object({
  ...CommonEnv,
  PLATFORM_HOST: Type.String({ default: '127.0.0.1', description: 'interface the platform API listens on' }),
  PLATFORM_PORT: Port(4000, 'platform API port'),
  PLATFORM_DATABASE_URL: Type.Optional(Type.String({ description: 'postgres://… for PostgreSQL; unset for PGlite under CUSTOS_HOME' })),
  RPC_URL: HttpUrl('JSON-RPC endpoint of the chain (read-only use)'),
  CHAIN_ID: Type.Optional(Type.Integer({ minimum: 1, description: 'expected chain id; boot fails if the RPC serves another' })),
  CUSTODY_URL: HttpUrl('base URL of the custody API'),
  CUSTODY_API_KEY_ID: Type.Optional(Type.String({ description: 'the platform’s key id at custody' })),
  CUSTODY_API_SECRET: Type.Optional(Type.String({ description: 'the platform’s HMAC secret at custody' })),
  DEPLOYMENTS_FILE: Type.Optional(Type.String({ description: 'deployments file (default CUSTOS_HOME/deployments.json)' })),
  CUSTOS_DEV_CREDENTIALS: Type.Optional(Type.String({ description: 'development credentials file whose platform keys are imported at boot' })),
})

export type PlatformConfig = Static<typeof PlatformEnv>

export function loadPlatformConfig(env: Record<string, string | undefined>): PlatformConfig {
  return parseEnv(PlatformEnv, env)
}
