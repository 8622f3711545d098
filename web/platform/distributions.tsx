import { useState } from 'preact/hooks'
import { get, post } from '../shared/api.ts'
import { formatUnits, parseUnits, shortAddress, when } from '../shared/format.ts'
import { Amount, Badge, ErrorBox, Facts, Link, Loading, Page, Table, useAction, useLoad, type Column } from '../shared/ui.tsx'

const KINDS = ['DIVIDEND', 'COUPON', 'CAPITAL_RETURN']
const TREATMENTS = ['ESCROW', 'PAY', 'EXCLUDE']
/** The platform stablecoin (cUSD) has 6 decimals; another asset's decimals are typed in the form. */
const DEFAULT_ASSET_DECIMALS = 6

/** Share of the net amount paid so far, from the payout chunks. */
function paidPercent(d: any): number | null {
  // A claim round: the share of its total claimed so far; a stock dividend is minted in one batch.
  if (d.claimRound?.total) return Number((BigInt(d.claimRound.claimed ?? '0') * 10000n) / BigInt(d.claimRound.total)) / 100
  if (d.kind === 'STOCK_DIVIDEND') return d.status === 'DISBURSED' ? 100 : d.totals?.net ? 0 : null
  const net = d.totals?.net
  if (!net || net === '0') return null
  const paid = (d.chunks ?? []).reduce((s: bigint, c: any) => s + BigInt(c.paidTotal ?? '0'), 0n)
  return Number((paid * 10000n) / BigInt(net)) / 100
}

/** Turns the local datetime of an input into an ISO instant. */
const isoOf = (local: string) => (local ? new Date(local).toISOString() : undefined)

export function DistributionsPage({ canDeclare }: { canDeclare: boolean }) {
  const tokens = useLoad(() => get('/v1/tokens'))
  const [tokenId, setTokenId] = useState('')
  const token = tokens.data?.items.find((t: any) => t.id === tokenId) ?? tokens.data?.items[0]
  const list = useLoad(() => (token ? get(`/v1/tokens/${encodeURIComponent(token.id)}/distributions`) : Promise.resolve({ items: [] })), [token?.id])
  return (
    <Page title="Distributions" actions={<button onClick={list.reload}>Refresh</button>}>
      <p class="muted">Dividends, coupons and capital returns of a token: declared, snapshotted at the record point, approved by an issuer-admin and a compliance officer, paid on the payment date.</p>
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
      {list.data && token && (list.data.items.length === 0 ? <p>No distributions of {token.symbol} yet.</p> : <DistributionTable items={list.data.items} />)}
      {canDeclare && token && <DeclareForm token={token} onDeclared={list.reload} />}
    </Page>
  )
}

function DistributionTable({ items }: { items: any[] }) {
  const columns: Column<any>[] = [
    { header: 'Distribution', cell: (d) => <Link to={`/distributions/${d.id}`}>{d.id}</Link> },
    { header: 'Kind', cell: (d) => d.kind },
    { header: 'Status', cell: (d) => <Badge value={d.status} /> },
    { header: 'Record point', cell: (d) => (d.recordBlock ? `block ${d.recordBlock}` : when(d.recordDate)) },
    { header: 'Payment date', cell: (d) => when(d.paymentDate) },
    { header: 'Net', num: true, cell: (d) => (d.totals.net === null ? '—' : <Amount value={d.totals.net} decimals={d.assetDecimals} />) },
    {
      header: 'Paid',
      cell: (d) => {
        const pct = paidPercent(d)
        return pct === null ? '—' : <progress value={Math.min(pct, 100)} max={100} aria-label={`${pct}% paid`} />
      },
    },
  ]
  return <Table columns={columns} rows={items} rowKey={(d) => d.id} />
}

function DeclareForm({ token, onDeclared }: { token: any; onDeclared: () => void }) {
  const [f, setF] = useState({ kind: 'DIVIDEND', asset: '', assetDecimals: String(DEFAULT_ASSET_DECIMALS), basis: 'perToken', amount: '', point: 'block', recordBlock: '', recordDate: '', paymentDate: '', frozen: 'ESCROW', suspended: 'ESCROW', kycExpired: 'ESCROW', mode: 'PUSH', claimDeadline: '', claims: 'FOR_CUSTODIAL_HOLDERS' })
  const [key] = useState(() => `console-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`)
  const set = (k: keyof typeof f) => (e: Event) => setF({ ...f, [k]: (e.target as HTMLInputElement).value })
  const declare = useAction(async () => {
    const amount = parseUnits(f.amount, Number(f.assetDecimals))
    await post(`/v1/tokens/${encodeURIComponent(token.id)}/distributions`, {
      kind: f.kind,
      ...(f.asset ? { asset: f.asset } : {}),
      ...(f.basis === 'perToken' ? { amountPerToken: amount } : { totalAmount: amount }),
      ...(f.point === 'block' ? { recordBlock: f.recordBlock } : { recordDate: isoOf(f.recordDate) }),
      paymentDate: isoOf(f.paymentDate),
      holdersPolicy: { frozen: f.frozen, suspended: f.suspended, kycExpired: f.kycExpired },
      mode: f.mode,
      ...(f.mode === 'CLAIM' ? { claimDeadline: isoOf(f.claimDeadline), autoClaim: f.claims === 'FOR_CUSTODIAL_HOLDERS' } : {}),
      idempotencyKey: key,
    })
  }, onDeclared)
  const select = (label: string, k: keyof typeof f, options: string[]) => (
    <label>
      {label}
      <select value={f[k]} onChange={set(k)}>
        {options.map((o) => (
          <option key={o}>{o}</option>
        ))}
      </select>
    </label>
  )
  return (
    <form
      class="card"
      onSubmit={(e) => {
        e.preventDefault()
        declare.run()
      }}
    >
      <h2>Declare a distribution of {token.symbol}</h2>
      {select('Kind', 'kind', KINDS)}
      <label>
        Asset (ERC-20 address; empty = the platform stablecoin)
        <input value={f.asset} onInput={set('asset')} placeholder="0x…" />
      </label>
      <label>
        Asset decimals
        <input type="number" min={0} max={36} value={f.assetDecimals} onInput={set('assetDecimals')} />
      </label>
      <label>
        Amount is
        <select value={f.basis} onChange={set('basis')}>
          <option value="perToken">per whole token</option>
          <option value="total">the total, shared pro rata</option>
        </select>
      </label>
      <label>
        Amount (in asset units)
        <input value={f.amount} onInput={set('amount')} required inputMode="decimal" />
      </label>
      <label>
        Record point
        <select value={f.point} onChange={set('point')}>
          <option value="block">a block</option>
          <option value="date">a date</option>
        </select>
      </label>
      {f.point === 'block' ? (
        <label>
          Record block
          <input value={f.recordBlock} onInput={set('recordBlock')} required inputMode="numeric" />
        </label>
      ) : (
        <label>
          Record date (your local time)
          <input type="datetime-local" value={f.recordDate} onInput={set('recordDate')} required />
        </label>
      )}
      <label>
        Payment date (your local time)
        <input type="datetime-local" value={f.paymentDate} onInput={set('paymentDate')} required />
      </label>
      <fieldset>
        <legend>Holders policy</legend>
        {select('Frozen holders', 'frozen', TREATMENTS)}
        {select('Suspended holders', 'suspended', TREATMENTS)}
        {select('KYC-expired holders', 'kycExpired', TREATMENTS)}
      </fieldset>
      {select('Mode', 'mode', ['PUSH', 'CLAIM'])}
      {f.mode === 'CLAIM' && (
        <label>
          Claim deadline (your local time; unclaimed money returns to the treasury after it)
          <input type="datetime-local" value={f.claimDeadline} onInput={set('claimDeadline')} required />
        </label>
      )}
      {f.mode === 'CLAIM' && select('Claims (FOR_CUSTODIAL_HOLDERS: the platform claims from every custodial holder’s vault when the round opens)', 'claims', ['FOR_CUSTODIAL_HOLDERS', 'ON_REQUEST'])}
      <button type="submit" class="primary" disabled={declare.busy}>
        Declare distribution
      </button>
      <ErrorBox error={declare.error} />
    </form>
  )
}

export function DistributionDetail({ id, canApprove }: { id: string; canApprove: boolean }) {
  const data = useLoad(() => get(`/v1/distributions/${encodeURIComponent(id)}`), [id])
  const ents = useLoad(() => get(`/v1/distributions/${encodeURIComponent(id)}/entitlements`), [id])
  const d = data.data
  const token = useLoad(() => (d ? get(`/v1/tokens/${encodeURIComponent(d.tokenId)}`) : Promise.resolve(null)), [d?.tokenId])
  const approve = useAction(() => post(`/v1/distributions/${encodeURIComponent(id)}/approvals`, {}), () => (data.reload(), ents.reload()))
  const dec = d?.assetDecimals as number | undefined
  const tokenDec = token.data?.decimals as number | undefined
  return (
    <Page
      title="Distribution"
      actions={
        <>
          <button type="button" class="secondary" onClick={() => (data.reload(), ents.reload())}>
            Refresh
          </button>{' '}
          <Link to="/distributions">All distributions</Link>
        </>
      }
    >
      <ErrorBox error={data.error} />
      {!d && data.loading && <Loading />}
      {d && (
        <>
          <p role="status" aria-live="polite">
            <Badge value={d.status} /> {d.statusCode && <code>{d.statusCode}</code>} {d.statusReason && <span class="muted">{d.statusReason}</span>}
            {d.workflow && (
              <>
                {' '}
                step <code>{d.workflow.step}</code> <Badge value={d.workflow.status} /> {d.workflow.waitingFor && <span class="muted">waiting for {d.workflow.waitingFor}</span>}{' '}
                {d.workflow.lastError && <span class="bad">{d.workflow.lastError}</span>}
              </>
            )}
          </p>
          <div class="card">
            <Facts
              items={[
                ['Kind', d.kind],
                ['Token', <Link to={`/tokens/${d.tokenId}`}>{token.data ? `${token.data.name} (${token.data.symbol})` : d.tokenId}</Link>],
                ['Asset', <code>{d.asset}</code>],
                [d.amountPerToken ? 'Amount per token' : 'Total amount', formatUnits(d.amountPerToken ?? d.totalAmount, dec)],
                ['Record point', d.recordBlock ? `block ${d.recordBlock}${d.recordDate ? ` (${when(d.recordDate)})` : ''}` : when(d.recordDate)],
                ['Payment date', when(d.paymentDate)],
                ['Holders policy', `frozen ${d.holdersPolicy?.frozen ?? 'ESCROW'}, suspended ${d.holdersPolicy?.suspended ?? 'ESCROW'}, KYC expired ${d.holdersPolicy?.kycExpired ?? 'ESCROW'}`],
                ['Mode', d.mode === 'CLAIM' ? `CLAIM until ${when(d.claimDeadline)}, ${d.autoClaim ? 'claimed for custodial holders when the round opens' : 'claimed on request'}` : d.mode],
                ['Approvals', d.approvals.length ? d.approvals.map((a: any) => `${a.role} by ${a.as} at ${when(a.at)}`).join('; ') : 'none yet'],
                ['Declared', `${when(d.createdAt)} by ${d.createdBy}`],
              ]}
            />
          </div>
          {canApprove && d.status === 'SNAPSHOTTED' && (
            <div class="card">
              <p>Paying needs an issuer-admin and a compliance officer: two different people.</p>
              <button type="button" class="primary" disabled={approve.busy} onClick={() => approve.run()}>
                Approve distribution
              </button>
              <ErrorBox error={approve.error} />
            </div>
          )}
          {d.chunks.length > 0 && (
            <>
              <h2>Payouts</h2>
              <Table
                rows={d.chunks as any[]}
                rowKey={(c) => c.index}
                columns={[
                  { header: 'Chunk', cell: (c) => c.index },
                  { header: 'Purpose', cell: (c) => c.purpose },
                  { header: 'Status', cell: (c) => <Badge value={c.status} /> },
                  {
                    header: 'Paid of total',
                    num: true,
                    cell: (c) => (
                      <>
                        {formatUnits(c.paidTotal, dec)} / {formatUnits(c.total, dec)}
                      </>
                    ),
                  },
                  { header: 'Transaction', cell: (c) => (c.txHash ? <code title={c.txHash}>{shortAddress(c.txHash)}</code> : '—') },
                ]}
              />
            </>
          )}
          <h2>{ents.data?.frozen ? 'Entitlements' : 'Entitlements preview'}</h2>
          <ErrorBox error={ents.error} />
          {ents.loading && !ents.data && <Loading label="Computing entitlements at the record point" />}
          {ents.data && <EntitlementsTable e={ents.data} assetDecimals={dec} tokenDecimals={tokenDec} />}
        </>
      )}
    </Page>
  )
}

function EntitlementsTable({ e, assetDecimals, tokenDecimals }: { e: any; assetDecimals: number | undefined; tokenDecimals: number | undefined }) {
  const t = e.totals
  return (
    <>
      <p class="muted">
        {e.frozen ? 'Frozen at the snapshot' : 'Computed now at the record point; frozen at the snapshot'}, record block {e.recordBlock}. Amounts in asset units.
      </p>
      <Table
        rows={e.items as any[]}
        rowKey={(i) => i.holder}
        columns={[
          { header: 'Holder', cell: (i) => <code title={i.holder}>{shortAddress(i.holder)}</code> },
          { header: 'Investor', cell: (i) => (i.investorId ? <Link to={`/investors/${i.investorId}`}>{i.investorId}</Link> : '—') },
          { header: 'Balance at record', num: true, cell: (i) => formatUnits(i.balance, tokenDecimals) },
          { header: 'Gross', num: true, cell: (i) => formatUnits(i.gross, assetDecimals) },
          {
            header: 'Withholding',
            num: true,
            cell: (i) => (
              <>
                {formatUnits(i.withheld, assetDecimals)} ({i.withholdingRateBps / 100}%, {i.withholdingSource})
              </>
            ),
          },
          { header: 'Net', num: true, cell: (i) => formatUnits(i.net, assetDecimals) },
          {
            header: 'Treatment',
            cell: (i) => (
              <>
                <Badge value={i.treatment} /> {i.treatmentReason && <span class="muted">{i.treatmentReason}</span>}
              </>
            ),
          },
          { header: 'Status', cell: (i) => <Badge value={i.status} /> },
        ]}
      />
      <Facts
        items={[
          ['Gross', formatUnits(t.gross, assetDecimals)],
          ['Withheld', formatUnits(t.withheld, assetDecimals)],
          ['Net', formatUnits(t.net, assetDecimals)],
          ['Escrowed', formatUnits(t.escrowed, assetDecimals)],
          ['Excluded (kept by the issuer)', formatUnits(t.excluded, assetDecimals)],
          ['Remainder (rounding, kept by the issuer)', formatUnits(t.remainder, assetDecimals)],
        ]}
      />
    </>
  )
}

/** An investor's distribution statement for a year, with a CSV download. */
export function InvestorStatements({ investorId }: { investorId: string }) {
  const [year, setYear] = useState(new Date().getFullYear())
  const path = `/v1/investors/${encodeURIComponent(investorId)}/statements?year=${year}`
  const data = useLoad(() => get(path), [path])
  const s = data.data
  // A statement may mix assets; each line carries its asset's decimals, totals use the first line's.
  const dec = s?.items[0]?.assetDecimals
  return (
    <div class="card">
      <h2>Distribution statement</h2>
      <div class="row">
        <label>
          Year
          <input type="number" min={1970} max={9999} value={year} onInput={(e) => setYear(Number((e.target as HTMLInputElement).value) || year)} />
        </label>
        <a href={`${path}&format=csv`} download>
          Download CSV
        </a>
      </div>
      <ErrorBox error={data.error} />
      {s &&
        (s.items.length === 0 ? (
          <p>No distributions in {year}.</p>
        ) : (
          <Table
            rows={s.items as any[]}
            rowKey={(i) => i.distributionId}
            columns={[
              { header: 'Distribution', cell: (i) => <Link to={`/distributions/${i.distributionId}`}>{i.distributionId}</Link> },
              { header: 'Kind', cell: (i) => i.kind },
              { header: 'Record', cell: (i) => (i.recordBlock ? `block ${i.recordBlock}` : when(i.recordDate)) },
              { header: 'Payment date', cell: (i) => when(i.paymentDate) },
              { header: 'Gross', num: true, cell: (i) => formatUnits(i.gross, i.assetDecimals) },
              {
                header: 'Withheld',
                num: true,
                cell: (i) => (
                  <>
                    {formatUnits(i.withheld, i.assetDecimals)} ({i.withholdingRateBps / 100}%)
                  </>
                ),
              },
              { header: 'Net', num: true, cell: (i) => formatUnits(i.net, i.assetDecimals) },
              { header: 'Status', cell: (i) => <Badge value={i.status} /> },
              { header: 'Paid', cell: (i) => when(i.paidAt) },
              { header: 'Transaction', cell: (i) => (i.txHash ? <code title={i.txHash}>{shortAddress(i.txHash)}</code> : '—') },
            ]}
            foot={
              <tr>
                <th colSpan={4}>Total</th>
                <td class="num">{formatUnits(s.totals.gross, dec)}</td>
                <td class="num">{formatUnits(s.totals.withheld, dec)}</td>
                <td class="num">{formatUnits(s.totals.net, dec)}</td>
                <td colSpan={3} />
              </tr>
            }
          />
        ))}
    </div>
  )
}
