import { writeFileSync } from 'node:fs'
import { serviceOpenApiDocuments } from '../src/test/openapi-documents.ts'
import { openApiTypes } from '../src/client/generate-types.ts'
import { GENERATED_CLIENT_FILES } from '../src/client/generated-files.ts'

// `npm run generate:client`: boots each service's app in this process (no chain, an in-memory
// database), takes its OpenAPI document and writes the typed client's generated types.
const documents = await serviceOpenApiDocuments()
for (const service of ['custody', 'platform'] as const) {
  const file = GENERATED_CLIENT_FILES[service]
  writeFileSync(file, await openApiTypes(service, documents[service]))
  process.stdout.write(`wrote ${file.pathname.replace(/^.*\/src\//, 'src/')}\n`)
}
process.exit(0)
