import { decodeFunctionData, getAddress, zeroAddress, type Address, type Hex } from 'viem'
import { tokenAbi } from '../../chain/generated/abis.ts'

/**
 * One movement of tokens a call makes. `TRANSFER` is a holder's own transfer (the
 * token's rules apply in full), `FORCED` an agent's forced transfer (T-REX skips
 * pause, freezes and the compliance modules but needs a verified receiver), `MINT`
 * and `BURN` an agent's issuance and redemption, `RECOVERY` a lost wallet's whole
 * balance moved to a new one.
 */
export interface TokenMovement {
  kind: 'TRANSFER' | 'FORCED' | 'MINT' | 'BURN' | 'RECOVERY'
  from: Address
  to: Address
  /** Base units; for RECOVERY, null: the lost wallet's whole balance. */
  amount: bigint | null
}

/** A call to an ERC-3643 token as custody decoded it. */
export interface TokenCall {
  /** The token method, e.g. `batchTransfer`. */
  method: string
  movements: TokenMovement[]
}

const zip = <T, U>(a: readonly T[], b: readonly U[]): [T, U][] => (a.length === b.length ? a.map((x, i) => [x, b[i]!]) : [])

/**
 * Decodes any state-changing method of an ERC-3643 (T-REX) token into the movements it
 * makes (none for pause, freeze, agent and setter methods). `sender` is the signing vault:
 * the holder of a `transfer` or `batchTransfer`. Null when the data is no method of the
 * token: custody refuses such a call rather than sign it blind.
 *
 * @example
 * decodeTokenCall(vault, token, encodeFunctionData({ abi: tokenAbi, functionName: 'batchTransfer', args: [[a, b], [1n, 2n]] }))
 * // { method: 'batchTransfer', movements: [{ kind: 'TRANSFER', from: vault, to: a, amount: 1n }, …] }
 */
export function decodeTokenCall(sender: string, data: string): TokenCall | null {
  let call
  try {
    call = decodeFunctionData({ abi: tokenAbi, data: data as Hex })
  } catch {
    return null
  }
  const me = getAddress(sender)
  const a = (x: string) => getAddress(x)
  const m = (kind: TokenMovement['kind'], from: string, to: string, amount: bigint | null): TokenMovement => ({ kind, from: a(from), to: a(to), amount })
  const method = call.functionName
  switch (call.functionName) {
    case 'transfer':
      return { method, movements: [m('TRANSFER', me, call.args[0], call.args[1])] }
    case 'transferFrom':
      return { method, movements: [m('TRANSFER', call.args[0], call.args[1], call.args[2])] }
    case 'batchTransfer':
      return { method, movements: zip(call.args[0], call.args[1]).map(([to, amount]) => m('TRANSFER', me, to, amount)) }
    case 'forcedTransfer':
      return { method, movements: [m('FORCED', call.args[0], call.args[1], call.args[2])] }
    case 'batchForcedTransfer':
      return { method, movements: call.args[0].length === call.args[1].length ? zip(call.args[0], call.args[2]).map(([from, amount], i) => m('FORCED', from, call.args[1][i]!, amount)) : [] }
    case 'mint':
      return { method, movements: [m('MINT', zeroAddress, call.args[0], call.args[1])] }
    case 'batchMint':
      return { method, movements: zip(call.args[0], call.args[1]).map(([to, amount]) => m('MINT', zeroAddress, to, amount)) }
    case 'burn':
      return { method, movements: [m('BURN', call.args[0], zeroAddress, call.args[1])] }
    case 'batchBurn':
      return { method, movements: zip(call.args[0], call.args[1]).map(([from, amount]) => m('BURN', from, zeroAddress, amount)) }
    case 'recoveryAddress':
      return { method, movements: [m('RECOVERY', call.args[0], call.args[1], null)] }
    default:
      // pause, unpause, (batch)setAddressFrozen, (batch)freeze/unfreezePartialTokens, approvals, agents, setters: no movement.
      return { method, movements: [] }
  }
}
