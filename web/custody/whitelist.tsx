import { useState } from 'preact/hooks'
import { api, get, post } from '../shared/api.ts'
import { when } from '../shared/format.ts'
import { Badge, ErrorBox, Loading, Page, useAction, useLoad } from '../shared/ui.tsx'

export function WhitelistPage({ canAdmin }: { canAdmin: boolean }) {
  const list = useLoad(() => get('/v1/whitelist'))
  const requests = useLoad(() => get('/v1/change-requests?limit=50'))
  const reload = () => (list.reload(), requests.reload())
  const [address, setAddress] = useState('')
  const [label, setLabel] = useState('')
  const add = useAction(() => post('/v1/whitelist', { address, label }), () => (setAddress(''), setLabel(''), reload()))
  const remove = useAction((a: string) => api('DELETE', `/v1/whitelist/${a}`), reload)
  const vote = useAction((id: string, decision: 'approve' | 'reject') => post(`/v1/change-requests/${id}/${decision}`, {}), reload)
  return (
    <Page title="Whitelist and change requests">
      <ErrorBox error={list.error ?? requests.error ?? add.error ?? remove.error ?? vote.error} />
      <p class="muted">Every change here is a request that takes effect only when a quorum of other admins approves it (four eyes).</p>
      <h2>Whitelisted destinations</h2>
      {list.loading && !list.data && <Loading />}
      {list.data && (
        <table>
          <thead>
            <tr>
              <th>Label</th>
              <th>Address</th>
              <th>Added</th>
              {canAdmin && <th>Action</th>}
            </tr>
          </thead>
          <tbody>
            {list.data.items.map((w: any) => (
              <tr key={w.address}>
                <td>{w.label}</td>
                <td>
                  <code>{w.address}</code>
                </td>
                <td>{when(w.addedAt)}</td>
                {canAdmin && (
                  <td>
                    <button type="button" onClick={() => remove.run(w.address)} disabled={remove.busy} aria-label={`Ask to remove ${w.label}`}>
                      Ask to remove
                    </button>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {canAdmin && (
        <form
          class="card"
          onSubmit={(e) => {
            e.preventDefault()
            add.run()
          }}
        >
          <h2>Ask to whitelist an address</h2>
          <div class="row">
            <label>
              Address
              <input value={address} onInput={(e) => setAddress((e.target as HTMLInputElement).value)} required pattern="^0x[0-9a-fA-F]{40}$" />
            </label>
            <label>
              Label
              <input value={label} onInput={(e) => setLabel((e.target as HTMLInputElement).value)} required maxLength={200} />
            </label>
            <button type="submit" class="primary" disabled={add.busy}>
              Request
            </button>
          </div>
        </form>
      )}
      <h2>Change requests</h2>
      {requests.data && (
        <table>
          <thead>
            <tr>
              <th>Kind</th>
              <th>Target</th>
              <th>Status</th>
              <th>Approvals</th>
              <th>Requested</th>
              {canAdmin && <th>Vote</th>}
            </tr>
          </thead>
          <tbody>
            {requests.data.items.map((r: any) => (
              <tr key={r.id}>
                <td>{r.kind}</td>
                <td>
                  <code>{r.target}</code>
                </td>
                <td>
                  <Badge value={r.status} />
                </td>
                <td>
                  {r.approvals} of {r.quorum}
                </td>
                <td>
                  <code>{r.requestedBy}</code> {when(r.requestedAt)}
                </td>
                {canAdmin && (
                  <td>
                    {r.status === 'PENDING' && (
                      <>
                        <button type="button" onClick={() => vote.run(r.id, 'approve')} disabled={vote.busy}>
                          Approve
                        </button>{' '}
                        <button type="button" class="danger" onClick={() => vote.run(r.id, 'reject')} disabled={vote.busy}>
                          Reject
                        </button>
                      </>
                    )}
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
