import { BlockNotFoundError, type Chain, type Hash, type PublicClient, type Transport } from 'viem'

export interface BlockHeader {
  number: bigint
  hash: string
  parentHash: string
  timestamp: bigint
}

type Client = PublicClient<Transport, Chain>

const header = (b: { number: bigint | null; hash: Hash | null; parentHash: Hash; timestamp: bigint }): BlockHeader | null =>
  b.number === null || b.hash === null ? null : { number: b.number, hash: b.hash.toLowerCase(), parentHash: b.parentHash.toLowerCase(), timestamp: b.timestamp }

/** The canonical block at a height, or null past the chain's head. */
export async function headerAt(client: Client, number: bigint): Promise<BlockHeader | null> {
  try {
    return header(await client.getBlock({ blockNumber: number }))
  } catch (err) {
    if (err instanceof BlockNotFoundError) return null
    throw err
  }
}

/** A block by hash (null if the node no longer knows it). */
export async function headerOf(client: Client, hash: string): Promise<BlockHeader | null> {
  try {
    return header(await client.getBlock({ blockHash: hash as Hash }))
  } catch (err) {
    if (err instanceof BlockNotFoundError) return null
    throw err
  }
}

/** The canonical chain's hash at a height (lower-case), or null past its head. */
export async function hashAt(client: Client, number: bigint): Promise<string | null> {
  return (await headerAt(client, number))?.hash ?? null
}
