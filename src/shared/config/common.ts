import { Type } from 'typebox'
import { resolve } from 'node:path'

/** Variables every process understands. */
export const CommonEnv = {
  CUSTOS_HOME: Type.String({ default: '.custos', description: 'state folder (chain state, databases, credentials, deployments)' }),
  LOG_LEVEL: Type.Union([Type.Literal('fatal'), Type.Literal('error'), Type.Literal('warn'), Type.Literal('info'), Type.Literal('debug'), Type.Literal('trace'), Type.Literal('silent')], {
    default: 'info',
    description: 'one of fatal, error, warn, info, debug, trace, silent',
  }),
  LOG_PRETTY: Type.Boolean({ default: false, description: 'human-readable logs instead of JSON' }),
}

export const Port = (def: number, description: string) => Type.Integer({ minimum: 1, maximum: 65535, default: def, description })
export const HttpUrl = (description: string) => Type.String({ pattern: '^https?://[^\\s]+$', description })

export function homeDir(home: string): string {
  return resolve(process.cwd(), home)
}
