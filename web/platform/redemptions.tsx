import { useState } from 'preact/hooks'
import { get, post } from '../shared/api.ts'
import { parseUnits, shortAddress, when } from '../shared/format.ts'
import { Amount, Badge, ErrorBox, Facts, Link, Loading, Page, Table, newIdempotencyKey, useAction, useLoad, useRefreshWhile, type Column } from '../shared/ui.tsx'

/** Offers are paid in the platform stablecoin (cUSD, 6 decimals); prices are per whole token. */
const CASH_DECIMALS = 6
const CASH = 'cUSD'
const KINDS = [
  { kind: 'TENDER', path: 'tender-offers', label: 'Tender offer (buyback)', requests: 'tenders' },
  { kind: 'REDEMPTION', path: 'redemption-windows', label: 'Redemption window', requests: 'requests' },
] as const
type Kind = (typeof KINDS)[number]
const kindOf = (k: string) => KINDS.find((x) => x.kind === k) ?? KINDS[0]
const FINAL = ['SETTLED', 'FAILED']

/** Turns the local datetime of an input into an ISO instant. */
const isoOf = (local: string) => (local ? new Date(local).toISOString() : '')
/** An instant as the value of a datetime-local input. */
const localOf = (d: Date) => new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16)

/** What investors asked for, summed over the requests (the offer's own total is set at allocation). */
const requestedOf = (o: any) => o.requests.reduce((s: bigint, r: any) => s + BigInt(r.quantity), 0n).toString()

/** How many allocations settled of those to settle, for a progress bar. */
function settledOf(o: any): { settled: number; allocations: number } {
  const allocated = o.requests.filter((r: any) => r.allocated !== null && r.allocated !== '0')
  return { settled: allocated.filter((r: any) => r.status === 'SETTLED' || r.status === 'FAILED').length, allocations: allocated.length }
}

/** Where an offer stands, in words. */
function stage(o: any): string {
  if (o.status === 'OPEN') return `taking requests until ${when(o.closesAt)}`
  const { settled, allocations } = settledOf(o)
  if (o.status === 'SETTLED') return `${settled} of ${allocations} allocations settled`
  const step = o.workflow ? `step ${o.workflow.step}${o.workflow.waitingFor ? `, waiting for ${o.workflow.waitingFor}` : ''}` : ''
  return [step, allocations ? `${settled} of ${allocations} settled` : ''].filter(Boolean).join('; ')
}

export function RedemptionsPage({ canCreate }: { canCreate: boolean }) {
  const tokens = useLoad(() => get('/v1/tokens'))
  const [tokenId, setTokenId] = useState('')
  const token = tokens.data?.items.find((t: any) => t.id === tokenId) ?? tokens.data?.items[0]
  const list = useLoad(
    async () => {
      if (!token) return []
      const [tenders, windows] = await Promise.all(KINDS.map((k) => get(`/v1/tokens/${encodeURIComponent(token.id)}/${k.path}`)))
      return [...tenders.items, ...windows.items].sort((a: any, b: any) => (a.createdAt < b.createdAt ? 1 : -1))
    },
    [token?.id],
  )
  useRefreshWhile((list.data ?? []).some((o: any) => o.status !== 'OPEN' && !FINAL.includes(o.status)), list.reload, 3000)
  return (
    <Page title="Redemptions and tender offers" actions={<button onClick={list.reload}>Refresh</button>}>
      <p class="muted">
        An issuer's buybacks (tender offers) and redemption windows: investors ask to sell within the window; at its close requests are allocated (pro-rata when oversubscribed) and each allocation settles delivery versus payment through custody — tokens and {CASH} move in one transaction, or neither.
      </p>
      <ErrorBox error={tokens.error ?? list.error} />
      {tokens.loading && !tokens.data && <Loading />}
      {tokens.data && (
        <label>
          Token
          <select value={token?.id ?? ''} onChange={(e) => setTokenId((e.target as HTMLSelectElement).value)}>
            {tokens.data.items.map((t: any) => (
              <option key={t.id} value={t.id}>
                {t.name} ({t.symbol})
              </option>
            ))}
          </select>
        </label>
      )}
      {list.data && token && (list.data.length === 0 ? <p>No tender offer or redemption window of {token.symbol} yet.</p> : <OfferTable items={list.data} token={token} />)}
      {canCreate && token && <CreateOfferForm token={token} onCreated={list.reload} />}
    </Page>
  )
}

function OfferTable({ items, token }: { items: any[]; token: any }) {
  const columns: Column<any>[] = [
    { header: 'Offer', cell: (o) => <Link to={`/redemptions/${kindOf(o.kind).path}/${o.id}`}>{o.id}</Link> },
    { header: 'Kind', cell: (o) => kindOf(o.kind).label },
    { header: 'Status', cell: (o) => <Badge value={o.status} /> },
    { header: 'Price per token', num: true, cell: (o) => <Amount value={o.pricePerToken} decimals={CASH_DECIMALS} symbol={CASH} /> },
    { header: 'Requested', num: true, cell: (o) => <Amount value={requestedOf(o)} decimals={token.decimals} symbol={token.symbol} /> },
    { header: 'Most bought', num: true, cell: (o) => (o.maxQuantity ? <Amount value={o.maxQuantity} decimals={token.decimals} symbol={token.symbol} /> : 'every request') },
    {
      header: 'Progress',
      cell: (o) => {
        const { settled, allocations } = settledOf(o)
        return (
          <>
            {allocations > 0 ? <progress value={settled} max={allocations} aria-label={`${settled} of ${allocations} allocations settled`} /> : null} <span class="muted">{stage(o)}</span>
          </>
        )
      },
    },
    { header: 'Closes', cell: (o) => when(o.closesAt) },
  ]
  return <Table label="Offers" columns={columns} rows={items} rowKey={(o) => o.id} />
}

function CreateOfferForm({ token, onCreated }: { token: any; onCreated: () => void }) {
  const [f, setF] = useState(() => ({ kind: 'TENDER', pricing: 'FIXED', price: '', max: '', opensAt: localOf(new Date()), closesAt: localOf(new Date(Date.now() + 7 * 86_400_000)), settlement: 'BURN' }))
  const [key, setKey] = useState(newIdempotencyKey)
  const [created, setCreated] = useState<any>(null)
  const set = (k: keyof typeof f) => (e: Event) => setF({ ...f, [k]: (e.target as HTMLInputElement).value })
  const k = kindOf(f.kind)
  const create = useAction(async () => {
    const body = {
      ...(k.kind === 'REDEMPTION' ? { pricing: f.pricing } : {}),
      pricePerToken: parseUnits(f.price, CASH_DECIMALS),
      ...(f.max.trim() ? { maxQuantity: parseUnits(f.max, token.decimals) } : {}),
      opensAt: isoOf(f.opensAt),
      closesAt: isoOf(f.closesAt),
      settlement: f.settlement,
      idempotencyKey: key,
    }
    setCreated(await post(`/v1/tokens/${encodeURIComponent(token.id)}/${k.path}`, body))
    setKey(newIdempotencyKey())
  }, onCreated)
  return (
    <form
      class="card"
      onSubmit={(e) => {
        e.preventDefault()
        create.run()
      }}
    >
      <h2>Open a tender offer or redemption window on {token.symbol}</h2>
      <div class="row">
        <label>
          Kind
          <select value={f.kind} onChange={set('kind')}>
            {KINDS.map((x) => (
              <option key={x.kind} value={x.kind}>
                {x.label}
              </option>
            ))}
          </select>
        </label>
        {k.kind === 'REDEMPTION' && (
          <label>
            Pricing
            <select value={f.pricing} onChange={set('pricing')}>
              <option value="FIXED">fixed price</option>
              <option value="NAV">NAV per token of this window</option>
            </select>
          </label>
        )}
        <label>
          Price per token ({CASH})
          <input value={f.price} onInput={set('price')} inputMode="decimal" required />
        </label>
        <label>
          {k.kind === 'TENDER' ? `Most bought back (${token.symbol})` : `Most redeemed (${token.symbol}; empty = every request)`}
          <input value={f.max} onInput={set('max')} inputMode="decimal" required={k.kind === 'TENDER'} />
        </label>
      </div>
      <div class="row">
        <label>
          Opens (your local time)
          <input type="datetime-local" value={f.opensAt} onInput={set('opensAt')} required />
        </label>
        <label>
          Closes (your local time)
          <input type="datetime-local" value={f.closesAt} onInput={set('closesAt')} required />
        </label>
        <label>
          Tokens bought are
          <select value={f.settlement} onChange={set('settlement')}>
            <option value="BURN">burned</option>
            <option value="TREASURY">kept in the token's treasury vault</option>
          </select>
        </label>
      </div>
      <button type="submit" class="primary" disabled={create.busy}>
        Open {k.kind === 'TENDER' ? 'the tender offer' : 'the redemption window'}
      </button>
      <ErrorBox error={create.error} />
      {created && (
        <p role="status" aria-live="polite">
          Opened <Link to={`/redemptions/${kindOf(created.kind).path}/${created.id}`}>{created.id}</Link> <Badge value={created.status} />
        </p>
      )}
    </form>
  )
}

export function OfferDetail({ path, id, canRequest }: { path: string; id: string; canRequest: boolean }) {
  const k: Kind = KINDS.find((x) => x.path === path) ?? KINDS[0]
  const offer = useLoad(() => get(`/v1/${k.path}/${encodeURIComponent(id)}`), [k.path, id])
  const o = offer.data
  const token = useLoad(() => (o ? get(`/v1/tokens/${encodeURIComponent(o.tokenId)}`) : Promise.resolve(null)), [o?.tokenId])
  const t = token.data as any
  const investors = useLoad(() => get('/v1/investors?limit=200'))
  const nameOf = (investorId: string) => (investors.data as any)?.items.find((i: any) => i.id === investorId)?.name ?? investorId
  useRefreshWhile(!!o && o.status !== 'OPEN' && !FINAL.includes(o.status), offer.reload, 3000)
  const { settled, allocations } = o ? settledOf(o) : { settled: 0, allocations: 0 }
  return (
    <Page title={k.kind === 'TENDER' ? 'Tender offer' : 'Redemption window'} actions={<Link to="/redemptions">All offers</Link>}>
      <ErrorBox error={offer.error ?? token.error} />
      {!o && offer.loading && <Loading />}
      {o && (
        <>
          <p>
            <Badge value={o.status} /> {o.statusCode && <code>{o.statusCode}</code>} {o.statusReason} <span class="muted">{stage(o)}</span>{' '}
            <button type="button" class="secondary" onClick={offer.reload}>
              Refresh
            </button>
          </p>
          {allocations > 0 && <Progressbar settled={settled} allocations={allocations} />}
          <div class="card">
            <Facts
              items={[
                ['Token', <Link to={`/tokens/${o.tokenId}`}>{t ? `${t.name} (${t.symbol})` : o.tokenId}</Link>],
                ['Pricing', o.pricing ?? 'FIXED'],
                ['Price per token', <Amount value={o.pricePerToken} decimals={CASH_DECIMALS} symbol={CASH} />],
                ['Most bought', o.maxQuantity ? <Amount value={o.maxQuantity} decimals={t?.decimals} symbol={t?.symbol} /> : 'every request'],
                ['Requested', <Amount value={requestedOf(o)} decimals={t?.decimals} symbol={t?.symbol} />],
                ['Allocated', o.totals.allocated === null ? '—' : <Amount value={o.totals.allocated} decimals={t?.decimals} symbol={t?.symbol} />],
                ['Window', `${when(o.opensAt)} – ${when(o.closesAt)}`],
                ['Tokens', o.settlement === 'BURN' ? 'burned at settlement' : 'to the treasury vault'],
                ['Paid by', <code title={o.payer.address}>{o.payer.vaultId ?? shortAddress(o.payer.address)}</code>],
                ['Settled', when(o.settledAt)],
              ]}
            />
          </div>
          <h2>{k.kind === 'TENDER' ? 'Tenders' : 'Requests'} and settlements</h2>
          {o.requests.length === 0 ? (
            <p>No {k.kind === 'TENDER' ? 'tender' : 'request'} yet.</p>
          ) : (
            <Table
              label="Requests and settlements"
              rows={o.requests as any[]}
              rowKey={(r) => r.id}
              columns={[
                { header: 'Investor', cell: (r) => <Link to={`/investors/${r.investorId}`}>{nameOf(r.investorId)}</Link> },
                { header: 'Requested', num: true, cell: (r) => <Amount value={r.quantity} decimals={t?.decimals} symbol={t?.symbol} /> },
                { header: 'Allocated', num: true, cell: (r) => (r.allocated === null ? '—' : <Amount value={r.allocated} decimals={t?.decimals} symbol={t?.symbol} />) },
                { header: 'Paid', num: true, cell: (r) => (r.amount === null ? '—' : <Amount value={r.amount} decimals={CASH_DECIMALS} symbol={CASH} />) },
                {
                  header: 'Status',
                  cell: (r) => (
                    <>
                      <Badge value={r.status} /> {r.statusCode && <code>{r.statusCode}</code>} {r.statusReason && <span class="bad">{r.statusReason}</span>}
                    </>
                  ),
                },
                { header: 'Settlement transaction', cell: (r) => (r.txHash ? <code title={r.txHash}>{r.txHash}</code> : '—') },
              ]}
            />
          )}
          {canRequest && o.status === 'OPEN' && t && <RequestForm kind={k} offerId={o.id} token={t} onSent={offer.reload} />}
        </>
      )}
    </Page>
  )
}

function Progressbar({ settled, allocations }: { settled: number; allocations: number }) {
  return (
    <label>
      Settlement: {settled} of {allocations} allocations
      <progress value={settled} max={allocations} />
    </label>
  )
}

/** An investor's tender or redemption request, on its behalf (scope issuer or operate). */
function RequestForm({ kind, offerId, token, onSent }: { kind: Kind; offerId: string; token: any; onSent: () => void }) {
  const investors = useLoad(() => get('/v1/investors?status=ACTIVE&limit=200'))
  const [investorId, setInvestorId] = useState('')
  const [quantity, setQuantity] = useState('')
  const chosen = investorId || (investors.data as any)?.items[0]?.id || ''
  const send = useAction(() => post(`/v1/${kind.path}/${encodeURIComponent(offerId)}/${kind.requests}`, { investorId: chosen, quantity: parseUnits(quantity, token.decimals) }), () => (setQuantity(''), onSent()))
  return (
    <form
      class="card"
      onSubmit={(e) => {
        e.preventDefault()
        send.run()
      }}
    >
      <h2>{kind.kind === 'TENDER' ? 'Tender on behalf of an investor' : 'Request a redemption on behalf of an investor'}</h2>
      <ErrorBox error={investors.error} />
      <div class="row">
        <label>
          Investor
          <select value={chosen} onChange={(e) => setInvestorId((e.target as HTMLSelectElement).value)}>
            {((investors.data as any)?.items ?? []).map((i: any) => (
              <option key={i.id} value={i.id}>
                {i.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Quantity ({token.symbol})
          <input value={quantity} onInput={(e) => setQuantity((e.target as HTMLInputElement).value)} inputMode="decimal" required />
        </label>
        <button type="submit" class="primary" disabled={send.busy || !chosen}>
          {kind.kind === 'TENDER' ? 'Tender' : 'Request redemption'}
        </button>
      </div>
      <ErrorBox error={send.error} />
    </form>
  )
}
