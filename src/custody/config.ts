import { Type, type Static } from 'typebox'
import { CommonEnv, HttpUrl, Port } from '../shared/config/common.ts'
import { parseEnv } from '../shared/config/parse-env.ts'

export const CustodyEnv = Type.Object({
  ...CommonEnv,
  CUSTODY_HOST: Type.String({ default: '127.0.0.1', description: 'interface the custody API listens on' }),
  CUSTODY_PORT: Port(4100, 'custody API port'),
  CUSTODY_DATABASE_URL: Type.Optional(Type.String({ description: 'postgres://… for PostgreSQL; unset for PGlite under CUSTOS_HOME' })),
  RPC_URL: HttpUrl('JSON-RPC endpoint of the chain'),
  CHAIN_ID: Type.Optional(Type.Integer({ minimum: 1, description: 'expected chain id; boot fails if the RPC serves another' })),
  CUSTOS_DEV_CREDENTIALS: Type.Optional(Type.String({ description: 'development credentials file whose custody keys are imported at boot' })),
})

export type CustodyConfig = Static<typeof CustodyEnv>

export function loadCustodyConfig(env: Record<string, string | undefined>): CustodyConfig {
  return parseEnv(CustodyEnv, env)
}
