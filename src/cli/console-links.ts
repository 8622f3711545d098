import type { DevCredentials } from '../shared/development-api-keys.ts'
import { credentialFor } from '../shared/development-api-keys.ts'
import { createCustodyClient } from '../client/custody-client.ts'
import { createPlatformClient } from '../client/platform-client.ts'

export interface ConsoleLink {
  service: 'custody' | 'platform'
  role: string
  url: string
}

/**
 * One-time passkey enrolment links for every development principal of both consoles,
 * issued by each service's development admin through the public API (as an admin would
 * for a colleague). Each start issues fresh links; a link works once, for 24 hours.
 */
export async function issueDevConsoleLinks(credentials: DevCredentials, urls: { custody: string; platform: string }): Promise<ConsoleLink[]> {
  const admins = { custody: credentialFor(credentials, 'custody', 'admin'), platform: credentialFor(credentials, 'platform', 'issuer-admin') }
  const out: ConsoleLink[] = []
  for (const service of ['custody', 'platform'] as const) {
    const key = { baseUrl: urls[service], keyId: admins[service].keyId, secret: admins[service].secret }
    const admin = service === 'custody' ? createCustodyClient(key) : createPlatformClient(key)
    // The platform's key at custody is a service, not a person: it gets no console.
    for (const c of credentials[service].filter((e) => !(service === 'custody' && e.role === 'platform'))) {
      const res = await admin.POST('/v1/console/enrolments', { body: { principalId: c.keyId } })
      if (!res.ok) throw new Error(`enrolment link for ${service} ${c.role}: ${res.problem.code} ${res.problem.detail}`)
      out.push({ service, role: c.role, url: res.data.url })
    }
  }
  return out
}
