import type { PlatformContext } from '../../context.ts'
import { createOperation } from './create-operation.ts'
import { getTokenRow } from './read-tokens.ts'
import { tokenAddressOf } from './token-chain.ts'

/**
 * Asks custody to pause or unpause a token from the issuer-agent vault. The
 * vault is warm, so the operation usually answers PENDING_AUTHORIZATION with
 * its custody transaction id; `GET /v1/tokens/:id/operations/:opId` shows the end.
 */
export async function setTokenPaused(ctx: PlatformContext, tokenId: string, paused: boolean, actor: string, correlationId?: string) {
  const token = await getTokenRow(ctx, tokenId)
  tokenAddressOf(token)
  const kind = paused ? 'PAUSE' : 'UNPAUSE'
  return createOperation(ctx, { tokenId, kind, request: { tokenId, kind }, externalTxId: (opId) => `tok:${tokenId}:${kind.toLowerCase()}:${opId}` }, actor, correlationId)
}
