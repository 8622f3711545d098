import type { Address, Hex } from 'viem'
import { createSignedFetch } from '../../src/shared/auth/sign-request.ts'

export interface ClientJob {
  url: string
  keyId: string
  secret: string
  n: number
  /** externalTxId = `${idPrefix}-${i}` */
  idPrefix: string
  /** Requests kept in flight at once. */
  inFlight: number
  sourceVaultId: string
  to: Address
  data: Hex
}

// One signed client per custody and key, kept across jobs with its keep-alive connections,
// as a long-running client keeps them.
const clients = new Map<string, ReturnType<typeof createSignedFetch>>()

/** Submits the N transfers through custody's signed HTTP API, `inFlight` requests at a time. */
export async function submitAll(job: ClientJob): Promise<void> {
  const key = `${job.url} ${job.keyId}`
  let api = clients.get(key)
  if (!api) clients.set(key, (api = createSignedFetch({ baseUrl: job.url, keyId: job.keyId, secret: job.secret })))
  const inFlight = new Set<Promise<void>>()
  for (let i = 0; i < job.n; i++) {
    const p = api.post<{ id: string }>('/v1/transactions', { externalTxId: `${job.idPrefix}-${i}`, sourceVaultId: job.sourceVaultId, to: job.to, data: job.data }).then((r) => {
      if (r.status !== 201) throw new Error(`submit ${i}: ${r.status} ${JSON.stringify(r.body)}`)
    })
    inFlight.add(p)
    void p.finally(() => inFlight.delete(p))
    if (inFlight.size >= job.inFlight) await Promise.race(inFlight)
  }
  await Promise.all(inFlight)
}
