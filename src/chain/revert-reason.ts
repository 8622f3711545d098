import { BaseError, decodeErrorResult, type Abi, type Hex } from 'viem'
import * as abis from './generated/abis.ts'

const KNOWN_ERRORS: Abi = Object.values(abis).flatMap((abi) => (abi as readonly { type: string }[]).filter((i) => i.type === 'error')) as unknown as Abi

function revertData(err: unknown): Hex | undefined {
  if (!(err instanceof BaseError)) return undefined
  let found: Hex | undefined
  err.walk((e) => {
    const d = (e as { data?: unknown }).data
    if (typeof d === 'string' && d.startsWith('0x') && d.length >= 10) found = d as Hex
    else if (d && typeof d === 'object' && typeof (d as { data?: unknown }).data === 'string') found = (d as { data: Hex }).data
    return false
  })
  return found
}

/**
 * A human reason for a reverted call: the `require` message, the panic, or
 * the custom error with its arguments (for every contract we know), else
 * what the node said.
 */
export function revertReason(err: unknown): string {
  const data = revertData(err)
  if (data) {
    try {
      const decoded = decodeErrorResult({ abi: [...KNOWN_ERRORS, { type: 'error', name: 'Error', inputs: [{ type: 'string', name: 'message' }] }, { type: 'error', name: 'Panic', inputs: [{ type: 'uint256', name: 'code' }] }] as Abi, data })
      if (decoded.errorName === 'Error') return String(decoded.args?.[0])
      if (decoded.errorName === 'Panic') return `panic 0x${(decoded.args?.[0] as bigint).toString(16)}`
      return `${decoded.errorName}(${(decoded.args ?? []).map((a) => String(a)).join(', ')})`
    } catch {
      return `reverted with data ${data.slice(0, 74)}`
    }
  }
  if (err instanceof BaseError) {
    const m = /reverted with reason string '([^']*)'/.exec(err.message) ?? /execution reverted: ([^\n]*)/.exec(err.message)
    if (m) return m[1]!
    return err.shortMessage
  }
  return String((err as Error)?.message ?? err)
}
