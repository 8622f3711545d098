import { useState } from 'preact/hooks'
import { get, post } from '../shared/api.ts'
import { formatUnits, parseUnits, shortAddress, when } from '../shared/format.ts'
import { Amount, Badge, ErrorBox, newIdempotencyKey, useAction, useLoad, useRefreshWhile } from '../shared/ui.tsx'

/** The agent's powers: the route of each, whether it takes an amount, and the button that sends it. */
const POWERS = [
  { kind: 'FREEZE', path: 'freezes', label: 'Freeze the wallet', amount: false },
  { kind: 'UNFREEZE', path: 'unfreezes', label: 'Unfreeze the wallet', amount: false },
  { kind: 'PARTIAL_FREEZE', path: 'partial-freezes', label: 'Freeze part of the balance', amount: true },
  { kind: 'PARTIAL_UNFREEZE', path: 'partial-unfreezes', label: 'Unfreeze part of the balance', amount: true },
  { kind: 'FORCED_TRANSFER', path: 'forced-transfers', label: 'Force a transfer', amount: true },
  { kind: 'BURN', path: 'burns', label: 'Burn tokens', amount: true },
] as const

const FINAL = ['COMPLETED', 'FAILED']

/** Where an action stands, in words: custody's approval is the usual wait. */
function progressOf(a: any): string {
  if (a.status === 'PENDING') return 'recorded, not yet sent to custody'
  if (a.status === 'SUBMITTED') return a.custodyStatus === 'PENDING_AUTHORIZATION' ? 'waiting for a custody approver' : `at custody: ${a.custodyStatus ?? 'submitted'}`
  if (a.status === 'FAILED') return `${a.statusCode ?? 'failed'}: ${a.statusReason ?? ''}`
  return 'done on-chain'
}

/** The holder's state on the token, before → after. */
function stateOf(s: any, decimals: number | null): string {
  if (!s) return '—'
  const parts = [`balance ${formatUnits(s.balance, decimals)}`]
  if (s.frozenTokens !== '0') parts.push(`${formatUnits(s.frozenTokens, decimals)} frozen`)
  if (s.addressFrozen) parts.push('wallet frozen')
  return parts.join(', ')
}

/**
 * The agent's powers over one investor (scope issuer or compliance to act): freeze and
 * unfreeze its wallet or part of its balance, force a transfer, burn, each with a reason;
 * the last action's progress through custody; the history of agent actions on it; and
 * the recovery of a lost wallet.
 */
export function AgentPowers({ investor, holdings, canAct }: { investor: any; holdings: any[]; canAct: boolean }) {
  const tokenIds = holdings.map((h) => h.tokenId).join(',')
  const history = useLoad(async () => {
    const lists = await Promise.all(holdings.map((h) => get(`/v1/tokens/${encodeURIComponent(h.tokenId)}/agent-actions`)))
    return lists
      .flatMap((l: any) => l.items)
      .filter((a: any) => a.investorId === investor.id || a.toInvestorId === investor.id)
      .sort((a: any, b: any) => (a.createdAt < b.createdAt ? 1 : -1))
  }, [investor.id, tokenIds])
  const recoveries = useLoad(() => get(`/v1/investors/${encodeURIComponent(investor.id)}/wallet-recoveries`), [investor.id])
  const open = (history.data ?? []).some((a: any) => !FINAL.includes(a.status)) || ((recoveries.data as any)?.items ?? []).some((r: any) => r.status === 'PENDING')
  useRefreshWhile(open, () => (history.reload(), recoveries.reload()))
  const decimalsOf = (tokenId: string) => holdings.find((h) => h.tokenId === tokenId)?.decimals ?? null
  const symbolOf = (tokenId: string) => holdings.find((h) => h.tokenId === tokenId)?.symbol ?? tokenId
  return (
    <div class="card">
      <h2>Agent powers</h2>
      <p class="muted">What a token agent may do to this investor's holding. Each action needs a reason (kept in the audit log), is checked against the chain first, and goes through custody from the token's agent vault, where a custody approver signs it off.</p>
      {canAct && investor.walletAddress && holdings.length > 0 && <AgentActionForm investor={investor} holdings={holdings} onSent={history.reload} />}
      {canAct && holdings.length === 0 && <p>The investor holds no token to act on.</p>}
      <h3>History of agent actions</h3>
      <ErrorBox error={history.error} />
      {history.data &&
        (history.data.length === 0 ? (
          <p>No agent action on this investor.</p>
        ) : (
          <table aria-label="Agent actions on this investor">
            <thead>
              <tr>
                <th>When</th>
                <th>Token</th>
                <th>Action</th>
                <th class="num">Amount</th>
                <th>Reason</th>
                <th>Status</th>
                <th>Holder before → after</th>
                <th>Transaction</th>
              </tr>
            </thead>
            <tbody>
              {history.data.map((a: any) => (
                <tr key={a.id}>
                  <td>{when(a.createdAt)}</td>
                  <td>{symbolOf(a.tokenId)}</td>
                  <td>
                    {a.kind}
                    {a.kind === 'FORCED_TRANSFER' && (
                      <span class="muted">
                        {' '}
                        {a.investorId === investor.id ? 'to' : 'from'} <code title={a.investorId === investor.id ? a.toAddress : a.address}>{shortAddress(a.investorId === investor.id ? a.toAddress : a.address)}</code>
                      </span>
                    )}
                    {a.recoveryId && <span class="muted"> (wallet recovery)</span>}
                  </td>
                  <td class="num">{a.amount ? <Amount value={a.amount} decimals={decimalsOf(a.tokenId)} /> : '—'}</td>
                  <td>{a.reason}</td>
                  <td>
                    <Badge value={a.status} /> <span class="muted">{progressOf(a)}</span>
                  </td>
                  <td>
                    {stateOf(a.before?.holder, decimalsOf(a.tokenId))} → {a.after ? stateOf(a.after.holder, decimalsOf(a.tokenId)) : '…'}
                  </td>
                  <td>{a.txHash ? <code title={a.txHash}>{shortAddress(a.txHash)}</code> : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ))}
      <WalletRecovery investor={investor} recoveries={(recoveries.data as any)?.items ?? null} error={recoveries.error} canAct={canAct} onStarted={recoveries.reload} />
    </div>
  )
}

function AgentActionForm({ investor, holdings, onSent }: { investor: any; holdings: any[]; onSent: () => void }) {
  const [tokenId, setTokenId] = useState(holdings[0]!.tokenId as string)
  const [kind, setKind] = useState<(typeof POWERS)[number]['kind']>('FREEZE')
  const [amount, setAmount] = useState('')
  const [to, setTo] = useState('')
  const [reason, setReason] = useState('')
  const [key, setKey] = useState(newIdempotencyKey)
  const [sent, setSent] = useState<any>(null)
  const power = POWERS.find((p) => p.kind === kind)!
  const holding = holdings.find((h) => h.tokenId === tokenId) ?? holdings[0]!
  const send = useAction(async () => {
    const decimals = holding.decimals ?? 0
    const base = { reason, idempotencyKey: key }
    const body =
      kind === 'FORCED_TRANSFER'
        ? { from: investor.id, to: to.trim(), amount: parseUnits(amount, decimals), ...base }
        : { investorId: investor.id, ...(power.amount ? { amount: parseUnits(amount, decimals) } : {}), ...base }
    setSent(await post(`/v1/tokens/${encodeURIComponent(tokenId)}/${power.path}`, body))
    setKey(newIdempotencyKey())
    setReason('')
  }, onSent)
  // The action just sent, followed until custody ends it.
  const followed = useLoad(() => (sent ? get(`/v1/tokens/${encodeURIComponent(sent.tokenId)}/agent-actions/${encodeURIComponent(sent.id)}`) : Promise.resolve(null)), [sent?.id])
  const latest = (followed.data as any) ?? sent
  useRefreshWhile(!!latest && !FINAL.includes(latest.status), followed.reload)
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault()
        send.run()
      }}
    >
      <div class="row">
        <label>
          Token
          <select value={tokenId} onChange={(e) => setTokenId((e.target as HTMLSelectElement).value)}>
            {holdings.map((h) => (
              <option key={h.tokenId} value={h.tokenId}>
                {h.symbol ?? h.tokenId}
              </option>
            ))}
          </select>
        </label>
        <label>
          Action
          <select value={kind} onChange={(e) => setKind((e.target as HTMLSelectElement).value as typeof kind)}>
            {POWERS.map((p) => (
              <option key={p.kind} value={p.kind}>
                {p.label}
              </option>
            ))}
          </select>
        </label>
        {power.amount && (
          <label>
            Amount ({holding.symbol ?? 'token'} units)
            <input value={amount} onInput={(e) => setAmount((e.target as HTMLInputElement).value)} inputMode="decimal" required />
          </label>
        )}
        {kind === 'FORCED_TRANSFER' && (
          <label>
            To (investor id or wallet address)
            <input value={to} onInput={(e) => setTo((e.target as HTMLInputElement).value)} required />
          </label>
        )}
      </div>
      <label>
        Reason for the agent action (required, recorded in the audit log)
        <textarea value={reason} onInput={(e) => setReason((e.target as HTMLTextAreaElement).value)} maxLength={1000} required />
      </label>
      <button type="submit" class="danger" disabled={send.busy || !reason.trim()}>
        {power.label}
      </button>
      <ErrorBox error={send.error} />
      {latest && (
        <p role="status" aria-live="polite" data-testid="agent-action-result">
          {latest.kind} on {holding.symbol ?? latest.tokenId}: <Badge value={latest.status} /> {progressOf(latest)}
          {latest.txHash && (
            <>
              {' '}
              in <code title={latest.txHash}>{shortAddress(latest.txHash)}</code>
            </>
          )}
        </p>
      )}
    </form>
  )
}

function WalletRecovery({ investor, recoveries, error, canAct, onStarted }: { investor: any; recoveries: any[] | null; error: unknown; canAct: boolean; onStarted: () => void }) {
  const [reason, setReason] = useState('')
  const [key, setKey] = useState(newIdempotencyKey)
  const start = useAction(async () => {
    await post(`/v1/investors/${encodeURIComponent(investor.id)}/wallet-recoveries`, { reason, idempotencyKey: key })
    setKey(newIdempotencyKey())
    setReason('')
  }, onStarted)
  return (
    <>
      <h3>Wallet recovery</h3>
      <ErrorBox error={error} />
      {recoveries && recoveries.length > 0 && (
        <ul>
          {recoveries.map((r) => (
            <li key={r.id} role="status" aria-live="polite">
              {when(r.createdAt)} <Badge value={r.status} /> {r.reason}: <code title={r.oldWallet}>{shortAddress(r.oldWallet)}</code> → <code title={r.newWallet ?? ''}>{shortAddress(r.newWallet)}</code>
              {r.workflow && r.status === 'PENDING' && (
                <>
                  {' '}
                  step <code>{r.workflow.step}</code>
                  {r.workflow.waitingFor && <span class="muted"> waiting for {r.workflow.waitingFor}</span>}
                </>
              )}
              {r.statusReason && <span class="bad"> {r.statusReason}</span>}
            </li>
          ))}
        </ul>
      )}
      {recoveries && recoveries.length === 0 && <p>No wallet recovery.</p>}
      {canAct && investor.status === 'ACTIVE' && (
        <form
          onSubmit={(e) => {
            e.preventDefault()
            start.run()
          }}
        >
          <p class="muted">For an investor who lost access to its wallet: custody makes a new vault, the new wallet joins the investor's ONCHAINID, every balance is force-transferred to it (frozen part and lock-up lots follow), and the lost wallet is frozen and unregistered.</p>
          <label>
            Reason for the recovery (required, recorded in the audit log)
            <textarea value={reason} onInput={(e) => setReason((e.target as HTMLTextAreaElement).value)} maxLength={1000} required />
          </label>
          <button type="submit" class="danger" disabled={start.busy || !reason.trim()}>
            Recover the wallet
          </button>
          <ErrorBox error={start.error} />
        </form>
      )}
    </>
  )
}
