import { useState } from 'preact/hooks'
import { get, post, qs } from '../shared/api.ts'
import { when } from '../shared/format.ts'
import { InvestorStatements } from './distributions.tsx'
import { InvestorCash } from './cash.tsx'
import { AgentPowers } from './agent.tsx'
import { Amount, Badge, ErrorBox, Facts, Link, Loading, Page, useAction, useLoad } from '../shared/ui.tsx'

const STATUSES = ['PENDING_KYC', 'IN_REVIEW', 'APPROVED', 'ONBOARDING', 'ACTIVE', 'REJECTED', 'SUSPENDED', 'EXPIRED']

function InvestorTable({ items }: { items: any[] }) {
  return (
    <table>
      <thead>
        <tr>
          <th>Investor</th>
          <th>Country</th>
          <th>Type</th>
          <th>Status</th>
          <th>Screening</th>
          <th>Created</th>
        </tr>
      </thead>
      <tbody>
        {items.map((i) => (
          <tr key={i.id}>
            <td>
              <Link to={`/investors/${i.id}`}>{i.name}</Link>
            </td>
            <td>{i.country}</td>
            <td>{i.type}</td>
            <td>
              <Badge value={i.status} />
            </td>
            <td>{i.kyc ? `${i.kyc.outcome}${i.kyc.sanctionsMatches.length ? `, ${i.kyc.sanctionsMatches.length} hit(s), best ${Math.max(...i.kyc.sanctionsMatches.map((m: any) => m.score)).toFixed(2)}` : ''}` : '—'}</td>
            <td>{when(i.createdAt)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

export function KycQueue() {
  const data = useLoad(() => get('/v1/investors?status=IN_REVIEW&limit=200'))
  return (
    <Page title="KYC review" actions={<button onClick={data.reload}>Refresh</button>}>
      <p class="muted">Investors held for a compliance officer: screening hits, reasons, evidence. Open one to approve or reject it with a reason.</p>
      <ErrorBox error={data.error} />
      {data.loading && !data.data && <Loading />}
      {data.data && (data.data.items.length === 0 ? <p>Nobody waits for review.</p> : <InvestorTable items={data.data.items} />)}
    </Page>
  )
}

export function InvestorsList() {
  const [status, setStatus] = useState('')
  const data = useLoad(() => get(`/v1/investors${qs({ status, limit: 200 })}`), [status])
  return (
    <Page title="Investors">
      <label>
        Status
        <select value={status} onChange={(e) => setStatus((e.target as HTMLSelectElement).value)}>
          <option value="">any</option>
          {STATUSES.map((s) => (
            <option key={s}>{s}</option>
          ))}
        </select>
      </label>
      <ErrorBox error={data.error} />
      {data.loading && !data.data && <Loading />}
      {data.data && <InvestorTable items={data.data.items} />}
    </Page>
  )
}

export function InvestorDetail({ id, canDecide, canAct }: { id: string; canDecide: boolean; canAct: boolean }) {
  const inv = useLoad(() => get(`/v1/investors/${encodeURIComponent(id)}`), [id])
  const holdings = useLoad(() => get(`/v1/investors/${encodeURIComponent(id)}/holdings`), [id])
  const workflows = useLoad(() => get(`/v1/investors/${encodeURIComponent(id)}/workflows`), [id])
  const [reason, setReason] = useState('')
  const decide = useAction(
    (decision: 'APPROVE' | 'REJECT') => post(`/v1/investors/${encodeURIComponent(id)}/kyc-decision`, { decision, reason }),
    () => (inv.reload(), workflows.reload()),
  )
  const i = inv.data
  return (
    <Page title={i ? i.name : 'Investor'} actions={<Link to="/investors">All investors</Link>}>
      <ErrorBox error={inv.error} />
      {!i && inv.loading && <Loading />}
      {i && (
        <>
          <p>
            Status <Badge value={i.status} /> {i.statusCode && <code>{i.statusCode}</code>} {i.statusReason && <span class="muted">{i.statusReason}</span>}{' '}
            <button type="button" class="secondary" onClick={() => (inv.reload(), holdings.reload(), workflows.reload())}>
              Refresh
            </button>
          </p>
          <div class="card">
            <Facts
              items={[
                ['Email', i.email],
                ['Country', i.country],
                ['Type', i.type],
                ['Accreditation', i.accreditation ? `${i.accreditation.method} until ${when(i.accreditation.expiresAt)}` : 'none'],
                ['Wallet', i.walletAddress ? <code>{i.walletAddress}</code> : '—'],
                ['Identity (ONCHAINID)', i.identityAddress ? <code>{i.identityAddress}</code> : '—'],
                ['Custody vault', i.vaultId ?? '—'],
                ['KYC expires', when(i.kycExpiresAt)],
              ]}
            />
          </div>
          {i.kyc && (
            <div class="card">
              <h2>Screening</h2>
              <p>
                Outcome <Badge value={i.kyc.outcome} /> by {i.kyc.provider ?? 'the embedded provider'} at {when(i.kyc.checkedAt)}
              </p>
              {i.kyc.reasons.length > 0 && (
                <ul>
                  {i.kyc.reasons.map((r: any) => (
                    <li key={r.code}>
                      <code>{r.code}</code> {r.message}
                    </li>
                  ))}
                </ul>
              )}
              {i.kyc.sanctionsMatches.length > 0 && (
                <table>
                  <caption>Sanctions list hits</caption>
                  <thead>
                    <tr>
                      <th>Listed name</th>
                      <th>Matched on</th>
                      <th class="num">Score</th>
                      <th>Programme</th>
                    </tr>
                  </thead>
                  <tbody>
                    {i.kyc.sanctionsMatches.map((m: any) => (
                      <tr key={m.listEntryId}>
                        <td>{m.name}</td>
                        <td>{m.matchedOn}</td>
                        <td class="num">{m.score.toFixed(2)}</td>
                        <td>{m.program ?? '—'}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
              {i.kyc.decision && (
                <p>
                  Decided <Badge value={i.kyc.decision} /> by <code>{i.kyc.decidedBy}</code> at {when(i.kyc.decidedAt)}: {i.kyc.decisionReason}
                </p>
              )}
            </div>
          )}
          {canDecide && (i.status === 'IN_REVIEW' || i.status === 'SUSPENDED') && (
            <form
              class="card"
              onSubmit={(e) => {
                e.preventDefault()
              }}
            >
              <h2>Decision</h2>
              <label>
                Reason (required, recorded in the audit log)
                <textarea value={reason} onInput={(e) => setReason((e.target as HTMLTextAreaElement).value)} maxLength={2000} required />
              </label>
              <div class="row">
                <button type="button" class="primary" disabled={decide.busy || !reason} onClick={() => decide.run('APPROVE')}>
                  Approve investor
                </button>
                <button type="button" class="danger" disabled={decide.busy || !reason} onClick={() => decide.run('REJECT')}>
                  Reject investor
                </button>
              </div>
              <ErrorBox error={decide.error} />
            </form>
          )}
          {i.onboarding && (
            <div class="card">
              <h2>Onboarding</h2>
              <p role="status" aria-live="polite">
                {i.onboarding.kind}: step <code>{i.onboarding.step}</code> <Badge value={i.onboarding.status} /> {i.onboarding.lastError && <span class="bad">{i.onboarding.lastError}</span>}
              </p>
            </div>
          )}
          <h2>Holdings</h2>
          <ErrorBox error={holdings.error} />
          {holdings.data && (
            <table>
              <thead>
                <tr>
                  <th>Token</th>
                  <th class="num">Balance</th>
                  <th>Frozen</th>
                  <th>As of block</th>
                </tr>
              </thead>
              <tbody>
                {holdings.data.items.map((h: any) => (
                  <tr key={h.tokenId}>
                    <td>
                      <Link to={`/tokens/${h.tokenId}`}>{h.symbol ?? h.tokenId}</Link>
                    </td>
                    <td class="num">
                      <Amount value={h.balance} decimals={h.decimals ?? null} symbol={h.symbol} />
                    </td>
                    <td>{h.frozen ? 'frozen' : h.frozenTokens !== '0' ? `${h.frozenTokens} frozen` : 'no'}</td>
                    <td>{h.block.number}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {holdings.data && <AgentPowers investor={i} holdings={holdings.data.items} canAct={canAct} />}
          <InvestorCash investorId={id} />
          <InvestorStatements investorId={id} />
          <h2>Workflows</h2>
          {workflows.data && (
            <ul>
              {workflows.data.items.map((w: any) => (
                <li key={w.id}>
                  {w.kind}: <code>{w.step}</code> <Badge value={w.status} /> {w.attempts > 1 && `(${w.attempts} attempts)`} {w.lastError && <span class="bad">{w.lastError}</span>}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </Page>
  )
}
