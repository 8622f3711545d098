import { get, post } from '../shared/api.ts'
import { formatUnits, when } from '../shared/format.ts'
import { Badge, ErrorBox, Facts, Link, Loading, Page, useAction, useLoad } from '../shared/ui.tsx'

const pct = (part: string, whole: string | null) => (whole && whole !== '0' ? Number((BigInt(part) * 10000n) / BigInt(whole)) / 100 : null)

/** Money in an offering: base units of its settlement stablecoin (6 decimals for the development cUSD). */
const money = (v: string | null) => (v === null ? '—' : `${formatUnits(v, 6)} (settlement units)`)

export function OfferingsList() {
  const data = useLoad(() => get('/v1/offerings'))
  return (
    <Page title="Offerings">
      <ErrorBox error={data.error} />
      {data.loading && !data.data && <Loading />}
      {data.data && (
        <table>
          <thead>
            <tr>
              <th>Offering</th>
              <th>Status</th>
              <th>Paid of hard cap</th>
              <th>Closes</th>
            </tr>
          </thead>
          <tbody>
            {data.data.items.map((o: any) => (
              <tr key={o.id}>
                <td>
                  <Link to={`/offerings/${o.id}`}>{o.id}</Link>
                </td>
                <td>
                  <Badge value={o.status} />
                </td>
                <td>{pct(o.totals.paid, o.hardCap) ?? 0}%</td>
                <td>{when(o.closesAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Page>
  )
}

export function OfferingDetail({ id, canIssue }: { id: string; canIssue: boolean }) {
  const data = useLoad(() => get(`/v1/offerings/${encodeURIComponent(id)}`), [id])
  const close = useAction(() => post(`/v1/offerings/${encodeURIComponent(id)}/close`, {}), data.reload)
  const o = data.data
  const soft = o ? pct(o.totals.paid, o.softCap) : null
  const hard = o ? pct(o.totals.paid, o.hardCap) : null
  return (
    <Page title="Offering" actions={<Link to="/offerings">All offerings</Link>}>
      <ErrorBox error={data.error ?? close.error} />
      {!o && data.loading && <Loading />}
      {o && (
        <>
          <p>
            <Badge value={o.status} /> {o.statusReason}
          </p>
          <div class="card">
            <h2>Progress</h2>
            {o.softCap && (
              <label>
                Paid toward the soft cap ({soft}%)
                <progress value={Math.min(soft ?? 0, 100)} max={100} />
              </label>
            )}
            <label>
              Paid toward the hard cap ({hard}%)
              <progress value={Math.min(hard ?? 0, 100)} max={100} />
            </label>
            <Facts
              items={[
                ['Subscribed', money(o.totals.subscribed)],
                ['Paid', money(o.totals.paid)],
                ['Soft cap', money(o.softCap)],
                ['Hard cap', money(o.hardCap)],
                ['Subscriptions', String(o.totals.subscriptions)],
                ['Issued (token base units)', formatUnits(o.totals.issued, o.tokenDecimals)],
                ['Opens', when(o.opensAt)],
                ['Closes', when(o.closesAt)],
                ['Token', <Link to={`/tokens/${o.tokenId}`}>{o.tokenId}</Link>],
              ]}
            />
          </div>
          {o.close && (
            <div class="card" role="status" aria-live="polite">
              <h2>Closing</h2>
              <p>
                {o.close.kind} requested by <code>{o.close.requestedBy}</code> at {when(o.close.requestedAt)}
                {o.close.workflow && (
                  <>
                    : step <code>{o.close.workflow.step}</code> <Badge value={o.close.workflow.status} /> {o.close.workflow.lastError}
                  </>
                )}
              </p>
              <button type="button" onClick={data.reload}>
                Refresh progress
              </button>
            </div>
          )}
          {canIssue && o.status === 'OPEN' && (
            <button type="button" class="primary" disabled={close.busy} onClick={() => close.run()}>
              Close the offering
            </button>
          )}
        </>
      )}
    </Page>
  )
}
