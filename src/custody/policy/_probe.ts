import type { PolicyRule } from './policy-document.ts'
const r: PolicyRule = { id: 'x', action: 'ALLOW', operations: ['FOO'] }
export { r }
