import type { ComponentChildren } from 'preact'
import { useCallback, useEffect, useState } from 'preact/hooks'
import { ApiError } from './api.ts'
import { formatUnits } from './format.ts'
import { navigate } from './router.ts'

/** Loads data for a page; `reload` runs it again. */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[] = []) {
  const [state, setState] = useState<{ data?: T; error?: unknown; loading: boolean }>({ loading: true })
  const run = useCallback(() => {
    setState((s) => ({ ...s, loading: true }))
    load().then(
      (data) => setState({ data, loading: false }),
      (error) => setState({ error, loading: false }),
    )
  }, deps)
  useEffect(run, [run])
  return { ...state, reload: run }
}

/** A problem from the API: its message and its stable code, announced to screen readers. */
export function ErrorBox({ error }: { error: unknown }) {
  if (!error) return null
  const e = error instanceof ApiError ? error : null
  return (
    <div class="error" role="alert">
      <strong>{e ? e.detail : String((error as Error)?.message ?? error)}</strong>
      {e && <code class="code">{e.code}</code>}
    </div>
  )
}

export function Loading({ label = 'Loading' }: { label?: string }) {
  return (
    <p class="loading" role="status" aria-live="polite">
      {label}…
    </p>
  )
}

/** Progress of a long operation: a bar with its value, or an indeterminate one. */
export function Progress({ label, value, max }: { label: string; value?: number; max?: number }) {
  return (
    <div class="progress" role="status" aria-live="polite">
      <label>
        {label}
        <progress value={value} max={max} aria-label={label} />
      </label>
    </div>
  )
}

export function Amount({ value, decimals, symbol }: { value: string | null | undefined; decimals: number | null | undefined; symbol?: string | null }) {
  return (
    <span class="amount" title={value ? `${value} base units` : undefined}>
      {formatUnits(value, decimals)}
      {symbol ? <span class="unit"> {symbol}</span> : null}
    </span>
  )
}

export function Badge({ value }: { value: string | null | undefined }) {
  return <span class={`badge badge-${String(value ?? '').toLowerCase()}`}>{value ?? '—'}</span>
}

/** An in-app link that keeps the single page. */
export function Link({ to, children, class: cls }: { to: string; children: ComponentChildren; class?: string }) {
  return (
    <a
      href={`/console${to}`}
      class={cls}
      onClick={(e) => {
        if (e.ctrlKey || e.metaKey || e.shiftKey) return
        e.preventDefault()
        navigate(to)
      }}
    >
      {children}
    </a>
  )
}

export function Page({ title, children, actions }: { title: string; children: ComponentChildren; actions?: ComponentChildren }) {
  useEffect(() => {
    document.title = `${title} · Custos`
    document.getElementById('main')?.focus()
  }, [title])
  return (
    <section aria-labelledby="page-title">
      <header class="page-header">
        <h1 id="page-title">{title}</h1>
        <div class="actions">{actions}</div>
      </header>
      {children}
    </section>
  )
}

/** A definition list of facts: [label, value] pairs. */
export function Facts({ items }: { items: [string, ComponentChildren][] }) {
  return (
    <dl class="facts">
      {items.map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  )
}

/** One column of a {@link Table}: its heading and its cell in a row; `num` right-aligns both (amounts, counts). */
export interface Column<T> {
  header: ComponentChildren
  cell: (row: T) => ComponentChildren
  num?: boolean
}

/**
 * A list of records as a table, one row each: the consoles' lists declare their columns
 * rather than writing the same head/body markup again. `label` names it for screen readers
 * (and for the browser tests that find it by role); `foot` is a `<tfoot>`'s rows.
 */
export function Table<T>({ label, columns, rows, rowKey, foot }: { label?: string; columns: Column<T>[]; rows: readonly T[]; rowKey: (row: T) => string | number; foot?: ComponentChildren }) {
  const cls = (c: Column<T>) => (c.num ? 'num' : undefined)
  return (
    <table aria-label={label}>
      <thead>
        <tr>
          {columns.map((c, i) => (
            <th key={i} class={cls(c)}>
              {c.header}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={rowKey(r)}>
            {columns.map((c, i) => (
              <td key={i} class={cls(c)}>
                {c.cell(r)}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
      {foot && <tfoot>{foot}</tfoot>}
    </table>
  )
}

/** Runs an action, showing its progress and its error, disabling the button meanwhile. */
export function useAction<A extends unknown[]>(fn: (...args: A) => Promise<unknown>, onDone?: () => void) {
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>(null)
  const run = async (...args: A) => {
    setBusy(true)
    setError(null)
    try {
      await fn(...args)
      onDone?.()
    } catch (e) {
      setError(e)
    } finally {
      setBusy(false)
    }
  }
  return { run, busy, error }
}

/** Reloads every `ms` while `active` (an operation not yet final), so a page follows its progress. */
export function useRefreshWhile(active: boolean, reload: () => void, ms = 2000) {
  useEffect(() => {
    if (!active) return
    const t = setInterval(reload, ms)
    return () => clearInterval(t)
  }, [active, reload, ms])
}

/** A fresh idempotency key for one submission of a form: a repeated click sends the same key. */
export const newIdempotencyKey = () => `console-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`
