import { useState } from 'preact/hooks'
import { get, qs } from '../shared/api.ts'
import { checkpointRoot, rootFromInclusionProof, verifyCheckpointSignature } from '../shared/merkle.ts'
import { when } from '../shared/format.ts'
import { ErrorBox, Facts, Link, Loading, Page, useAction, useLoad } from '../shared/ui.tsx'

export function AuditLog() {
  const [action, setAction] = useState('')
  const [targetType, setTargetType] = useState('')
  const data = useLoad(() => get(`/v1/audit/entries${qs({ order: 'desc', limit: 100, action, targetType })}`), [action, targetType])
  return (
    <Page title="Audit log">
      <div class="row">
        <label>
          Action
          <input value={action} onChange={(e) => setAction((e.target as HTMLInputElement).value)} placeholder="e.g. investor.kyc_decided" />
        </label>
        <label>
          Target type
          <input value={targetType} onChange={(e) => setTargetType((e.target as HTMLInputElement).value)} placeholder="e.g. investor" />
        </label>
      </div>
      <ErrorBox error={data.error} />
      {data.loading && !data.data && <Loading />}
      {data.data && (
        <table>
          <caption class="muted">Newest first. Personal data is shown as hashes.</caption>
          <thead>
            <tr>
              <th class="num">#</th>
              <th>When</th>
              <th>Who</th>
              <th>What</th>
              <th>On</th>
            </tr>
          </thead>
          <tbody>
            {data.data.items.map((e: any) => (
              <tr key={e.seq}>
                <td class="num">
                  <Link to={`/audit/${e.seq}`}>{e.seq}</Link>
                </td>
                <td>{when(e.at)}</td>
                <td>
                  <code>{e.actor}</code>
                </td>
                <td>{e.action}</td>
                <td>
                  {e.targetType}/{e.targetId}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Page>
  )
}

export function AuditEntry({ seq }: { seq: string }) {
  const entry = useLoad(() => get(`/v1/audit/entries/${seq}`), [seq])
  const [result, setResult] = useState<any>(null)
  const prove = useAction(async () => {
    const p = await get(`/v1/audit/entries/${seq}/inclusion-proof`)
    const computed = await rootFromInclusionProof(BigInt(p.leafIndex), BigInt(p.treeSize), entry.data.leafHash, p.proof)
    const signed = p.checkpoint ? checkpointRoot(p.checkpoint) : null
    const logKey = p.checkpoint ? await get('/v1/audit/log-key') : null
    const signatureOk = p.checkpoint ? await verifyCheckpointSignature(p.checkpoint, logKey.vkey) : null
    setResult({ ...p, computed, signed, signatureOk, vkey: logKey?.vkey ?? null, leafMatches: p.leafHash === entry.data.leafHash })
  })
  const e = entry.data
  const ok = result && result.leafMatches && result.computed === result.rootHash && (!result.signed || (result.signed.root === result.rootHash && result.signed.size === result.treeSize && result.signatureOk))
  return (
    <Page title={`Audit entry ${seq}`} actions={<Link to="/audit">Back to the log</Link>}>
      <ErrorBox error={entry.error ?? prove.error} />
      {!e && entry.loading && <Loading />}
      {e && (
        <>
          <div class="card">
            <Facts
              items={[
                ['When', when(e.at)],
                ['Who', <code>{e.actor}</code>],
                ['What', e.action],
                ['On', `${e.targetType}/${e.targetId}`],
                ['Correlation id', e.correlationId ?? '—'],
                ['Leaf hash', <code>{e.leafHash}</code>],
                ['Entry hash (chain)', <code>{e.entryHash}</code>],
              ]}
            />
            <details open>
              <summary>Before and after</summary>
              <pre>{JSON.stringify({ before: e.before, after: e.after, details: e.details }, null, 2)}</pre>
            </details>
          </div>
          <button type="button" class="primary" onClick={() => prove.run()} disabled={prove.busy}>
            Open the inclusion proof and verify it
          </button>
          {prove.busy && <Loading label="Fetching the proof and hashing it here" />}
          {result && (
            <div class="card" data-testid="inclusion-result">
              <h2>Inclusion proof</h2>
              <p role="status" class={ok ? 'ok' : 'bad'}>
                {ok
                  ? `Verified in this browser: entry ${seq} is leaf ${result.leafIndex} of the log's tree of size ${result.treeSize}, whose root ${result.signed ? 'the checkpoint signed by the log key names' : 'the log names (no signed checkpoint covers it yet)'}.`
                  : 'Verification FAILED: the proof does not lead from this entry to the root.'}
              </p>
              <Facts
                items={[
                  ['Tree size', result.treeSize],
                  ['Root (from the log)', <code>{result.rootHash}</code>],
                  ['Root (computed here)', <code>{result.computed ?? 'proof malformed'}</code>],
                  ['Proof length', `${result.proof.length} hashes`],
                  ['Checkpoint', result.signed ? `${result.signed.origin}, size ${result.signed.size}` : 'none covers this entry yet (proof against the current log)'],
                  ['Checkpoint signature', result.signatureOk === null ? '—' : result.signatureOk ? <span class="ok">valid for the log key</span> : <span class="bad">does not verify</span>],
                  ['Log key', result.vkey ? <code>{result.vkey}</code> : '—'],
                ]}
              />
              <details>
                <summary>Audit path</summary>
                <ol>
                  {result.proof.map((h: string, i: number) => (
                    <li key={i}>
                      <code>{h}</code>
                    </li>
                  ))}
                </ol>
              </details>
              {result.checkpoint && (
                <details>
                  <summary>Signed checkpoint</summary>
                  <pre>{result.checkpoint}</pre>
                </details>
              )}
            </div>
          )}
        </>
      )}
    </Page>
  )
}
