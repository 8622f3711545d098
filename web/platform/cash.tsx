import { get } from '../shared/api.ts'
import { shortAddress, when } from '../shared/format.ts'
import { Amount, Badge, ErrorBox, Facts, useLoad } from '../shared/ui.tsx'

/**
 * An investor's cash: where to deposit, balances, its deposits (credited ledger entries, with
 * the transaction they arrived in), the latest ledger entries, its withdrawal addresses with
 * their whitelist status, and its withdrawals (read-only).
 */
export function InvestorCash({ investorId }: { investorId: string }) {
  const base = `/v1/investors/${encodeURIComponent(investorId)}`
  const address = useLoad(() => get(`${base}/deposit-address`).catch(() => null), [base])
  const cash = useLoad(() => get(`${base}/cash?limit=200`), [base])
  const withdrawalAddresses = useLoad(() => get(`${base}/withdrawal-addresses`), [base])
  const withdrawals = useLoad(() => get(`${base}/withdrawals?limit=50`), [base])
  const assets: any[] = (address.data as any)?.assets ?? []
  const unit = (asset: string) => assets.find((a) => a.asset.toLowerCase() === asset.toLowerCase())
  const c = cash.data as any
  return (
    <div class="card">
      <h2>Cash</h2>
      {address.data && (
        <Facts
          items={[
            ['Deposit address', <code title={(address.data as any).address}>{(address.data as any).address}</code>],
            ['Accepted', assets.map((a) => a.symbol).join(', ') || '—'],
          ]}
        />
      )}
      <ErrorBox error={cash.error} />
      {c && (
        <>
          <table>
            <thead>
              <tr>
                <th>Asset</th>
                <th class="num">Available</th>
                <th class="num">Reserved</th>
                <th class="num">Total</th>
              </tr>
            </thead>
            <tbody>
              {c.balances.map((b: any) => (
                <tr key={b.asset}>
                  <td>{unit(b.asset)?.symbol ?? shortAddress(b.asset)}</td>
                  <td class="num"><Amount value={b.available} decimals={unit(b.asset)?.decimals} /></td>
                  <td class="num"><Amount value={b.reserved} decimals={unit(b.asset)?.decimals} /></td>
                  <td class="num"><Amount value={b.total} decimals={unit(b.asset)?.decimals} /></td>
                </tr>
              ))}
            </tbody>
          </table>
          <h3>Deposits</h3>
          <Deposits entries={c.entries} unit={unit} />
          <h3>Ledger</h3>
          {c.entries.length === 0 ? (
            <p>No cash movements yet.</p>
          ) : (
            <table>
              <thead>
                <tr>
                  <th>When</th>
                  <th>Movement</th>
                  <th>Phase</th>
                  <th class="num">Available</th>
                  <th class="num">Reserved</th>
                  <th>About</th>
                </tr>
              </thead>
              <tbody>
                {c.entries.slice(0, 20).map((e: any) => (
                  <tr key={e.id}>
                    <td>{when(e.createdAt)}</td>
                    <td>{e.kind}</td>
                    <td><Badge value={e.phase} /></td>
                    <td class="num"><Amount value={e.availableDelta} decimals={unit(e.asset)?.decimals} /></td>
                    <td class="num"><Amount value={e.reservedDelta} decimals={unit(e.asset)?.decimals} /></td>
                    <td>{e.subject.type} <code title={e.subject.id}>{shortAddress(e.subject.id)}</code></td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
      <h3>Withdrawal addresses</h3>
      <ErrorBox error={withdrawalAddresses.error} />
      {withdrawalAddresses.data && ((withdrawalAddresses.data as any).items.length === 0 ? (
        <p>None registered.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th>Label</th>
              <th>Address</th>
              <th>Beneficiary</th>
              <th>Institution</th>
              <th>Whitelist</th>
            </tr>
          </thead>
          <tbody>
            {(withdrawalAddresses.data as any).items.map((a: any) => (
              <tr key={a.id}>
                <td>{a.label}</td>
                <td><code title={a.address}>{shortAddress(a.address)}</code></td>
                <td>{a.beneficiaryName}</td>
                <td>{[a.institutionName, a.institutionCountry].filter(Boolean).join(', ') || 'self-hosted'}</td>
                <td><Badge value={a.status} /> {a.statusReason && <span class="bad">{a.statusReason}</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ))}
      <h3>Withdrawals</h3>
      <ErrorBox error={withdrawals.error} />
      {withdrawals.data && <Withdrawals items={(withdrawals.data as any).items} unit={unit} />}
    </div>
  )
}

type Unit = (asset: string) => { symbol: string; decimals: number } | undefined

/** Deposits credited as cash (and any retracted after a reorg), newest first, with the transaction they came in. */
function Deposits({ entries, unit }: { entries: any[]; unit: Unit }) {
  const deposits = entries.filter((e) => e.kind === 'DEPOSIT' || e.kind === 'RETRACTION')
  if (deposits.length === 0) return <p>No deposit credited yet.</p>
  return (
    <table aria-label="Deposits">
      <thead>
        <tr>
          <th>Credited</th>
          <th>Movement</th>
          <th class="num">Amount</th>
          <th>From</th>
          <th>Transaction</th>
          <th>Custody deposit</th>
        </tr>
      </thead>
      <tbody>
        {deposits.map((e) => (
          <tr key={e.id}>
            <td>{when(e.createdAt)}</td>
            <td>{e.kind === 'DEPOSIT' ? (e.details?.internal ? 'internal deposit' : 'deposit') : 'retracted (reorg)'}</td>
            <td class="num"><Amount value={e.availableDelta} decimals={unit(e.asset)?.decimals} symbol={unit(e.asset)?.symbol} /></td>
            <td>{e.details?.from ? <code title={e.details.from}>{shortAddress(e.details.from)}</code> : '—'}</td>
            <td>{e.details?.txHash ? <code title={e.details.txHash}>{shortAddress(e.details.txHash)}</code> : '—'}</td>
            <td>{e.details?.custodyDepositId ? <code>{e.details.custodyDepositId}</code> : '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

/** The investor's withdrawals: amount, destination, where custody is with it, the transaction. */
function Withdrawals({ items, unit }: { items: any[]; unit: Unit }) {
  if (items.length === 0) return <p>No withdrawals.</p>
  return (
    <table aria-label="Withdrawals">
      <thead>
        <tr>
          <th>Requested</th>
          <th class="num">Amount</th>
          <th>To</th>
          <th>Status</th>
          <th>Transaction</th>
        </tr>
      </thead>
      <tbody>
        {items.map((w) => (
          <tr key={w.id}>
            <td>{when(w.createdAt)}</td>
            <td class="num"><Amount value={w.amount} decimals={unit(w.asset)?.decimals} symbol={unit(w.asset)?.symbol} /></td>
            <td><code title={w.to}>{shortAddress(w.to)}</code></td>
            <td>
              <Badge value={w.status} /> {w.statusCode && <code>{w.statusCode}</code>} {w.statusReason && <span class="bad">{w.statusReason}</span>}
            </td>
            <td>{w.txHash ? <code title={w.txHash}>{shortAddress(w.txHash)}</code> : w.custody.custodyTxId ? <span class="muted">custody {w.custody.custodyTxId}</span> : '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}
