import { useState } from 'preact/hooks'
import { get, post, qs } from '../shared/api.ts'
import { when } from '../shared/format.ts'
import { Badge, ErrorBox, Loading, Page, useAction, useLoad } from '../shared/ui.tsx'

export function ReconciliationPage({ canResolve }: { canResolve: boolean }) {
  const [status, setStatus] = useState('OPEN')
  const data = useLoad(() => get(`/v1/reconciliation/alerts${qs({ status })}`), [status])
  const [resolution, setResolution] = useState<Record<string, string>>({})
  const resolve = useAction((id: string) => post(`/v1/reconciliation/alerts/${id}/resolve`, { resolution: resolution[id] ?? '' }), data.reload)
  return (
    <Page title="Reconciliation alerts" actions={<button onClick={data.reload}>Refresh</button>}>
      <p class="muted">What the chain shows that the platform's own records do not explain (or the reverse).</p>
      <label>
        Status
        <select value={status} onChange={(e) => setStatus((e.target as HTMLSelectElement).value)}>
          <option>OPEN</option>
          <option>RESOLVED</option>
        </select>
      </label>
      <ErrorBox error={data.error ?? resolve.error} />
      {data.loading && !data.data && <Loading />}
      {data.data && data.data.items.length === 0 && <p>No {status.toLowerCase()} alerts.</p>}
      {data.data && data.data.items.length > 0 && (
        <table>
          <thead>
            <tr>
              <th>Kind</th>
              <th>Token</th>
              <th>Transaction</th>
              <th>Details</th>
              <th>Seen</th>
              <th>{status === 'OPEN' ? 'Resolve' : 'Resolution'}</th>
            </tr>
          </thead>
          <tbody>
            {data.data.items.map((a: any) => (
              <tr key={a.id}>
                <td>
                  <Badge value={a.kind} />
                </td>
                <td>{a.tokenId ?? '—'}</td>
                <td>
                  <code>{a.txHash ?? '—'}</code>
                </td>
                <td>
                  <code>{JSON.stringify(a.details)}</code>
                </td>
                <td>
                  {when(a.firstSeenAt)} – {when(a.lastSeenAt)}
                </td>
                <td>
                  {status === 'OPEN' && canResolve ? (
                    <>
                      <label>
                        Resolution
                        <input value={resolution[a.id] ?? ''} onInput={(e) => setResolution({ ...resolution, [a.id]: (e.target as HTMLInputElement).value })} />
                      </label>
                      <button type="button" disabled={resolve.busy || !resolution[a.id]} onClick={() => resolve.run(a.id)}>
                        Resolve
                      </button>
                    </>
                  ) : (
                    (a.resolution ?? '—')
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Page>
  )
}
