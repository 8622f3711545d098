import { useState } from 'preact/hooks'
import { get, post } from '../shared/api.ts'
import { lineDiff } from '../shared/diff.ts'
import { when } from '../shared/format.ts'
import { Badge, ErrorBox, Facts, Loading, Page, Progress, useAction, useLoad } from '../shared/ui.tsx'

export function PolicyPage({ canAdmin }: { canAdmin: boolean }) {
  const active = useLoad(() => get('/v1/policy'))
  const versions = useLoad(() => get('/v1/policy/versions?limit=20'))
  const [selected, setSelected] = useState<number | null>(null)
  const draft = versions.data?.items.find((v: any) => v.version === selected) ?? versions.data?.items.find((v: any) => v.status === 'DRAFT')
  const [dryRun, setDryRun] = useState<any>(null)
  const run = useAction(async () => setDryRun(await post(`/v1/policy/versions/${draft.version}/dry-run`, { limit: 500 })))
  return (
    <Page title="Policy">
      <ErrorBox error={active.error ?? versions.error} />
      {active.loading && !active.data && <Loading />}
      {active.data && (
        <div class="card">
          <h2>In force</h2>
          <Facts
            items={[
              ['Version', active.data.version === null ? 'built-in default' : String(active.data.version)],
              ['Label', active.data.label ?? '—'],
              ['Activated', when(active.data.activatedAt)],
              ['Approved by', active.data.approvedBy.map((v: any) => v.keyId).join(', ') || '—'],
            ]}
          />
          <details>
            <summary>Document</summary>
            <pre>{active.data.text}</pre>
          </details>
        </div>
      )}
      {versions.data && (
        <div class="card">
          <h2>Versions</h2>
          <label>
            Compare with the one in force
            <select value={draft?.version ?? ''} onChange={(e) => (setSelected(Number((e.target as HTMLSelectElement).value)), setDryRun(null))}>
              {versions.data.items.map((v: any) => (
                <option key={v.version} value={v.version}>
                  v{v.version} {v.label ?? ''} ({v.status})
                </option>
              ))}
            </select>
          </label>
          {draft && active.data && (
            <>
              <p>
                Version {draft.version} <Badge value={draft.status} /> by <code>{draft.createdBy}</code> at {when(draft.createdAt)}
              </p>
              <div class="diff mono" aria-label={`Changes from the policy in force to version ${draft.version}`}>
                {lineDiff(active.data.text, draft.text).map((l, i) =>
                  l.kind === 'same' ? <span key={i}>  {l.text}</span> : l.kind === 'del' ? <del key={i}>- {l.text}</del> : <ins key={i}>+ {l.text}</ins>,
                )}
              </div>
              {canAdmin && (
                <p>
                  <button type="button" onClick={() => run.run()} disabled={run.busy}>
                    Dry-run version {draft.version} against recent transactions
                  </button>
                </p>
              )}
              {run.busy && <Progress label="Replaying recent transactions through the draft" />}
              <ErrorBox error={run.error} />
              {dryRun && (
                <div>
                  <p>
                    {dryRun.total} transactions replayed: {dryRun.changed} decided differently ({dryRun.actionChanged} with another action), {dryRun.unchanged} the same.
                  </p>
                  {dryRun.differences.length > 0 && (
                    <table>
                      <thead>
                        <tr>
                          <th>Transaction</th>
                          <th>Operation</th>
                          <th>Now</th>
                          <th>With the draft</th>
                        </tr>
                      </thead>
                      <tbody>
                        {dryRun.differences.map((d: any) => (
                          <tr key={d.transactionId}>
                            <td>{d.externalTxId ?? d.transactionId}</td>
                            <td>{d.operation}</td>
                            <td>
                              {d.before.action} <code>{d.before.ruleId}</code>
                            </td>
                            <td>
                              {d.after.action} <code>{d.after.ruleId}</code>
                            </td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  )}
                </div>
              )}
            </>
          )}
        </div>
      )}
    </Page>
  )
}
