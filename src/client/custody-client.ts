import type { components, paths } from './generated/custody-api.ts'
import { createTypedClient, type ClientOptions, type TypedClient } from './typed-client.ts'

/** The custody API's paths, operations and named models, as generated from its OpenAPI document. */
export type { components as CustodyComponents, operations as CustodyOperations, paths as CustodyPaths } from './generated/custody-api.ts'
/** A named model of the custody API, e.g. `CustodySchema<'Vault'>`. */
export type CustodySchema<N extends keyof components['schemas']> = components['schemas'][N]
export type CustodyProblem = components['schemas']['Problem']
export type CustodyClient = TypedClient<paths, CustodyProblem>

/**
 * A typed, signing client of the custody API.
 *
 * @example
 * const custody = createCustodyClient({ baseUrl: 'http://127.0.0.1:4100', keyId, secret })
 * const res = await custody.GET('/v1/vaults/{id}', { path: { id } })
 * if (res.ok) console.log(res.data.address) // a VaultWithBalances
 * else console.error(res.problem.code)      // e.g. NOT_FOUND
 */
export function createCustodyClient(opts: ClientOptions): CustodyClient {
  return createTypedClient<paths, CustodyProblem>(opts)
}
