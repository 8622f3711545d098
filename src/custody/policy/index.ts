// The custody Transaction Authorization Policy: parse, compile, evaluate, account velocity, dry-run.
export * from './policy-document.ts'
export * from './policy-request.ts'
export { compilePolicy, DEFAULT_WARM_APPROVAL, type CompileOptions, type CompiledPolicy, type CompiledRule, type CompiledVelocity } from './compile-policy.ts'
export { evaluate, type Decision, type EvaluationContext, type VelocityFinding } from './evaluate-policy.ts'
export * from './velocity.ts'
export * from './dry-run.ts'
