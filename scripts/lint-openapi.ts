import { serviceOpenApiDocuments } from '../src/test/openapi-documents.ts'
import { describeProblems, lintOpenApiDocument } from '../src/client/openapi-lint.ts'

// `npm run lint:openapi`: boots each service's app in this process (no chain, an in-memory
// database, as `generate:client`), lints its OpenAPI document with the rules of redocly.yaml
// (Redocly's recommended set) and fails on any error. Warnings are printed, not fatal.
const documents = await serviceOpenApiDocuments()
let errors = 0
for (const service of ['custody', 'platform'] as const) {
  const result = await lintOpenApiDocument(service, documents[service])
  errors += result.errors.length
  for (const line of describeProblems([...result.errors, ...result.warnings])) process.stdout.write(`${service}: ${line}\n`)
  process.stdout.write(`${service}: ${result.errors.length} error(s), ${result.warnings.length} warning(s)\n`)
}
process.exit(errors === 0 ? 0 : 1)
