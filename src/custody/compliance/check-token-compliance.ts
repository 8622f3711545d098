import { BaseError, ContractFunctionRevertedError, ContractFunctionZeroDataError, decodeFunctionData, getAddress, parseAbi, zeroAddress, type Address, type Chain, type Hex, type PublicClient, type Transport } from 'viem'
import { identityRegistryAbi, modularComplianceAbi, tokenAbi } from '../../chain/generated/abis.ts'

/**
 * The checks a policy rule (`requireTokenChecks`) asks of a token movement on a contract that
 * is NOT an ERC-3643 security token: such a token cannot answer them and fails closed with
 * COMPLIANCE_CHECK_UNAVAILABLE. Security tokens are checked by check-security-token-call.ts,
 * method by method, with the shared code table's sub-statuses.
 */
export const COMPLIANCE_SUB_STATUSES = [
  'COMPLIANCE_TOKEN_PAUSED',
  'COMPLIANCE_FROZEN',
  'COMPLIANCE_INSUFFICIENT_UNFROZEN_BALANCE',
  'COMPLIANCE_RECEIVER_NOT_VERIFIED',
  'COMPLIANCE_SENDER_NOT_VERIFIED',
  'COMPLIANCE_CAN_TRANSFER_FALSE',
  'COMPLIANCE_CHECK_UNAVAILABLE',
] as const
export type ComplianceSubStatus = (typeof COMPLIANCE_SUB_STATUSES)[number]

/** A token movement as custody decoded it: `from` is the holder whose tokens move (none for a mint). */
export interface TokenMovement {
  operation: 'TOKEN_TRANSFER' | 'TOKEN_MINT'
  token: Address
  from: Address
  to: Address
  amount: bigint
}

export interface ComplianceFailure {
  subStatus: ComplianceSubStatus
  message: string
}

export type ComplianceResult =
  | { ok: true; blockNumber: bigint }
  | { ok: false; subStatus: ComplianceSubStatus; reason: string; failures: ComplianceFailure[]; blockNumber: bigint | null }

const MOVES = parseAbi(['function transfer(address to, uint256 amount)', 'function transferFrom(address from, address to, uint256 amount)', 'function mint(address to, uint256 amount)'])

/**
 * The token movement a call makes, or null when it is not a transfer, transferFrom or mint.
 * For `transfer` the holder is the signer (`sender`); for `transferFrom` it is the first argument.
 */
export function tokenMovementOf(sender: string, token: string, data: string): TokenMovement | null {
  try {
    const { functionName, args } = decodeFunctionData({ abi: MOVES, data: data as Hex })
    const t = getAddress(token)
    if (functionName === 'transfer') return { operation: 'TOKEN_TRANSFER', token: t, from: getAddress(sender), to: getAddress(args[0]), amount: args[1] }
    if (functionName === 'transferFrom') return { operation: 'TOKEN_TRANSFER', token: t, from: getAddress(args[0]), to: getAddress(args[1]), amount: args[2] }
    return { operation: 'TOKEN_MINT', token: t, from: zeroAddress, to: getAddress(args[0]), amount: args[1] }
  } catch {
    return null
  }
}

// The order in which failures are reported: the first one names the sub-status.
const PRIORITY: readonly ComplianceSubStatus[] = COMPLIANCE_SUB_STATUSES

/**
 * Runs an ERC-3643 (T-REX) token's own checks for a movement by `eth_call` at one block,
 * before anything is signed: for a transfer, the token is not paused, neither wallet is
 * frozen, the holder's unfrozen balance covers the amount, both wallets are verified in the
 * token's identity registry, and the compliance contract's `canTransfer(from, to, amount)`
 * holds; for a mint, as T-REX itself checks, the receiver is verified and
 * `canTransfer(0x0, to, amount)` holds. Every check runs; the reason lists every failure.
 *
 * A token that does not answer these calls (not a T-REX token) fails closed with
 * `COMPLIANCE_CHECK_UNAVAILABLE`. Transport errors are thrown, for the caller to retry.
 *
 * @example
 * const r = await checkTokenCompliance(publicClient, { operation: 'TOKEN_MINT', token, from: zeroAddress, to: investor, amount: 10n })
 * if (!r.ok) block(r.subStatus, r.reason) // e.g. COMPLIANCE_RECEIVER_NOT_VERIFIED
 */
export async function checkTokenCompliance(client: PublicClient<Transport, Chain>, m: TokenMovement): Promise<ComplianceResult> {
  // Never a cached head: a freeze mined a moment ago must be seen.
  const blockNumber = await client.getBlockNumber({ cacheTime: 0 })
  const read = <T>(address: Address, abi: readonly unknown[], functionName: string, args: readonly unknown[] = []) =>
    client.readContract({ address, abi: abi as never, functionName: functionName as never, args: args as never, blockNumber }) as Promise<T>

  let registry: Address, compliance: Address, paused: boolean
  try {
    ;[registry, compliance, paused] = await Promise.all([
      read<Address>(m.token, tokenAbi, 'identityRegistry'),
      read<Address>(m.token, tokenAbi, 'compliance'),
      read<boolean>(m.token, tokenAbi, 'paused'),
    ])
  } catch (err) {
    if (!isContractRefusal(err)) throw err
    const reason = `token ${m.token} does not answer the ERC-3643 calls (identityRegistry, compliance, paused): its compliance cannot be checked`
    return { ok: false, subStatus: 'COMPLIANCE_CHECK_UNAVAILABLE', reason, failures: [{ subStatus: 'COMPLIANCE_CHECK_UNAVAILABLE', message: reason }], blockNumber }
  }

  const failures: ComplianceFailure[] = []
  const fail = (subStatus: ComplianceSubStatus, message: string) => failures.push({ subStatus, message })
  try {
    if (m.operation === 'TOKEN_MINT') {
      const [toVerified, allowed] = await Promise.all([
        read<boolean>(registry, identityRegistryAbi, 'isVerified', [m.to]),
        read<boolean>(compliance, modularComplianceAbi, 'canTransfer', [zeroAddress, m.to, m.amount]),
      ])
      if (!toVerified) fail('COMPLIANCE_RECEIVER_NOT_VERIFIED', `receiver ${m.to} is not verified in identity registry ${registry} (no registered identity with a valid claim for every required topic)`)
      if (!allowed) fail('COMPLIANCE_CAN_TRANSFER_FALSE', `compliance ${compliance} refuses to mint ${m.amount} to ${m.to} (canTransfer(0x0, to, amount) is false)`)
    } else {
      const [fromFrozen, toFrozen, balance, frozenTokens, toVerified, fromVerified, allowed] = await Promise.all([
        read<boolean>(m.token, tokenAbi, 'isFrozen', [m.from]),
        read<boolean>(m.token, tokenAbi, 'isFrozen', [m.to]),
        read<bigint>(m.token, tokenAbi, 'balanceOf', [m.from]),
        read<bigint>(m.token, tokenAbi, 'getFrozenTokens', [m.from]),
        read<boolean>(registry, identityRegistryAbi, 'isVerified', [m.to]),
        read<boolean>(registry, identityRegistryAbi, 'isVerified', [m.from]),
        read<boolean>(compliance, modularComplianceAbi, 'canTransfer', [m.from, m.to, m.amount]),
      ])
      if (paused) fail('COMPLIANCE_TOKEN_PAUSED', `token ${m.token} is paused`)
      if (fromFrozen || toFrozen) fail('COMPLIANCE_FROZEN', [fromFrozen && `sender ${m.from}`, toFrozen && `receiver ${m.to}`].filter(Boolean).join(' and ') + ' frozen on the token')
      const unfrozen = balance > frozenTokens ? balance - frozenTokens : 0n
      if (m.amount > unfrozen) fail('COMPLIANCE_INSUFFICIENT_UNFROZEN_BALANCE', `sender ${m.from} holds ${balance} of which ${frozenTokens} frozen: ${unfrozen} free for a transfer of ${m.amount}`)
      if (!toVerified) fail('COMPLIANCE_RECEIVER_NOT_VERIFIED', `receiver ${m.to} is not verified in identity registry ${registry}`)
      if (!fromVerified) fail('COMPLIANCE_SENDER_NOT_VERIFIED', `sender ${m.from} is not verified in identity registry ${registry}`)
      if (!allowed) fail('COMPLIANCE_CAN_TRANSFER_FALSE', `compliance ${compliance} refuses the transfer of ${m.amount} from ${m.from} to ${m.to} (canTransfer is false)`)
    }
  } catch (err) {
    if (!isContractRefusal(err)) throw err
    const reason = `the identity registry ${registry} or compliance ${compliance} of token ${m.token} does not answer the ERC-3643 calls`
    return { ok: false, subStatus: 'COMPLIANCE_CHECK_UNAVAILABLE', reason, failures: [{ subStatus: 'COMPLIANCE_CHECK_UNAVAILABLE', message: reason }], blockNumber }
  }
  if (failures.length === 0) return { ok: true, blockNumber }
  failures.sort((a, b) => PRIORITY.indexOf(a.subStatus) - PRIORITY.indexOf(b.subStatus))
  return { ok: false, subStatus: failures[0]!.subStatus, reason: `token checks failed at block ${blockNumber}: ${failures.map((f) => f.message).join('; ')}`, failures, blockNumber }
}

// A call the contract refused (reverted, or no contract there) as opposed to the node being unreachable.
function isContractRefusal(err: unknown): boolean {
  return err instanceof BaseError && err.walk((e) => e instanceof ContractFunctionRevertedError || e instanceof ContractFunctionZeroDataError) !== null
}
