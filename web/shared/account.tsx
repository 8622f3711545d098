import { get, post } from './api.ts'
import { when } from './format.ts'
import { ErrorBox, Loading, Page, useAction, useLoad } from './ui.tsx'

/** The signed-in principal's passkeys (revocable) and live sessions. */
export function AccountPage() {
  const data = useLoad(() => get('/v1/console/passkeys'))
  const revoke = useAction((id: string) => post(`/v1/console/passkeys/${encodeURIComponent(id)}/revoke`), data.reload)
  return (
    <Page title="Your passkeys and sessions">
      <ErrorBox error={data.error ?? revoke.error} />
      {data.loading && !data.data && <Loading />}
      {data.data && (
        <>
          <h2>Passkeys</h2>
          <table>
            <thead>
              <tr>
                <th>Name</th>
                <th>Enrolled</th>
                <th>Last used</th>
                <th>State</th>
                <th>
                  <span class="muted">Action</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {data.data.passkeys.map((p: any) => (
                <tr key={p.credentialId}>
                  <td>{p.label}</td>
                  <td>{when(p.createdAt)}</td>
                  <td>{when(p.lastUsedAt)}</td>
                  <td>{p.revokedAt ? `revoked ${when(p.revokedAt)}` : 'active'}</td>
                  <td>
                    {!p.revokedAt && (
                      <button type="button" class="danger" disabled={revoke.busy} onClick={() => revoke.run(p.credentialId)} aria-label={`Revoke passkey ${p.label}`}>
                        Revoke
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <h2>Live sessions</h2>
          <table>
            <thead>
              <tr>
                <th>Started</th>
                <th>Last seen</th>
                <th>Ends at the latest</th>
                <th>From</th>
              </tr>
            </thead>
            <tbody>
              {data.data.sessions.map((s: any) => (
                <tr key={s.id}>
                  <td>{when(s.createdAt)}</td>
                  <td>{when(s.lastSeenAt)}</td>
                  <td>{when(s.expiresAt)}</td>
                  <td>
                    {s.ip} <span class="muted">{s.userAgent.slice(0, 60)}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </Page>
  )
}
