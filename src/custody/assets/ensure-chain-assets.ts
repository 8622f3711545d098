import { readDeployments } from '../../chain/deployments.ts'
import { ConflictError } from '../../shared/errors.ts'
import type { CustodyContext } from '../context.ts'
import { custodyDeploymentsFile } from '../audit/anchor-contract.ts'
import { registerAsset, type RegisterAssetParameters } from './register-asset.ts'

/** The development stablecoin as `custos deploy` makes it (contracts/DevStablecoin.sol). */
export const DEV_STABLECOIN = { id: 'CUSD', symbol: 'cUSD', name: 'Custos Dev USD', decimals: 6 } as const

/**
 * Registers what custody can always hold: its chain's native coin, and the development
 * stablecoin when the deployments file names one. Runs at boot; a repeat changes nothing,
 * and an asset an operator registered differently is left as it is.
 */
export async function ensureChainAssets(ctx: CustodyContext): Promise<void> {
  const wanted: RegisterAssetParameters[] = [{ id: ctx.config.CUSTODY_NATIVE_ASSET_ID, kind: 'NATIVE', symbol: ctx.config.CUSTODY_NATIVE_ASSET_SYMBOL, name: ctx.config.CUSTODY_NATIVE_ASSET_SYMBOL, decimals: 18 }]
  const deployments = readDeployments(custodyDeploymentsFile(ctx.config))
  if (deployments && deployments.chainId === ctx.chain.chainId && deployments.stablecoin) {
    wanted.push({ ...DEV_STABLECOIN, kind: 'ERC20', contractAddress: deployments.stablecoin })
  }
  for (const asset of wanted) {
    try {
      await registerAsset(ctx, asset, 'system:boot')
    } catch (err) {
      if (!(err instanceof ConflictError)) throw err
      ctx.logger.info({ assetId: asset.id, code: err.code }, 'asset registry: kept the asset an operator registered')
    }
  }
}
