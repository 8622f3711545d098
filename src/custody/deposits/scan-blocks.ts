import { getAddress, parseAbiItem, type Address, type Chain, type Hex, type PublicClient, type Transport } from 'viem'
import type { AssetRow } from '../assets/schema.ts'
import type { SeenTransfer } from './record-deposits.ts'

const TRANSFER = parseAbiItem('event Transfer(address indexed from, address indexed to, uint256 value)')
/** Blocks read at once, and vault addresses per `getLogs` topic filter. */
const BLOCK_READS_IN_FLIGHT = 8
const ADDRESSES_PER_FILTER = 200

export interface WatchedVault {
  id: string
  address: Address
}

export interface ScanBlocksParameters {
  from: bigint
  to: bigint
  /** Vaults by lower-case address. */
  vaults: Map<string, WatchedVault>
  assets: AssetRow[]
  /** The hash the block before `from` had when it was scanned, if known. */
  parentHash?: string
}

export interface ScanBlocksReturnType {
  blocks: { number: bigint; hash: string }[]
  transfers: SeenTransfer[]
}

/**
 * Reads blocks `from`..`to` for transfers into vaults: native value in each block's
 * transactions (`to` = a vault, value > 0, receipt successful), and the `Transfer` logs of
 * every registered ERC-20 whose `to` is a vault. Returns null when the chain changed under
 * the read (the blocks do not link up, or a log names another block hash): the caller
 * tries again after looking for a reorg. Value moved by contract calls (internal
 * transfers) is not seen.
 */
export async function scanBlocks(client: PublicClient<Transport, Chain>, p: ScanBlocksParameters): Promise<ScanBlocksReturnType | null> {
  const numbers: bigint[] = []
  for (let n = p.from; n <= p.to; n++) numbers.push(n)
  const blocks: Awaited<ReturnType<typeof readBlock>>[] = []
  for (let i = 0; i < numbers.length; i += BLOCK_READS_IN_FLIGHT) {
    blocks.push(...(await Promise.all(numbers.slice(i, i + BLOCK_READS_IN_FLIGHT).map((n) => readBlock(client, n)))))
  }
  let parent = p.parentHash?.toLowerCase()
  for (const b of blocks) {
    if (!b.hash || (parent !== undefined && b.parentHash.toLowerCase() !== parent)) return null
    parent = b.hash.toLowerCase()
  }
  const hashOf = new Map(blocks.map((b) => [b.number, b.hash!.toLowerCase()]))
  const sourceOf = (from: string) => p.vaults.get(from.toLowerCase())?.id ?? null
  const transfers: SeenTransfer[] = []

  const native = p.assets.find((a) => a.kind === 'NATIVE')
  if (native) {
    const candidates = blocks.flatMap((b) => b.transactions.filter((t) => t.to && t.value > 0n && p.vaults.has(t.to.toLowerCase())).map((t) => ({ b, t })))
    const receipts = await Promise.all(candidates.map(({ t }) => client.getTransactionReceipt({ hash: t.hash })))
    for (const [i, { b, t }] of candidates.entries()) {
      const receipt = receipts[i]!
      if (receipt.blockHash.toLowerCase() !== b.hash!.toLowerCase()) return null
      // A reverted call moved no value (a vault with code could revert one).
      if (receipt.status !== 'success') continue
      const vault = p.vaults.get(t.to!.toLowerCase())!
      transfers.push({ vaultId: vault.id, address: vault.address, assetId: native.id, contractAddress: null, txHash: t.hash, logIndex: -1, from: getAddress(t.from), amount: t.value, blockNumber: b.number, blockHash: b.hash!, sourceVaultId: sourceOf(t.from) })
    }
  }

  const addresses = [...p.vaults.values()].map((v) => v.address)
  for (const asset of p.assets) {
    if (asset.kind !== 'ERC20' || !asset.contract_address) continue
    for (let i = 0; i < addresses.length; i += ADDRESSES_PER_FILTER) {
      const logs = await client.getLogs({ address: asset.contract_address as Address, event: TRANSFER, args: { to: addresses.slice(i, i + ADDRESSES_PER_FILTER) }, fromBlock: p.from, toBlock: p.to, strict: true })
      for (const log of logs) {
        if (hashOf.get(log.blockNumber) !== log.blockHash.toLowerCase()) return null
        const vault = p.vaults.get(log.args.to.toLowerCase())
        if (!vault || log.args.value === 0n) continue
        transfers.push({ vaultId: vault.id, address: vault.address, assetId: asset.id, contractAddress: asset.contract_address, txHash: log.transactionHash, logIndex: log.logIndex, from: getAddress(log.args.from), amount: log.args.value, blockNumber: log.blockNumber, blockHash: log.blockHash, sourceVaultId: sourceOf(log.args.from) })
      }
    }
  }
  return { blocks: blocks.map((b) => ({ number: b.number, hash: b.hash!.toLowerCase() })), transfers }
}

function readBlock(client: PublicClient<Transport, Chain>, n: bigint) {
  return client.getBlock({ blockNumber: n, includeTransactions: true }) as Promise<{ number: bigint; hash: Hex | null; parentHash: Hex; transactions: { hash: Hex; from: Address; to: Address | null; value: bigint }[] }>
}
