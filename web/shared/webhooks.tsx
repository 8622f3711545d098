import { useState } from 'preact/hooks'
import { get, post } from './api.ts'
import { when } from './format.ts'
import { Badge, ErrorBox, Loading, Page, useAction, useLoad } from './ui.tsx'

/** Webhook subscriptions and their delivery log, with redelivery. */
export function WebhooksPage({ canRedeliver }: { canRedeliver: boolean }) {
  const subs = useLoad(() => get('/v1/webhooks'))
  const [selected, setSelected] = useState<string | null>(null)
  const id = selected ?? subs.data?.items?.[0]?.id ?? null
  const deliveries = useLoad(() => (id ? get(`/v1/webhooks/${id}/deliveries?limit=50`) : Promise.resolve({ items: [] })), [id])
  const redeliver = useAction((deliveryId: string) => post(`/v1/webhooks/deliveries/${deliveryId}/redeliver`), deliveries.reload)
  return (
    <Page title="Webhooks" actions={<button onClick={deliveries.reload}>Refresh</button>}>
      <ErrorBox error={subs.error ?? deliveries.error ?? redeliver.error} />
      {subs.loading && !subs.data && <Loading />}
      {subs.data && subs.data.items.length === 0 && <p>No subscriptions.</p>}
      {subs.data && subs.data.items.length > 0 && (
        <label>
          Subscription
          <select value={id ?? ''} onChange={(e) => setSelected((e.target as HTMLSelectElement).value)}>
            {subs.data.items.map((s: any) => (
              <option key={s.id} value={s.id}>
                {s.url} ({s.status})
              </option>
            ))}
          </select>
        </label>
      )}
      {deliveries.data && deliveries.data.items.length > 0 && (
        <table>
          <thead>
            <tr>
              <th>Event</th>
              <th>Resource</th>
              <th>Status</th>
              <th>Attempts</th>
              <th>Last answer</th>
              <th>Created</th>
              {canRedeliver && <th>Action</th>}
            </tr>
          </thead>
          <tbody>
            {deliveries.data.items.map((d: any) => (
              <tr key={d.id}>
                <td>{d.eventType}</td>
                <td>
                  <code>
                    {d.resourceType}/{d.resourceId}
                  </code>{' '}
                  #{d.sequence}
                </td>
                <td>
                  <Badge value={d.status} />
                </td>
                <td>{d.attempts}</td>
                <td>{d.lastStatus ?? d.lastError ?? '—'}</td>
                <td>{when(d.createdAt)}</td>
                {canRedeliver && (
                  <td>
                    <button type="button" disabled={redeliver.busy} onClick={() => redeliver.run(d.id)} aria-label={`Redeliver ${d.eventType} ${d.resourceId}`}>
                      Redeliver
                    </button>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Page>
  )
}
