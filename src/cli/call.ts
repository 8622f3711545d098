import { readFileSync } from 'node:fs'
import { homeDir } from '../shared/config/common.ts'
import { statePaths } from '../shared/state-paths.ts'
import { ConfigError } from '../shared/errors.ts'
import { credentialFor, type DevCredentials } from '../shared/development-api-keys.ts'
import { createCustodyClient } from '../client/custody-client.ts'
import { createPlatformClient } from '../client/platform-client.ts'

/**
 * `custos call custody admin GET /v1/vaults`: a signed request with a key from
 * the development credentials, the answer printed as JSON. For trying the
 * APIs by hand; production clients sign with their own keys.
 */
export async function callCommand(env: Record<string, string | undefined>, service: string, role: string, method: string, path: string, body: string | undefined): Promise<void> {
  if (service !== 'custody' && service !== 'platform') throw new ConfigError(`service must be custody or platform (got ${service})`)
  const paths = statePaths(homeDir(env.CUSTOS_HOME ?? '.custos'))
  let creds: DevCredentials
  try {
    creds = JSON.parse(readFileSync(paths.credentials, 'utf8')) as DevCredentials
  } catch {
    throw new ConfigError(`no development credentials at ${paths.credentials}: run npm start first`)
  }
  const key = credentialFor(creds, service, role)
  const port = service === 'custody' ? (env.CUSTODY_PORT ?? '4100') : (env.PLATFORM_PORT ?? '4000')
  const baseUrl = (service === 'custody' ? env.CUSTODY_URL : env.PLATFORM_URL) ?? `http://127.0.0.1:${port}`
  let payload: unknown
  if (body !== undefined) {
    try {
      payload = JSON.parse(body)
    } catch {
      throw new ConfigError('the body must be JSON')
    }
  }
  // The typed client's untyped call: the path comes from the command line, so nothing can be
  // checked against the document, but it signs and reads problems like every other client.
  const client = (service === 'custody' ? createCustodyClient : createPlatformClient)({ baseUrl, keyId: key.keyId, secret: key.secret })
  const res = await client.raw(method, path, payload === undefined ? {} : { body: payload })
  process.stdout.write(`${JSON.stringify(res.ok ? res.data : res.problem, null, 2)}\n`)
  if (res.status >= 400) {
    process.stderr.write(`HTTP ${res.status}\n`)
    process.exitCode = 1
  }
}
