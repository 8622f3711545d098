import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { homeDir } from '../src/shared/config/common.ts'
import { statePaths } from '../src/shared/state-paths.ts'
import { credentialFor, type DevCredentials } from '../src/shared/development-api-keys.ts'
import { POSTMAN_SERVICES, postmanEnvironment } from '../src/client/postman-collection.ts'

// `npm run postman:dev-environments`: Postman environments holding the development keys that
// `npm start` wrote (custody admin, platform issuer-admin), in CUSTOS_HOME/postman/ — never in
// the repository, they carry secrets. Import them beside the collections in postman/.
const home = homeDir(process.env.CUSTOS_HOME ?? '.custos')
const path = statePaths(home).credentials
let credentials: DevCredentials
try {
  credentials = JSON.parse(readFileSync(path, 'utf8')) as DevCredentials
} catch {
  process.stderr.write(`no development credentials at ${path}: run npm start first\n`)
  process.exit(1)
}
const dir = join(home, 'postman')
mkdirSync(dir, { recursive: true, mode: 0o700 })
for (const service of Object.values(POSTMAN_SERVICES)) {
  const key = credentialFor(credentials, service.service, service.developmentRole)
  const port = service.service === 'custody' ? process.env.CUSTODY_PORT : process.env.PLATFORM_PORT
  const baseUrl = port ? service.developmentUrl.replace(/:\d+$/, `:${port}`) : service.developmentUrl
  const file = join(dir, `${service.service}.postman_environment.json`)
  writeFileSync(file, `${JSON.stringify(postmanEnvironment(service, { baseUrl, apiKeyId: key.keyId, apiSecret: key.secret }), null, 2)}\n`, { mode: 0o600 })
  process.stdout.write(`wrote ${file} (${service.service} key of role ${service.developmentRole})\n`)
}
