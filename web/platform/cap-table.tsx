import { useState } from 'preact/hooks'
import { get, qs } from '../shared/api.ts'
import { formatUnits, shortAddress, when } from '../shared/format.ts'
import { Amount, ErrorBox, Link, Loading, Page, useLoad } from '../shared/ui.tsx'

/** Horizontal bars of each holder's share of supply, drawn as SVG (no chart library, no CDN). */
function HoldingsChart({ items, supply, decimals, symbol, names }: { items: any[]; supply: string; decimals: number; symbol: string; names: Map<string, string> }) {
  const total = BigInt(supply || '0')
  const rows = [...items].sort((a, b) => (BigInt(b.balance) > BigInt(a.balance) ? 1 : -1)).slice(0, 20)
  const width = 640
  const bar = 24
  return (
    <figure class="chart">
      <svg width="100%" viewBox={`0 0 ${width + 260} ${rows.length * (bar + 8) + 8}`} role="img" aria-label={`Holdings of ${symbol} by holder`}>
        {rows.map((h, i) => {
          const share = total > 0n ? Number((BigInt(h.balance) * 10000n) / total) / 10000 : 0
          const y = 8 + i * (bar + 8)
          const label = names.get(h.investorId) ?? shortAddress(h.address)
          return (
            <g key={h.address}>
              <text x={0} y={y + bar * 0.7}>
                {label}
              </text>
              <rect x={150} y={y} width={Math.max(2, share * width)} height={bar} rx={3} />
              <text x={158 + share * width} y={y + bar * 0.7}>
                {formatUnits(h.balance, decimals)} {symbol} ({(share * 100).toFixed(1)}%)
              </text>
            </g>
          )
        })}
      </svg>
      <figcaption class="muted">Share of total supply per holder{items.length > 20 ? ' (largest 20)' : ''}.</figcaption>
    </figure>
  )
}

export function CapTablePage() {
  const tokens = useLoad(() => get('/v1/tokens'))
  const investors = useLoad(() => get('/v1/investors?limit=200'))
  const initial = new URLSearchParams(location.search).get('token')
  const [tokenId, setTokenId] = useState<string | null>(initial)
  const [at, setAt] = useState('')
  const id = tokenId ?? tokens.data?.items.find((t: any) => t.status === 'ACTIVE')?.id ?? null
  const token = tokens.data?.items.find((t: any) => t.id === id)
  const holders = useLoad(() => (id ? get(`/v1/tokens/${id}/holders${qs({ atTime: at ? new Date(at).toISOString() : undefined, limit: 500 })}`) : Promise.resolve(null)), [id, at])
  const names = new Map<string, string>((investors.data?.items ?? []).map((i: any) => [i.id, i.name]))
  return (
    <Page title="Cap table" actions={<button onClick={holders.reload}>Refresh</button>}>
      <ErrorBox error={tokens.error ?? holders.error} />
      <div class="row">
        <label>
          Token
          <select value={id ?? ''} onChange={(e) => setTokenId((e.target as HTMLSelectElement).value)}>
            {(tokens.data?.items ?? []).map((t: any) => (
              <option key={t.id} value={t.id}>
                {t.name} ({t.symbol})
              </option>
            ))}
          </select>
        </label>
        <label>
          As of (your local time; empty = now)
          <input type="datetime-local" step={1} value={at} onInput={(e) => setAt((e.target as HTMLInputElement).value)} />
        </label>
      </div>
      {holders.loading && !holders.data && <Loading label="Reading the indexed cap table" />}
      {holders.data && token && (
        <>
          <p>
            As of block {holders.data.block.number} ({when(holders.data.block.timestamp)}): {holders.data.totals.holders} holders, supply{' '}
            <Amount value={holders.data.totals.supply} decimals={token.decimals} symbol={token.symbol} />. Indexed to block {holders.data.indexedHead}.
          </p>
          <HoldingsChart items={holders.data.items} supply={holders.data.totals.supply} decimals={token.decimals} symbol={token.symbol} names={names} />
          <table>
            <caption class="muted">Holders in address order</caption>
            <thead>
              <tr>
                <th>Holder</th>
                <th>Address</th>
                <th class="num">Balance</th>
                <th>Frozen</th>
              </tr>
            </thead>
            <tbody>
              {holders.data.items.map((h: any) => (
                <tr key={h.address} data-holder={h.investorId ? names.get(h.investorId) : h.address}>
                  <td>{h.investorId ? <Link to={`/investors/${h.investorId}`}>{names.get(h.investorId) ?? h.investorId}</Link> : 'not a platform investor'}</td>
                  <td>
                    <code>{h.address}</code>
                  </td>
                  <td class="num">
                    <Amount value={h.balance} decimals={token.decimals} symbol={token.symbol} />
                  </td>
                  <td>{h.frozen ? 'frozen' : h.frozenTokens !== '0' ? formatUnits(h.frozenTokens, token.decimals) : 'no'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </Page>
  )
}
