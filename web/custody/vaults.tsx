import { get } from '../shared/api.ts'
import { when } from '../shared/format.ts'
import { Amount, Badge, ErrorBox, Facts, Link, Loading, Page, useLoad } from '../shared/ui.tsx'

export function VaultsList() {
  const data = useLoad(() => get('/v1/vaults?limit=200'))
  return (
    <Page title="Vaults">
      <ErrorBox error={data.error} />
      {data.loading && !data.data && <Loading />}
      {data.data && (
        <table>
          <thead>
            <tr>
              <th>Name</th>
              <th>Tier</th>
              <th>Purpose</th>
              <th>Address</th>
              <th>Key backend</th>
            </tr>
          </thead>
          <tbody>
            {data.data.items.map((v: any) => (
              <tr key={v.id}>
                <td>
                  <Link to={`/vaults/${v.id}`}>{v.name}</Link>
                </td>
                <td>
                  <Badge value={v.tier} />
                </td>
                <td>{v.purpose ?? '—'}</td>
                <td>
                  <code>{v.address}</code>
                </td>
                <td>{v.keyBackend}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Page>
  )
}

export function VaultDetail({ id }: { id: string }) {
  const data = useLoad(() => get(`/v1/vaults/${encodeURIComponent(id)}`), [id])
  const v = data.data
  return (
    <Page title={v ? `Vault ${v.name}` : 'Vault'} actions={<Link to="/vaults">All vaults</Link>}>
      <ErrorBox error={data.error} />
      {!v && data.loading && <Loading label="Reading balances from the chain" />}
      {v && (
        <>
          <div class="card">
            <Facts
              items={[
                ['Tier', <Badge value={v.tier} />],
                ['Address', <code>{v.address}</code>],
                ['Purpose', v.purpose ?? '—'],
                ['Key backend', v.keyBackend],
                ['Created', when(v.createdAt)],
              ]}
            />
          </div>
          <h2>Balances</h2>
          <table>
            <thead>
              <tr>
                <th>Asset</th>
                <th class="num">Balance</th>
              </tr>
            </thead>
            <tbody>
              <tr>
                <td>native (gas)</td>
                <td class="num">
                  <Amount value={v.balances.native} decimals={18} symbol="ETH" />
                </td>
              </tr>
              {v.balances.tokens.map((b: any) => (
                <tr key={b.token}>
                  <td>
                    {b.symbol ?? 'token'} <code>{b.token}</code>
                  </td>
                  <td class="num">
                    <Amount value={b.balance} decimals={b.decimals} symbol={b.symbol} />
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
