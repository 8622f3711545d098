import { encodeFunctionData, erc20Abi, getAddress, toFunctionSelector } from 'viem'
import type { PlatformContext } from '../../context.ts'
import { type CustodyTransaction, findOrSubmit } from '../custody/public.ts'

const TRANSFER = toFunctionSelector('transfer(address,uint256)')

export interface SendStablecoinParameters {
  /** Deterministic per attempt: custody keeps one transaction per id, so asking again never pays twice. */
  externalTxId: string
  workflowId: string
  /** The stablecoin (ERC-20) contract. */
  asset: string
  sourceVaultId: string
  to: string
  amount: bigint
  note: string
}

/**
 * Has custody send `transfer(to, amount)` on the stablecoin from a vault, or
 * finds the transaction it already has under `externalTxId`. Custody's gas
 * station funds the vault's gas.
 */
export async function sendStablecoin(ctx: PlatformContext, p: SendStablecoinParameters): Promise<CustodyTransaction> {
  const asset = getAddress(p.asset)
  const { tx } = await findOrSubmit(
    ctx,
    p.externalTxId,
    async () => ({
      sourceVaultId: p.sourceVaultId,
      to: asset,
      data: encodeFunctionData({ abi: erc20Abi, functionName: 'transfer', args: [getAddress(p.to), p.amount] }),
      intent: { type: 'contract.call', contract: asset, method: TRANSFER },
      note: p.note,
    }),
    p.workflowId,
  )
  return tx
}

/** Why a final custody transaction did not complete, for people. */
export const custodyFailureReason = (tx: CustodyTransaction) => {
  const why = [tx.subStatus, tx.statusReason].filter(Boolean).join(': ')
  return `custody transaction ${tx.id} ended ${tx.status}${why ? ` (${why})` : ''}`
}
