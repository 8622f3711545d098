import { useState } from 'preact/hooks'
import { api, get, post } from '../shared/api.ts'
import { parseUnits } from '../shared/format.ts'
import { Amount, Badge, ErrorBox, Link, Loading, Page, useAction, useLoad } from '../shared/ui.tsx'

/**
 * Treasury tiers: per hot vault and asset a floor, a target and a ceiling. A check reads the
 * hot vault's balance from the chain and proposes a top-up from a warm or cold vault below
 * the floor, or a sweep to one above the ceiling, as an ordinary transaction the policy decides.
 */
export function TreasuryPage({ canAdmin }: { canAdmin: boolean }) {
  const status = useLoad(() => get('/v1/treasury/status'))
  const vaults = useLoad(() => get('/v1/vaults?limit=200'))
  const assets = useLoad(() => get('/v1/assets'))
  const [checked, setChecked] = useState<any[] | null>(null)
  const check = useAction(async () => setChecked((await post('/v1/treasury/check', {})).items), status.reload)
  const remove = useAction((r: any) => api('DELETE', `/v1/treasury/rules/${encodeURIComponent(r.hotVaultId)}/${encodeURIComponent(r.assetId)}`), status.reload)
  const vaultName = (id: string) => (vaults.data as any)?.items.find((v: any) => v.id === id)?.name ?? id
  const asset = (id: string) => (assets.data as any)?.items.find((a: any) => a.id === id)
  const rows: any[] = (status.data as any)?.items ?? []
  const proposedFor = (ruleId: string) => checked?.find((c) => c.rule.id === ruleId)?.proposed
  return (
    <Page
      title="Treasury"
      actions={
        <>
          <button onClick={status.reload}>Refresh</button>{' '}
          {canAdmin && (
            <button class="primary" disabled={check.busy} onClick={() => check.run()}>
              Run the check now
            </button>
          )}
        </>
      }
    >
      <p class="muted">
        Each hot vault keeps its balance of an asset between a floor and a ceiling. Below the floor a check proposes a top-up to the target from a warm or cold vault; above the ceiling a sweep back to the target. Proposals are ordinary transactions: the policy and its approvers decide them.
      </p>
      <ErrorBox error={status.error ?? check.error ?? remove.error} />
      {status.loading && !status.data && <Loading label="Reading balances from the chain" />}
      {check.busy && <Loading label="Checking every rule" />}
      {status.data &&
        (rows.length === 0 ? (
          <p>No rebalancing rule yet.</p>
        ) : (
          <table aria-label="Treasury rules and status">
            <thead>
              <tr>
                <th>Hot vault</th>
                <th>Asset</th>
                <th class="num">Balance</th>
                <th>State</th>
                <th class="num">Floor</th>
                <th class="num">Target</th>
                <th class="num">Ceiling</th>
                <th>Top-up from / sweep to</th>
                <th>Proposal</th>
                {canAdmin && <th>Rule</th>}
              </tr>
            </thead>
            <tbody>
              {rows.map((s) => {
                const a = asset(s.rule.assetId)
                const proposed = proposedFor(s.rule.id)
                const units = (v: string | null) => <Amount value={v} decimals={a?.decimals} symbol={a?.symbol ?? s.rule.assetId} />
                return (
                  <tr key={s.rule.id}>
                    <td>
                      <Link to={`/vaults/${s.rule.hotVaultId}`}>{vaultName(s.rule.hotVaultId)}</Link>
                    </td>
                    <td>{s.rule.assetId}</td>
                    <td class="num">{units(s.balance)}</td>
                    <td>
                      <Badge value={s.state ?? 'UNKNOWN'} /> {s.error && <span class="bad">{s.error}</span>}
                    </td>
                    <td class="num">{units(s.rule.floor)}</td>
                    <td class="num">{units(s.rule.target)}</td>
                    <td class="num">{units(s.rule.ceiling)}</td>
                    <td>
                      {vaultName(s.rule.sourceVaultId)} / {vaultName(s.rule.sweepVaultId)}
                    </td>
                    <td>
                      {proposed && (
                        <span class="ok">
                          proposed now: {proposed.direction} of {units(proposed.amount)}{' '}
                        </span>
                      )}
                      {s.openProposal ? (
                        <>
                          {s.openProposal.direction} <Link to={`/transactions/${s.openProposal.transactionId}`}>{s.openProposal.transactionId}</Link> <Badge value={s.openProposal.status} />
                        </>
                      ) : (
                        !proposed && <span class="muted">none open</span>
                      )}
                    </td>
                    {canAdmin && (
                      <td>
                        <button type="button" class="secondary" disabled={remove.busy} onClick={() => remove.run(s.rule)} aria-label={`Remove the rule of ${vaultName(s.rule.hotVaultId)} for ${s.rule.assetId}`}>
                          Remove
                        </button>
                      </td>
                    )}
                  </tr>
                )
              })}
            </tbody>
          </table>
        ))}
      {canAdmin && vaults.data && assets.data && <RuleForm vaults={(vaults.data as any).items} assets={(assets.data as any).items} onSaved={status.reload} />}
    </Page>
  )
}

/** Sets (creates or replaces) the rule of a hot vault for an asset; amounts typed in units. */
function RuleForm({ vaults, assets, onSaved }: { vaults: any[]; assets: any[]; onSaved: () => void }) {
  const hot = vaults.filter((v) => v.tier === 'hot')
  const reserve = vaults.filter((v) => v.tier !== 'hot')
  const [f, setF] = useState({ hotVaultId: '', assetId: '', floor: '', target: '', ceiling: '', sourceVaultId: '', sweepVaultId: '' })
  const [saved, setSaved] = useState<string | null>(null)
  const set = (k: keyof typeof f) => (e: Event) => setF({ ...f, [k]: (e.target as HTMLInputElement).value })
  const chosen = {
    hotVaultId: f.hotVaultId || hot[0]?.id || '',
    assetId: f.assetId || assets[0]?.id || '',
    sourceVaultId: f.sourceVaultId || reserve[0]?.id || '',
    sweepVaultId: f.sweepVaultId || reserve[0]?.id || '',
  }
  const asset = assets.find((a) => a.id === chosen.assetId)
  const save = useAction(async () => {
    const d = asset?.decimals ?? 0
    const rule = await api('PUT', `/v1/treasury/rules/${encodeURIComponent(chosen.hotVaultId)}/${encodeURIComponent(chosen.assetId)}`, {
      floor: parseUnits(f.floor, d),
      target: parseUnits(f.target, d),
      ceiling: parseUnits(f.ceiling, d),
      sourceVaultId: chosen.sourceVaultId,
      sweepVaultId: chosen.sweepVaultId,
    })
    setSaved(`Rule ${rule.id} saved`)
  }, onSaved)
  const vaultSelect = (label: string, k: 'hotVaultId' | 'sourceVaultId' | 'sweepVaultId', options: any[]) => (
    <label>
      {label}
      <select value={chosen[k]} onChange={set(k)}>
        {options.map((v) => (
          <option key={v.id} value={v.id}>
            {v.name} ({v.tier})
          </option>
        ))}
      </select>
    </label>
  )
  return (
    <form
      class="card"
      onSubmit={(e) => {
        e.preventDefault()
        setSaved(null)
        save.run()
      }}
    >
      <h2>Set a rule</h2>
      {hot.length === 0 && <p>No hot vault: a rule keeps a hot vault's balance within bounds.</p>}
      <div class="row">
        {vaultSelect('Hot vault', 'hotVaultId', hot)}
        <label>
          Asset
          <select value={chosen.assetId} onChange={set('assetId')}>
            {assets.map((a) => (
              <option key={a.id} value={a.id}>
                {a.symbol} ({a.id})
              </option>
            ))}
          </select>
        </label>
      </div>
      <div class="row">
        <label>
          Floor ({asset?.symbol ?? 'units'})
          <input value={f.floor} onInput={set('floor')} inputMode="decimal" required />
        </label>
        <label>
          Target ({asset?.symbol ?? 'units'})
          <input value={f.target} onInput={set('target')} inputMode="decimal" required />
        </label>
        <label>
          Ceiling ({asset?.symbol ?? 'units'})
          <input value={f.ceiling} onInput={set('ceiling')} inputMode="decimal" required />
        </label>
      </div>
      <div class="row">
        {vaultSelect('Top up from', 'sourceVaultId', reserve)}
        {vaultSelect('Sweep to', 'sweepVaultId', reserve)}
      </div>
      <button type="submit" class="primary" disabled={save.busy || hot.length === 0}>
        Save rule
      </button>
      <ErrorBox error={save.error} />
      {saved && (
        <p role="status" class="ok">
          {saved}
        </p>
      )}
    </form>
  )
}
