import { Type } from 'typebox'
import type { FireblocksRoutes } from '../fireblocks-api.ts'
import { listAssets } from '../../assets/read-assets.ts'
import { createSubscription, disableSubscription, listSubscriptions } from '../../../shared/webhooks/subscriptions.ts'
import { activePolicyAsTap } from '../tap-policy.ts'
import { FIREBLOCKS_EVENT_TYPES } from '../webhook-format.ts'
import { FireblocksApiError } from '../fireblocks-errors.ts'

/** Supported assets, the active policy (read-only, TAP shape) and webhooks v2. */
export const registerWorkspaceRoutes: FireblocksRoutes = (fb, { ctx, webhooks, principalOf }) => {
  fb.get('/supported_assets', { config: { public: true, scopes: ['read'] } }, async () => {
    const assets = await listAssets(ctx)
    const native = assets.find((a) => a.kind === 'NATIVE')
    return assets.map((a) => ({
      id: a.id,
      name: a.name,
      type: a.kind === 'NATIVE' ? 'BASE_ASSET' : 'ERC20',
      contractAddress: a.contract_address ?? '',
      nativeAsset: native?.id ?? a.id,
      decimals: a.decimals,
    }))
  })

  fb.get('/tap/active_policy', { config: { public: true, scopes: ['read'] } }, async () => activePolicyAsTap(ctx))

  fb.post(
    '/webhooks',
    {
      config: { public: true, scopes: ['webhooks'] },
      schema: {
        body: Type.Object(
          { url: Type.String({ minLength: 1, maxLength: 2000 }), events: Type.Array(Type.String({ maxLength: 128 }), { minItems: 1, maxItems: 50 }), description: Type.Optional(Type.String({ maxLength: 500 })), enabled: Type.Optional(Type.Boolean()) },
          { additionalProperties: false },
        ),
      },
    },
    async (req) => {
      const unknown = req.body.events.filter((e) => !FIREBLOCKS_EVENT_TYPES[e])
      if (unknown.length > 0) {
        throw new FireblocksApiError(400, 'INVALID_REQUEST', 'FIREBLOCKS_EVENT_TYPE_NOT_SUPPORTED', `events not sent by this custodian: ${unknown.join(', ')}; supported: ${Object.keys(FIREBLOCKS_EVENT_TYPES).join(', ')}`)
      }
      await webhooks.ready()
      const created = await createSubscription(webhooks.ctx, {
        url: req.body.url,
        events: req.body.events.map((e) => FIREBLOCKS_EVENT_TYPES[e]!),
        format: 'fireblocks',
        createdBy: principalOf(req).keyId,
        ...(req.body.description ? { description: req.body.description } : {}),
      })
      // Created disabled when asked: it then schedules nothing until enabled.
      const made = req.body.enabled === false ? await disableSubscription(webhooks.ctx, created.id) : created
      return webhookOf({ ...made, format: 'fireblocks' })
    },
  )

  fb.get('/webhooks', { config: { public: true, scopes: ['read'] } }, async () => {
    const ids = new Set((await ctx.db.selectFrom('webhook_subscriptions').select('id').where('format', '=', 'fireblocks').execute()).map((r) => r.id))
    const all = await listSubscriptions(webhooks.ctx)
    return { data: all.filter((s) => ids.has(s.id)).map((s) => webhookOf({ ...s, format: 'fireblocks' })), next: null }
  })
}

const FROM_CUSTODY = Object.fromEntries(Object.entries(FIREBLOCKS_EVENT_TYPES).map(([fb, custos]) => [custos, fb]))

function webhookOf(s: { id: string; url: string; events: string[]; status: string; description: string | null; createdAt: Date; updatedAt: Date; format: string }) {
  return {
    id: s.id,
    url: s.url,
    events: s.events.map((e) => FROM_CUSTODY[e] ?? e),
    status: s.status === 'ACTIVE' ? 'ENABLED' : 'DISABLED',
    createdAt: s.createdAt.getTime(),
    updatedAt: s.updatedAt.getTime(),
    ...(s.description ? { description: s.description } : {}),
  }
}
