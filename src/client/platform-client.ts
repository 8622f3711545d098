import type { components, paths } from './generated/platform-api.ts'
import { createTypedClient, type ClientOptions, type TypedClient } from './typed-client.ts'

/** The platform API's paths, operations and named models, as generated from its OpenAPI document. */
export type { components as PlatformComponents, operations as PlatformOperations, paths as PlatformPaths } from './generated/platform-api.ts'
/** A named model of the platform API, e.g. `PlatformSchema<'Workflow'>`. */
export type PlatformSchema<N extends keyof components['schemas']> = components['schemas'][N]
export type PlatformProblem = components['schemas']['Problem']
export type PlatformClient = TypedClient<paths, PlatformProblem>

/**
 * A typed, signing client of the platform API.
 *
 * @example
 * const platform = createPlatformClient({ baseUrl: 'http://127.0.0.1:4000', keyId, secret })
 * const res = await platform.GET('/v1/investors/{id}', { path: { id } })
 * if (res.ok) console.log(res.data.status)
 * else console.error(res.problem.code)      // e.g. NOT_FOUND
 */
export function createPlatformClient(opts: ClientOptions): PlatformClient {
  return createTypedClient<paths, PlatformProblem>(opts)
}
