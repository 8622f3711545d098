import { readFileSync } from 'node:fs'
import { parsePolicy, type PolicyDocument } from '../policy/index.ts'

const SOURCE = readFileSync(new URL('./default-policy.yaml', import.meta.url), 'utf8')

/** The built-in policy (hot ALLOW, warm one approver, cold offline), in force until a version is activated. */
export const DEFAULT_POLICY: { document: PolicyDocument; text: string; format: 'yaml' } = Object.freeze({
  document: parsePolicy(SOURCE, 'yaml'),
  text: SOURCE,
  format: 'yaml' as const,
})
