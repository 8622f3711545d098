import { fileURLToPath } from 'node:url'
import { lintFromString, loadConfig, type NormalizedProblem } from '@redocly/openapi-core'

/** The committed Redocly configuration: the `recommended` rules, with any rule turned off saying why. */
export const REDOCLY_CONFIG = fileURLToPath(new URL('../../redocly.yaml', import.meta.url))

export interface OpenApiLintResult {
  errors: NormalizedProblem[]
  warnings: NormalizedProblem[]
}

/** Lints one OpenAPI document (as a service serves it) with the committed Redocly rules. */
export async function lintOpenApiDocument(name: string, document: Record<string, unknown>): Promise<OpenApiLintResult> {
  const config = await loadConfig({ configPath: REDOCLY_CONFIG })
  const problems = await lintFromString({ source: JSON.stringify(document, null, 2), absoluteRef: `${name}.openapi.json`, config })
  return { errors: problems.filter((p) => p.severity === 'error'), warnings: problems.filter((p) => p.severity === 'warn') }
}

/** One line per problem: severity, rule, where in the document, and the message. */
export function describeProblems(problems: NormalizedProblem[]): string[] {
  return problems.map((p) => `${p.severity} ${p.ruleId} at ${p.location[0]?.pointer ?? '#'}: ${p.message}`)
}
