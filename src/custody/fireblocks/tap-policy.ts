import { formatUnits } from 'viem'
import type { CustodyContext } from '../context.ts'
import { listAssets } from '../assets/read-assets.ts'
import { describeActivePolicy } from '../governance/policy-store.ts'
import type { PolicyDocument, PolicyRule } from '../policy/policy-document.ts'
import { syncVaultAccounts } from './vault-accounts.ts'

const TRANSACTION_TYPES: Record<string, string> = {
  NATIVE_TRANSFER: 'TRANSFER',
  TOKEN_TRANSFER: 'TRANSFER',
  TOKEN_MINT: 'MINT',
  CONTRACT_CALL: 'CONTRACT_CALL',
  MESSAGE_SIGN: 'TYPED_MESSAGE',
}

const DST_ADDRESS_TYPES: Record<string, string> = { ANY: '*', WHITELISTED: 'WHITELISTED', ONE_TIME: 'ONE_TIME', INTERNAL: '*' }

/**
 * Custody's active policy in the shape of Fireblocks' TAP (the legacy policy editor's
 * `{policy: {rules, metadata}, validation}`), read-only. Each custody rule becomes one TAP
 * rule per operation and asset it names, in order (first match wins in both). What TAP
 * cannot say (vault tiers, method selectors, token compliance checks) stays in each rule's
 * `externalDescriptor`, with the custody rule it came from.
 */
export async function activePolicyAsTap(ctx: CustodyContext) {
  const active = await describeActivePolicy(ctx)
  await syncVaultAccounts(ctx)
  const [assets, accounts] = await Promise.all([
    listAssets(ctx),
    ctx.db.selectFrom('fireblocks_vault_accounts as a').innerJoin('vaults as v', 'v.id', 'a.vault_id').select(['a.account_id', 'v.name']).execute(),
  ])
  const assetByKey = new Map(assets.map((a) => [a.kind === 'NATIVE' ? 'NATIVE' : a.contract_address!.toLowerCase(), a]))
  const accountByName = new Map(accounts.map((a) => [a.name, String(a.account_id)]))
  const rules = (active.document as PolicyDocument).rules.flatMap((rule) => tapRules(rule, assetByKey, accountByName))
  return {
    policy: {
      rules,
      metadata: {
        editedBy: active.createdBy,
        ...(active.activatedAt ? { publishedAt: active.activatedAt, editedAt: active.activatedAt } : {}),
        publishedBy: active.approvedBy.map((v) => v.keyId).join(',') || active.createdBy,
      },
    },
    validation: { status: 'SUCCESS', checkResult: { errors: 0, results: [] } },
  }
}

function tapRules(rule: PolicyRule, assetByKey: Map<string, { id: string; decimals: number }>, accountByName: Map<string, string>) {
  const operations = rule.operations ?? [undefined]
  const assets = rule.assets ?? [undefined]
  return [...new Set(operations.map((o) => (o ? TRANSACTION_TYPES[o] : undefined)))].flatMap((transactionType) =>
    assets.map((assetKey) => {
      const asset = assetKey ? assetByKey.get(assetKey.toLowerCase() === 'native' ? 'NATIVE' : assetKey.toLowerCase()) : undefined
      const units = (base: string) => (asset ? formatUnits(BigInt(base), asset.decimals) : base)
      const velocity = rule.velocity
      return {
        type: 'TRANSFER',
        action: rule.action === 'BLOCK' ? 'BLOCK' : 'ALLOW',
        asset: assetKey ? (asset?.id ?? assetKey) : '*',
        amountCurrency: 'NATIVE',
        amountScope: velocity ? 'TIMEFRAME' : 'SINGLE_TX',
        amount: velocity ? units(velocity.max) : units(rule.amount?.min ?? '0'),
        periodSec: velocity?.windowSeconds ?? 0,
        ...(rule.initiators ? { operators: { users: rule.initiators } } : { operators: { wildcard: '*' } }),
        ...(transactionType ? { transactionType } : {}),
        srcType: rule.sourceVaults ? 'VAULT' : '*',
        ...(rule.sourceVaults ? { src: { ids: rule.sourceVaults.map((name) => [accountByName.get(name) ?? name, 'VAULT']) } } : {}),
        dstType: rule.destination?.type === 'INTERNAL' ? 'VAULT' : '*',
        ...(rule.destination?.addresses ? { dst: { ids: rule.destination.addresses.map((a) => [a, 'ONE_TIME_ADDRESS']) } } : {}),
        dstAddressType: DST_ADDRESS_TYPES[rule.destination?.type ?? 'ANY'] ?? '*',
        ...(rule.action === 'REQUIRE_APPROVAL' && rule.approval
          ? { authorizersCount: rule.approval.quorum, authorizationGroups: { logic: 'AND', allowOperatorAsAuthorizer: false, groups: [{ usersGroups: [rule.approval.group], th: rule.approval.quorum }] } }
          : {}),
        applyForTypedMessage: transactionType === 'TYPED_MESSAGE',
        externalDescriptor: JSON.stringify({
          custodyRuleId: rule.id,
          ...(rule.description ? { description: rule.description } : {}),
          ...(rule.sourceTiers ? { sourceTiers: rule.sourceTiers } : {}),
          ...(rule.methodSelectors ? { methodSelectors: rule.methodSelectors } : {}),
          ...(rule.amount?.max ? { amountMax: units(rule.amount.max) } : {}),
          ...(rule.velocity ? { velocityScope: rule.velocity.scope } : {}),
          ...(rule.compliance ? { compliance: rule.compliance } : {}),
          ...(rule.destination?.type === 'INTERNAL' ? { destination: 'INTERNAL' } : {}),
        }),
      }
    }),
  )
}
