import { createServiceRateLimiter } from '../shared/auth/db-rate-limit.ts'
import type { RateLimiter } from '../shared/auth/rate-limit.ts'
import type { CustodyContext } from './context.ts'

/** Custody's per-principal rate limit (native and Fireblocks APIs), shared by its nodes on PostgreSQL. */
export function custodyRateLimiter(ctx: Pick<CustodyContext, 'db' | 'config' | 'databaseKind'>): RateLimiter {
  return createServiceRateLimiter({
    store: ctx.config.CUSTODY_RATE_LIMIT_STORE,
    databaseKind: ctx.databaseKind,
    db: ctx.db,
    ratePerSecond: ctx.config.CUSTODY_API_RATE_PER_SECOND,
    burst: ctx.config.CUSTODY_API_BURST,
  })
}
