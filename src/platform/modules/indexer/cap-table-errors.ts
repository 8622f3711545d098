import { CustosError } from '../../../shared/errors.ts'

/** A cap table was asked for at a block the indexer has not reached (yet). */
export class BlockNotIndexedError extends CustosError {
  override readonly name = 'BlockNotIndexedError'
  constructor(atBlock: bigint, indexedHead: bigint) {
    super('BLOCK_NOT_INDEXED', `block ${atBlock} is above the indexed head ${indexedHead}: ask again once the indexer has reached it`, {
      status: 409,
      retryable: true,
      details: { atBlock: atBlock.toString(), indexedHead: indexedHead.toString() },
    })
  }
}

/** The token is ACTIVE but the indexer has not started reading it. */
export class CapTableNotIndexedError extends CustosError {
  override readonly name = 'CapTableNotIndexedError'
  constructor(tokenId: string) {
    super('CAP_TABLE_NOT_INDEXED', `token ${tokenId} is not indexed yet: the indexer picks up a new token at its next poll`, { status: 409, retryable: true, details: { tokenId } })
  }
}
