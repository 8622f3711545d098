import { get } from '../shared/api.ts'
import { shortAddress, when } from '../shared/format.ts'
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
          <VaultDeposits id={id} />
        </>
      )}
    </Page>
  )
}

/** Incoming transfers the deposit watch saw for the vault, newest first, in units of their asset. */
function VaultDeposits({ id }: { id: string }) {
  const deposits = useLoad(() => get(`/v1/vaults/${encodeURIComponent(id)}/deposits?limit=50`), [id])
  const assets = useLoad(() => get('/v1/assets'))
  const asset = (assetId: string) => (assets.data as any)?.items.find((a: any) => a.id === assetId)
  return (
    <>
      <h2>Deposits</h2>
      <ErrorBox error={deposits.error} />
      {deposits.data &&
        (deposits.data.items.length === 0 ? (
          <p>No deposit seen since the watch started.</p>
        ) : (
          <table aria-label="Deposits">
            <thead>
              <tr>
                <th>Detected</th>
                <th>Asset</th>
                <th class="num">Amount</th>
                <th>From</th>
                <th>Transaction</th>
                <th class="num">Block</th>
                <th>Status</th>
              </tr>
            </thead>
            <tbody>
              {deposits.data.items.map((d: any) => (
                <tr key={d.id}>
                  <td>{when(d.detectedAt)}</td>
                  <td>{d.assetId}</td>
                  <td class="num">
                    <Amount value={d.amount} decimals={asset(d.assetId)?.decimals} symbol={asset(d.assetId)?.symbol} />
                  </td>
                  <td>
                    <code title={d.from}>{shortAddress(d.from)}</code> {d.internal && <span class="muted">internal ({d.sourceVaultId})</span>}
                  </td>
                  <td>
                    <code title={d.txHash}>{shortAddress(d.txHash)}</code>
                  </td>
                  <td class="num">{d.blockNumber}</td>
                  <td>
                    <Badge value={d.status} /> {d.confirmedAt && <span class="muted">{when(d.confirmedAt)}</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ))}
    </>
  )
}
