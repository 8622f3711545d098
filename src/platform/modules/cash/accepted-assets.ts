import { erc20Abi, getAddress, type Address } from 'viem'
import type { PlatformContext } from '../../context.ts'
import { CashRefusedError } from './errors.ts'

/** The assets the platform keeps as cash: its settlement stablecoin (the deployments' `stablecoin`). */
export function acceptedAssets(ctx: Pick<PlatformContext, 'chain'>): Address[] {
  const s = ctx.chain.deployments?.stablecoin
  return s ? [getAddress(s)] : []
}

export const isAccepted = (ctx: Pick<PlatformContext, 'chain'>, asset: string) => acceptedAssets(ctx).some((a) => a.toLowerCase() === asset.toLowerCase())

/** The asset a request names (default: the first accepted), checksummed; refused unless accepted. */
export function assetOf(ctx: Pick<PlatformContext, 'chain'>, asked?: string): Address {
  const accepted = acceptedAssets(ctx)
  if (asked === undefined) {
    if (!accepted[0]) throw new CashRefusedError('ASSET_NOT_ACCEPTED', 'no settlement stablecoin is deployed on this chain')
    return accepted[0]
  }
  const found = accepted.find((a) => a.toLowerCase() === asked.toLowerCase())
  if (!found) throw new CashRefusedError('ASSET_NOT_ACCEPTED', `${asked} is not ${accepted.join(', ') || 'a settlement stablecoin'}`, { field: 'asset', accepted })
  return found
}

/** Symbol and decimals of an accepted asset, read from its contract. */
export async function describeAsset(ctx: Pick<PlatformContext, 'chain'>, asset: Address): Promise<{ asset: Address; symbol: string; decimals: number }> {
  const [symbol, decimals] = await Promise.all([
    ctx.chain.publicClient.readContract({ address: asset, abi: erc20Abi, functionName: 'symbol' }),
    ctx.chain.publicClient.readContract({ address: asset, abi: erc20Abi, functionName: 'decimals' }),
  ])
  return { asset, symbol, decimals }
}
