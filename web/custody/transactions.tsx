import { useEffect, useState } from 'preact/hooks'
import { get, qs } from '../shared/api.ts'
import { shortAddress, when } from '../shared/format.ts'
import { Badge, ErrorBox, Facts, Link, Loading, Page, Progress, useLoad } from '../shared/ui.tsx'

const FINAL = ['COMPLETED', 'FAILED', 'BLOCKED', 'REJECTED', 'CANCELLED']
const STEPS = ['SUBMITTED', 'PENDING_AUTHORIZATION', 'QUEUED', 'PENDING_SIGNATURE', 'BROADCASTING', 'CONFIRMING', 'COMPLETED']

export function TransactionsList() {
  const [status, setStatus] = useState('')
  const data = useLoad(() => get(`/v1/transactions${qs({ status, limit: 100 })}`), [status])
  return (
    <Page title="Transactions" actions={<button onClick={data.reload}>Refresh</button>}>
      <label>
        Status
        <select value={status} onChange={(e) => setStatus((e.target as HTMLSelectElement).value)}>
          <option value="">any</option>
          {[...STEPS, 'BLOCKED', 'REJECTED', 'CANCELLED', 'FAILED'].map((s) => (
            <option key={s}>{s}</option>
          ))}
        </select>
      </label>
      <ErrorBox error={data.error} />
      {data.loading && !data.data && <Loading />}
      {data.data && (
        <table>
          <thead>
            <tr>
              <th>External id</th>
              <th>Status</th>
              <th>Operation</th>
              <th>To</th>
              <th>Created</th>
            </tr>
          </thead>
          <tbody>
            {data.data.items.map((t: any) => (
              <tr key={t.id}>
                <td>
                  <Link to={`/transactions/${t.id}`}>{t.externalTxId}</Link>
                </td>
                <td>
                  <Badge value={t.status} /> {t.subStatus && <span class="muted">{t.subStatus}</span>}
                </td>
                <td>{t.operation}</td>
                <td>
                  <code>{shortAddress(t.destination ?? t.to)}</code>
                </td>
                <td>{when(t.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Page>
  )
}

export function TransactionDetail({ id }: { id: string }) {
  const tx = useLoad(() => get(`/v1/transactions/${encodeURIComponent(id)}`), [id])
  const timeline = useLoad(() => get(`/v1/transactions/${encodeURIComponent(id)}/timeline`), [id])
  const status: string | undefined = tx.data?.status
  // A transaction on its way is followed until it ends.
  useEffect(() => {
    if (!status || FINAL.includes(status)) return
    const timer = setTimeout(() => {
      tx.reload()
      timeline.reload()
    }, 1500)
    return () => clearTimeout(timer)
  }, [status, tx.data?.updatedAt])
  const t = tx.data
  const step = t ? STEPS.indexOf(t.status) : -1
  return (
    <Page title="Transaction" actions={<Link to="/transactions">All transactions</Link>}>
      <ErrorBox error={tx.error ?? timeline.error} />
      {!t && tx.loading && <Loading />}
      {t && (
        <>
          <p>
            <Badge value={t.status} /> {t.subStatus && <code>{t.subStatus}</code>} {t.statusReason && <span class="muted">{t.statusReason}</span>}
          </p>
          {!FINAL.includes(t.status) && step >= 0 && <Progress label={`Step ${step + 1} of ${STEPS.length}: ${t.status}`} value={step + 1} max={STEPS.length} />}
          {t.status === 'PENDING_AUTHORIZATION' && (
            <p>
              <Link to={`/approvals/${t.id}`}>Review it for approval</Link>
            </p>
          )}
          <div class="card">
            <Facts
              items={[
                ['Id', <code>{t.id}</code>],
                ['External id', <code>{t.externalTxId}</code>],
                ['Source vault', <Link to={`/vaults/${t.sourceVaultId}`}>{t.sourceVaultId}</Link>],
                ['From', <code>{t.from}</code>],
                ['To', <code>{t.to}</code>],
                ['Operation', t.operation],
                ['Amount (base units)', t.amount ?? t.value],
                ['Nonce', t.nonce ?? '—'],
                ['Transaction hash', t.txHash ? <code>{t.txHash}</code> : '—'],
                ['Block', t.blockNumber ?? '—'],
                ['Created by', <code>{t.createdBy}</code>],
                ['Completed', when(t.completedAt)],
              ]}
            />
          </div>
          <h2>Timeline</h2>
          {timeline.data && (
            <ol class="timeline" aria-label="Status timeline">
              {timeline.data.items.map((e: any) => (
                <li key={e.seq}>
                  <strong>{e.action === 'transaction.status_changed' ? `${e.before?.status ?? '—'} → ${e.after?.status}` : e.action}</strong>{' '}
                  <span class="muted">
                    {when(e.at)} by <code>{e.actor}</code>
                  </span>
                  {e.after?.subStatus && <div>sub-status {e.after.subStatus}</div>}
                  {e.after?.reason && <div class="muted">{e.after.reason}</div>}
                  {e.after?.passkey && <div class="ok">signed with a passkey (digest {String(e.after.passkey.viewDigest).slice(0, 16)}…)</div>}
                </li>
              ))}
            </ol>
          )}
        </>
      )}
    </Page>
  )
}
