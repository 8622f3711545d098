import { useState } from 'preact/hooks'
import { ApiError, get, post } from '../shared/api.ts'
import { shortAddress, when } from '../shared/format.ts'
import { signWithPasskey } from '../shared/passkeys.ts'
import { Amount, Badge, ErrorBox, Facts, Link, Loading, Page, useAction, useLoad } from '../shared/ui.tsx'

/** What an approver must see of a transaction, from custody's approval view. */
function ViewFacts({ view }: { view: any }) {
  const a = view.action
  return (
    <>
      <div class="card">
        <h2>What it does</h2>
        <Facts
          items={[
            ['Operation', a.operation],
            ['Amount', <Amount value={a.amount} decimals={a.decimals} symbol={a.symbol} />],
            ['Asset', a.asset === 'NATIVE' ? 'native currency' : <code>{a.asset}</code>],
            ['Method', a.methodSelector ?? '—'],
            ['Decoded by', 'custody, from the calldata'],
            ['Initiator', <code>{view.transaction.initiator}</code>],
            ['External id', <code>{view.transaction.externalTxId}</code>],
            ['Note', view.transaction.note ?? '—'],
          ]}
        />
      </div>
      <div class="card">
        <h2>From and to</h2>
        <Facts
          items={[
            ['Source vault', `${view.source.vaultName} (${view.source.tier})`],
            ['Source wallet', <code>{view.source.wallet}</code>],
            ['Destination', <code>{view.destination.wallet}</code>],
            ['Whitelisted', view.destination.whitelisted ? <span class="ok">yes — {view.destination.whitelistLabel}</span> : <span class="bad">no</span>],
            ['Internal', view.destination.internal ? <span class="ok">yes — vault {view.destination.internalVault}</span> : 'no (external)'],
            ['Chain', String(view.chainId)],
          ]}
        />
      </div>
      <div class="card">
        <h2>Why it needs approval</h2>
        <Facts
          items={[
            ['Policy rule', <code>{view.policy.ruleId}</code>],
            ['Policy version', String(view.policy.version ?? 'built-in')],
            ['Reason', view.policy.reason],
            ['Needs', `${view.policy.quorum} of group "${view.policy.group}"`],
            ['Window ends', when(view.policy.expiresAt)],
            [
              'Token compliance pre-check',
              !view.compliance.checked ? (
                'not a token movement'
              ) : view.compliance.ok ? (
                <span class="ok">passes now</span>
              ) : (
                <span class="bad">
                  fails: {view.compliance.subStatus} — {view.compliance.reason}
                </span>
              ),
            ],
          ]}
        />
      </div>
      <div class="card">
        <h2>Who else voted</h2>
        {view.approvals.length === 0 ? (
          <p class="muted">Nobody yet.</p>
        ) : (
          <ul>
            {view.approvals.map((v: any) => (
              <li key={v.by}>
                <code>{v.by}</code> — <Badge value={v.decision} /> at {when(v.at)}
              </li>
            ))}
          </ul>
        )}
      </div>
    </>
  )
}

export function ApprovalsQueue() {
  const data = useLoad(() => get('/v1/approvals/pending'))
  return (
    <Page title="Approvals waiting" actions={<button onClick={data.reload}>Refresh</button>}>
      <ErrorBox error={data.error} />
      {data.loading && !data.data && <Loading label="Reading the queue and running the compliance pre-checks" />}
      {data.data && data.data.items.length === 0 && <p>Nothing waits for approval.</p>}
      {data.data && data.data.items.length > 0 && (
        <table>
          <caption class="muted">Oldest first. Open one to see everything before you sign.</caption>
          <thead>
            <tr>
              <th>Transaction</th>
              <th>From vault</th>
              <th>To</th>
              <th class="num">Amount</th>
              <th>Rule</th>
              <th>Votes</th>
            </tr>
          </thead>
          <tbody>
            {data.data.items.map((i: any) => (
              <tr key={i.id}>
                <td>
                  <Link to={`/approvals/${i.id}`}>{i.view.transaction.externalTxId}</Link>
                </td>
                <td>
                  {i.view.source.vaultName} <Badge value={i.view.source.tier} />
                </td>
                <td>
                  <code>{shortAddress(i.view.destination.wallet)}</code> {i.view.destination.whitelisted ? '(whitelisted)' : i.view.destination.internal ? '(internal)' : '(external)'}
                </td>
                <td class="num">
                  <Amount value={i.view.action.amount} decimals={i.view.action.decimals} symbol={i.view.action.symbol} />
                </td>
                <td>
                  <code>{i.view.policy.ruleId}</code>
                </td>
                <td>
                  {i.view.approvals.filter((v: any) => v.decision === 'APPROVE').length} of {i.view.policy.quorum}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Page>
  )
}

export function ApprovalDetail({ id }: { id: string }) {
  const data = useLoad(() => get(`/v1/transactions/${encodeURIComponent(id)}/approval-request`), [id])
  const [comment, setComment] = useState('')
  const [result, setResult] = useState<any>(null)
  const vote = useAction(async (decision: 'APPROVE' | 'REJECT') => {
    // Sign what is true now: if the view changed since it was shown, show the new one instead.
    const fresh = await get(`/v1/transactions/${encodeURIComponent(id)}/approval-request`)
    if (fresh.viewDigest !== data.data.viewDigest) {
      data.reload()
      throw new ApiError(409, 'APPROVAL_VIEW_CHANGED', 'the transaction changed since you opened it: review it again before you sign', null)
    }
    const assertion = await signWithPasskey(fresh.statements[decision].challenge)
    setResult(await post(`/v1/transactions/${encodeURIComponent(id)}/${decision === 'APPROVE' ? 'approve' : 'reject'}`, { comment: comment || undefined, assertion }))
  })
  return (
    <Page title="Review and sign" actions={<Link to="/approvals">Back to the queue</Link>}>
      <ErrorBox error={data.error} />
      {data.loading && !data.data && <Loading label="Reading the transaction and running the compliance pre-check" />}
      {data.data && (
        <>
          <p>
            Transaction <code>{id}</code> is <Badge value={data.data.status} />; its approval is <Badge value={data.data.authorization} />.
          </p>
          <ViewFacts view={data.data.view} />
          <div class="card">
            <h2>Your decision</h2>
            <p class="muted">
              Your passkey signs this view (digest <code>{data.data.viewDigest.slice(0, 16)}…</code>) with your decision. The signature is kept with your vote and in the audit log.
            </p>
            <label>
              Comment (optional)
              <textarea value={comment} onInput={(e) => setComment((e.target as HTMLTextAreaElement).value)} maxLength={1000} />
            </label>
            <div class="row">
              <button type="button" class="primary" disabled={vote.busy || !!result} onClick={() => vote.run('APPROVE')}>
                Approve with passkey
              </button>
              <button type="button" class="danger" disabled={vote.busy || !!result} onClick={() => vote.run('REJECT')}>
                Reject with passkey
              </button>
            </div>
            {vote.busy && (
              <p role="status" aria-live="polite">
                Waiting for your passkey…
              </p>
            )}
            <ErrorBox error={vote.error} />
            {result && (
              <p role="status" class="ok" data-testid="vote-result">
                Recorded: the approval is {result.status} ({result.approvals} of {result.quorum}). <Link to={`/transactions/${id}`}>Follow the transaction</Link>
              </p>
            )}
          </div>
        </>
      )}
    </Page>
  )
}
