import { readFileSync, statSync } from 'node:fs'
import { listSetting } from '../../config.ts'

/**
 * Secrets from a comma-separated setting plus, optionally, a file written by
 * the bootstrap (re-read when it changes, so a subscription created after the
 * platform started is honoured without a restart).
 */
export function secretSource(opts: { value?: string; file?: string }): () => string[] {
  const fixed = listSetting(opts.value)
  let cached: { mtimeMs: number; secrets: string[] } | undefined
  return () => {
    if (!opts.file) return fixed
    try {
      const st = statSync(opts.file)
      if (!cached || cached.mtimeMs !== st.mtimeMs) cached = { mtimeMs: st.mtimeMs, secrets: listSetting(readFileSync(opts.file, 'utf8').replace(/\s+/g, ',')) }
      return [...fixed, ...cached.secrets]
    } catch {
      return fixed
    }
  }
}
