import { decodeFunctionData, getAddress, parseAbi, type Address, type Hex } from 'viem'

/** What a call does, decoded by custody itself from (to, data, value). */
export interface DecodedCall {
  operation: 'NATIVE_TRANSFER' | 'TOKEN_TRANSFER' | 'TOKEN_MINT' | 'TOKEN_BURN' | 'CONTRACT_CALL'
  /** Token address, or 'NATIVE'. */
  asset: string
  /** Amount moved in the asset's base units (0 for a bare contract call). */
  amount: bigint
  /** Who receives the asset (the call target for a contract call). */
  destination: Address
  methodSelector: Hex | null
}

const TOKEN_ABI = parseAbi([
  'function transfer(address to, uint256 amount)',
  'function transferFrom(address from, address to, uint256 amount)',
  'function mint(address to, uint256 amount)',
  'function burn(address from, uint256 amount)',
])

export function decodeCall(to: Address, data: Hex, value: bigint): DecodedCall {
  const target = getAddress(to)
  if (data === '0x' || data.length <= 2) {
    return { operation: 'NATIVE_TRANSFER', asset: 'NATIVE', amount: value, destination: target, methodSelector: null }
  }
  const selector = data.slice(0, 10).toLowerCase() as Hex
  try {
    const { functionName, args } = decodeFunctionData({ abi: TOKEN_ABI, data })
    if (functionName === 'transfer') return { operation: 'TOKEN_TRANSFER', asset: target, amount: args[1], destination: getAddress(args[0]), methodSelector: selector }
    if (functionName === 'transferFrom') return { operation: 'TOKEN_TRANSFER', asset: target, amount: args[2], destination: getAddress(args[1]), methodSelector: selector }
    if (functionName === 'mint') return { operation: 'TOKEN_MINT', asset: target, amount: args[1], destination: getAddress(args[0]), methodSelector: selector }
    if (functionName === 'burn') return { operation: 'TOKEN_BURN', asset: target, amount: args[1], destination: getAddress(args[0]), methodSelector: selector }
  } catch {
    /* not a token call we know: a plain contract call */
  }
  return { operation: 'CONTRACT_CALL', asset: 'NATIVE', amount: value, destination: target, methodSelector: selector }
}
