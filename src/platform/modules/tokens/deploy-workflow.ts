import { getAddress, type Address, type Hex } from 'viem'
import { complianceConfig, encodeDeployTokenSuite, suiteFromLogs } from '../../../chain/deploy-token-suite.ts'
import { CustosError } from '../../../shared/errors.ts'
import type { PlatformContext } from '../../context.ts'
import type { WorkflowRow } from '../../engine/types.ts'
import { requireDeployments } from '../../chain/require-deployments.ts'
import { stateOf, type StepOutcome, type WorkflowDefinition } from '../../engine/types.ts'
import { TOKEN_SELECTORS, type TokenRow } from './token-chain.ts'
import { TOKEN_DEPLOY } from './workflow-kinds.ts'
import { countryNumeric } from '../kyc/public.ts'
import { findOrSubmit, isFinal } from '../custody/public.ts'

/** The custody externalTxId of a token's deployment. */
export const deployExternalTxId = (tokenId: string) => `tok:${tokenId}:deploy`

/** The suite spec of a token row: owned and operated by the issuer-agent vault, on the platform's shared identity storage. */
export function compliancePlan(token: TokenRow) {
  const c = token.compliance
  return {
    allowedCountries: c.allowedCountries?.map(countryNumeric),
    deniedCountries: c.deniedCountries?.map(countryNumeric),
    maxBalance: c.maxBalance !== undefined ? BigInt(c.maxBalance) : undefined,
    supplyLimit: c.supplyLimit !== undefined ? BigInt(c.supplyLimit) : undefined,
    maxHolders: c.maxHolders !== undefined ? BigInt(c.maxHolders) : undefined,
    lockupSeconds: c.lockupDays ? BigInt(c.lockupDays) * 86_400n : undefined,
  }
}

async function deploy(ctx: PlatformContext, wf: WorkflowRow): Promise<StepOutcome> {
  const { tokenId } = stateOf<{ tokenId: string }>(wf)
  const token = await ctx.db.selectFrom('tokens').selectAll().where('id', '=', tokenId).executeTakeFirstOrThrow()
  if (token.status !== 'DEPLOYING') return { type: 'done' }
  const d = requireDeployments(ctx)
  const { tx, submitted } = await findOrSubmit(
    ctx,
    deployExternalTxId(token.id),
    async () => {
      const { issuerAgent, identityAgent } = await ctx.roles.get()
      return {
        sourceVaultId: issuerAgent.id,
        to: d.trexFactory,
        data: encodeDeployTokenSuite(d, {
          salt: token.salt,
          name: token.name,
          symbol: token.symbol,
          decimals: token.decimals,
          owner: issuerAgent.address,
          tokenAgents: [issuerAgent.address],
          irAgents: [identityAgent.address],
          claimTopics: token.claim_topics.map(BigInt),
          compliance: compliancePlan(token),
        }),
        intent: { type: 'contract.call', contract: d.trexFactory, method: TOKEN_SELECTORS.deployTREXSuite },
        note: `deploy token ${token.symbol} (${token.id})`,
      }
    },
    wf.id,
  )
  await ctx.db.updateTable('tokens').set({ deploy_tx_hash: tx.txHash, updated_at: ctx.clock.now() }).where('id', '=', token.id).where('status', '=', 'DEPLOYING').execute()
  if (tx.status === 'COMPLETED') {
    if (!tx.txHash) throw new CustosError('DEPLOY_TX_HASH_MISSING', `custody completed ${deployExternalTxId(token.id)} without a transaction hash`, { retryable: true })
    const receipt = await ctx.chain.publicClient.getTransactionReceipt({ hash: tx.txHash as Hex })
    const suite = suiteFromLogs(receipt.logs, receipt.blockNumber, tx.txHash, complianceConfig(d, compliancePlan(token)).modules)
    return {
      type: 'done',
      audit: { action: 'token.deployed', details: { tokenId: token.id, token: suite.token, custodyTxId: tx.id, txHash: tx.txHash } },
      apply: async (db) => {
        await db
          .updateTable('tokens')
          .set({
            status: 'ACTIVE',
            ...suiteColumns(suite),
            updated_at: ctx.clock.now(),
          })
          .where('id', '=', token.id)
          .execute()
      },
    }
  }
  if (isFinal(tx)) {
    const why = [tx.subStatus, tx.statusReason].filter(Boolean).join(': ')
    const message = `custody transaction ${deployExternalTxId(token.id)} ended ${tx.status}${why ? ` (${why})` : ''}`
    return {
      type: 'fail',
      code: `CUSTODY_TX_${tx.status}`,
      message,
      apply: async (db) => {
        await db.updateTable('tokens').set({ status: 'FAILED', status_reason: message, updated_at: ctx.clock.now() }).where('id', '=', token.id).execute()
      },
    }
  }
  return {
    type: 'wait',
    ms: ctx.settings.custodyPollMs,
    waitingOn: deployExternalTxId(token.id),
    audit: submitted ? { action: 'workflow.custody_tx_submitted', details: { tokenId: token.id, custodyTxId: tx.id } } : undefined,
  }
}

/** TOKEN_DEPLOY: the issuer-agent vault deploys the suite through TREXFactory; the platform reads its addresses from the receipt. */
export const tokenDeployWorkflow: WorkflowDefinition = {
  kind: TOKEN_DEPLOY,
  steps: { deploy },
  onFailed: async (tx, ctx, wf, _code, message) => {
    const { tokenId } = stateOf<{ tokenId: string }>(wf)
    await tx.updateTable('tokens').set({ status: 'FAILED', status_reason: message, updated_at: ctx.clock.now() }).where('id', '=', tokenId).where('status', '=', 'DEPLOYING').execute()
  },
}

/** The token row's columns that name its deployed suite (as read from the deployment's receipt). */
export function suiteColumns(suite: ReturnType<typeof suiteFromLogs>) {
  return {
    token_address: suite.token,
    identity_registry: suite.identityRegistry,
    identity_registry_storage: suite.identityRegistryStorage,
    compliance_address: suite.compliance,
    trusted_issuers_registry: suite.trustedIssuersRegistry,
    claim_topics_registry: suite.claimTopicsRegistry,
    modules: JSON.stringify(suite.modules.map((m: Address) => getAddress(m))),
    deploy_tx_hash: suite.txHash,
    deploy_block: suite.deployBlock,
  }
}
