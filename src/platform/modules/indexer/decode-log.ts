import { getAbiItem, type Log } from 'viem'
import { identityRegistryAbi, tokenAbi } from '../../../chain/generated/abis.ts'
import type { Insertable } from 'kysely'
import type { IndexerEventsTable, IndexerSourceKind } from './tables.ts'

/** The token events that change what a holder holds or may move. */
export const TOKEN_EVENTS = [
  getAbiItem({ abi: tokenAbi, name: 'Transfer' }),
  getAbiItem({ abi: tokenAbi, name: 'AddressFrozen' }),
  getAbiItem({ abi: tokenAbi, name: 'TokensFrozen' }),
  getAbiItem({ abi: tokenAbi, name: 'TokensUnfrozen' }),
] as const

/** The platform identity registry's events: which wallet belongs to which ONCHAINID. */
export const REGISTRY_EVENTS = [getAbiItem({ abi: identityRegistryAbi, name: 'IdentityRegistered' }), getAbiItem({ abi: identityRegistryAbi, name: 'IdentityRemoved' })] as const

export const INDEXED_EVENTS = [...TOKEN_EVENTS, ...REGISTRY_EVENTS] as const

export type IndexedLog = Log<bigint, number, false, undefined, true, typeof INDEXED_EVENTS>

const lower = (a: string) => a.toLowerCase()

/**
 * The row of one decoded log, or null for an event the source does not
 * index (a registry cannot emit Transfer; anything else is ignored).
 */
export function decodeIndexedLog(log: IndexedLog, source: { kind: IndexerSourceKind; tokenId: string | null }): Insertable<IndexerEventsTable> | null {
  const base = {
    block_number: log.blockNumber,
    log_index: log.logIndex,
    block_hash: lower(log.blockHash),
    tx_hash: lower(log.transactionHash),
    address: lower(log.address),
    token_id: source.tokenId,
    from_address: null,
    to_address: null,
    account: null,
    amount: null,
    frozen: null,
    identity: null,
  }
  if (source.kind === 'TOKEN') {
    switch (log.eventName) {
      case 'Transfer':
        return { ...base, kind: 'TRANSFER', from_address: lower(log.args.from), to_address: lower(log.args.to), amount: log.args.value }
      case 'AddressFrozen':
        return { ...base, kind: 'ADDRESS_FROZEN', account: lower(log.args._userAddress), frozen: log.args._isFrozen }
      case 'TokensFrozen':
        return { ...base, kind: 'TOKENS_FROZEN', account: lower(log.args._userAddress), amount: log.args._amount }
      case 'TokensUnfrozen':
        return { ...base, kind: 'TOKENS_UNFROZEN', account: lower(log.args._userAddress), amount: log.args._amount }
      default:
        return null
    }
  }
  switch (log.eventName) {
    case 'IdentityRegistered':
      return { ...base, kind: 'IDENTITY_REGISTERED', account: lower(log.args.investorAddress), identity: lower(log.args.identity) }
    case 'IdentityRemoved':
      return { ...base, kind: 'IDENTITY_REMOVED', account: lower(log.args.investorAddress), identity: lower(log.args.identity) }
    default:
      return null
  }
}
