import { get, post } from '../shared/api.ts'
import { when } from '../shared/format.ts'
import { Amount, Badge, ErrorBox, Facts, Link, Loading, Page, useAction, useLoad } from '../shared/ui.tsx'

export function TokensList() {
  const data = useLoad(() => get('/v1/tokens'))
  return (
    <Page title="Tokens">
      <ErrorBox error={data.error} />
      {data.loading && !data.data && <Loading label="Reading tokens and their chain state" />}
      {data.data && (
        <table>
          <thead>
            <tr>
              <th>Token</th>
              <th>Status</th>
              <th class="num">Supply</th>
              <th>Paused</th>
              <th>Modules</th>
            </tr>
          </thead>
          <tbody>
            {data.data.items.map((t: any) => (
              <tr key={t.id}>
                <td>
                  <Link to={`/tokens/${t.id}`}>
                    {t.name} ({t.symbol})
                  </Link>
                </td>
                <td>
                  <Badge value={t.status} />
                </td>
                <td class="num">
                  <Amount value={t.totalSupply} decimals={t.decimals} symbol={t.symbol} />
                </td>
                <td>{t.paused === null ? '—' : t.paused ? 'paused' : 'trading'}</td>
                <td>{t.modules.length}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Page>
  )
}

export function TokenDetail({ id, canIssue }: { id: string; canIssue: boolean }) {
  const token = useLoad(() => get(`/v1/tokens/${encodeURIComponent(id)}`), [id])
  const ops = useLoad(() => get(`/v1/tokens/${encodeURIComponent(id)}/operations`), [id])
  const pause = useAction((paused: boolean) => post(`/v1/tokens/${encodeURIComponent(id)}/${paused ? 'pause' : 'unpause'}`), () => (token.reload(), ops.reload()))
  const t = token.data
  return (
    <Page title={t ? `${t.name} (${t.symbol})` : 'Token'} actions={<Link to={`/cap-table?token=${id}`}>Cap table</Link>}>
      <ErrorBox error={token.error ?? pause.error} />
      {!t && token.loading && <Loading />}
      {t && (
        <>
          <div class="card">
            <Facts
              items={[
                ['Status', <Badge value={t.status} />],
                ['Total supply', <Amount value={t.totalSupply} decimals={t.decimals} symbol={t.symbol} />],
                ['Decimals', String(t.decimals)],
                ['Trading', t.paused === null ? '—' : t.paused ? <span class="bad">paused</span> : <span class="ok">unpaused</span>],
                ['Token contract', <code>{t.addresses.token}</code>],
                ['Identity registry', <code>{t.addresses.identityRegistry}</code>],
                ['Compliance', <code>{t.addresses.compliance}</code>],
                ['Allowed countries', t.compliance.allowedCountries?.join(', ') ?? 'any'],
                ['Max balance', t.compliance.maxBalance ? <Amount value={t.compliance.maxBalance} decimals={t.decimals} symbol={t.symbol} /> : 'none'],
                ['Supply limit', t.compliance.supplyLimit ? <Amount value={t.compliance.supplyLimit} decimals={t.decimals} symbol={t.symbol} /> : 'none'],
              ]}
            />
            <h2>Compliance modules</h2>
            <ul>
              {t.modules.map((m: string) => (
                <li key={m}>
                  <code>{m}</code>
                </li>
              ))}
            </ul>
            {canIssue && t.paused !== null && (
              <p>
                <button type="button" class={t.paused ? 'primary' : 'danger'} disabled={pause.busy} onClick={() => pause.run(!t.paused)}>
                  {t.paused ? 'Unpause trading' : 'Pause trading'}
                </button>{' '}
                <span class="muted">Sent through custody from the warm issuer-agent vault: a custody approver must approve it.</span>
              </p>
            )}
          </div>
          <h2>Operations</h2>
          {ops.data && (
            <table>
              <thead>
                <tr>
                  <th>Kind</th>
                  <th>Status</th>
                  <th>Custody transaction</th>
                  <th>Created</th>
                </tr>
              </thead>
              <tbody>
                {ops.data.items.map((o: any) => (
                  <tr key={o.id}>
                    <td>{o.kind}</td>
                    <td>
                      <Badge value={o.status} />
                    </td>
                    <td>
                      <code>{o.custodyTxId ?? '—'}</code>
                    </td>
                    <td>{when(o.createdAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </Page>
  )
}
