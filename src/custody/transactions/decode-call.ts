import { decodeFunctionData, getAddress, parseAbi, type Address, type Hex } from 'viem'

/** What a call does, decoded by custody itself from (to, data, value). */
export interface DecodedCall {
  operation: 'NATIVE_TRANSFER' | 'TOKEN_TRANSFER' | 'TOKEN_MINT' | 'TOKEN_BURN' | 'CONTRACT_CALL'
  /** Token address, or 'NATIVE'. */
  asset: string
  /** Amount moved in the asset's base units (0 for a bare contract call); a batch's total. */
  amount: bigint
  /**
   * Who receives the asset (the call target for a contract call). For a batch, its one
   * receiver when every item goes to the same one, else the token contract itself, so a
   * rule about one destination never matches a batch that pays others too.
   */
  destination: Address
  methodSelector: Hex | null
}

// Every method that moves tokens, ERC-20 and ERC-3643 (T-REX) alike: none of them is a bare contract call.
const TOKEN_ABI = parseAbi([
  'function transfer(address to, uint256 amount)',
  'function transferFrom(address from, address to, uint256 amount)',
  'function mint(address to, uint256 amount)',
  'function burn(address from, uint256 amount)',
  'function batchTransfer(address[] toList, uint256[] amounts)',
  'function forcedTransfer(address from, address to, uint256 amount)',
  'function batchForcedTransfer(address[] fromList, address[] toList, uint256[] amounts)',
  'function batchMint(address[] toList, uint256[] amounts)',
  'function batchBurn(address[] userAddresses, uint256[] amounts)',
])

const sum = (xs: readonly bigint[]) => xs.reduce((a, b) => a + b, 0n)
const oneOr = (xs: readonly Address[], fallback: Address): Address => {
  const set = new Set(xs.map((x) => getAddress(x)))
  return set.size === 1 ? [...set][0]! : fallback
}

export function decodeCall(to: Address, data: Hex, value: bigint): DecodedCall {
  const target = getAddress(to)
  if (data === '0x' || data.length <= 2) {
    return { operation: 'NATIVE_TRANSFER', asset: 'NATIVE', amount: value, destination: target, methodSelector: null }
  }
  const selector = data.slice(0, 10).toLowerCase() as Hex
  const token = (operation: DecodedCall['operation'], amount: bigint, destination: Address): DecodedCall => ({ operation, asset: target, amount, destination: getAddress(destination), methodSelector: selector })
  try {
    const call = decodeFunctionData({ abi: TOKEN_ABI, data })
    switch (call.functionName) {
      case 'transfer':
        return token('TOKEN_TRANSFER', call.args[1], call.args[0])
      case 'transferFrom':
      case 'forcedTransfer':
        return token('TOKEN_TRANSFER', call.args[2], call.args[1])
      case 'mint':
        return token('TOKEN_MINT', call.args[1], call.args[0])
      case 'burn':
        return token('TOKEN_BURN', call.args[1], call.args[0])
      case 'batchTransfer':
        return token('TOKEN_TRANSFER', sum(call.args[1]), oneOr(call.args[0], target))
      case 'batchForcedTransfer':
        return token('TOKEN_TRANSFER', sum(call.args[2]), oneOr(call.args[1], target))
      case 'batchMint':
        return token('TOKEN_MINT', sum(call.args[1]), oneOr(call.args[0], target))
      case 'batchBurn':
        return token('TOKEN_BURN', sum(call.args[1]), oneOr(call.args[0], target))
    }
  } catch {
    /* not a token call we know: a plain contract call */
  }
  return { operation: 'CONTRACT_CALL', asset: 'NATIVE', amount: value, destination: target, methodSelector: selector }
}
