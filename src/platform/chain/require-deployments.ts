import { CustosError } from '../../shared/errors.ts'
import type { Deployments } from '../../chain/deployments.ts'
import type { PlatformContext } from '../context.ts'

/**
 * The infrastructure addresses (factories, registries, ClaimIssuer,
 * compliance modules, stablecoin), or a 503 saying the platform was started
 * without them. Every module that builds calldata or reads the shared
 * contracts starts here.
 *
 * @example
 * const { idFactory } = requireDeployments(ctx)
 */
export function requireDeployments(ctx: Pick<PlatformContext, 'chain'>): Deployments {
  const d = ctx.chain.deployments
  if (!d) throw new CustosError('DEPLOYMENTS_MISSING', 'the platform has no deployments file: deploy the infrastructure first (custos deploy)', { status: 503, retryable: true })
  return d
}
