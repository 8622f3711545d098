import { BaseError, ContractFunctionRevertedError, ContractFunctionZeroDataError, getAddress, type Address } from 'viem'
import { tokenAbi } from '../../chain/generated/abis.ts'
import type { CustodyContext } from '../context.ts'

const known = new WeakMap<CustodyContext, Map<string, boolean>>()

/**
 * Whether `address` is an ERC-3643 security token: it answers `identityRegistry()` and
 * `compliance()` with contracts. Every call custody is asked to sign to such a token is
 * decoded and checked against the token's rules, whatever the policy says. The answer
 * is kept for the service's life (a contract does not change what it is); a node that
 * cannot be reached throws, so nothing is decided on a guess.
 */
export async function isSecurityToken(ctx: CustodyContext, address: string): Promise<boolean> {
  let cache = known.get(ctx)
  if (!cache) known.set(ctx, (cache = new Map()))
  const key = address.toLowerCase()
  const hit = cache.get(key)
  if (hit !== undefined) return hit
  const token = getAddress(address) as Address
  const client = ctx.chain.publicClient
  const code = await client.getCode({ address: token })
  if (!code || code === '0x') return false // not (yet) a contract: ask again next time
  let answer: boolean
  try {
    const [registry, compliance] = await Promise.all([
      client.readContract({ address: token, abi: tokenAbi, functionName: 'identityRegistry' }),
      client.readContract({ address: token, abi: tokenAbi, functionName: 'compliance' }),
    ])
    answer = /^0x[0-9a-fA-F]{40}$/.test(registry) && /^0x[0-9a-fA-F]{40}$/.test(compliance) && BigInt(registry) !== 0n && BigInt(compliance) !== 0n
  } catch (err) {
    if (!isContractRefusal(err)) throw err
    answer = false
  }
  cache.set(key, answer)
  return answer
}

/** A call the contract refused (reverted, or no such function) as opposed to the node being unreachable. */
export function isContractRefusal(err: unknown): boolean {
  return err instanceof BaseError && err.walk((e) => e instanceof ContractFunctionRevertedError || e instanceof ContractFunctionZeroDataError) !== null
}
