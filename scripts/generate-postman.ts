import { mkdirSync, writeFileSync } from 'node:fs'
import { serviceOpenApiDocuments } from '../src/test/openapi-documents.ts'
import { postmanFiles } from '../src/client/postman-collection.ts'
import { POSTMAN_DIR } from '../src/client/generated-files.ts'

// `npm run generate:postman`: boots each service's app in this process (no chain, an in-memory
// database), takes its OpenAPI document and writes a signing Postman collection and an
// environment per service under postman/.
const documents = await serviceOpenApiDocuments()
mkdirSync(POSTMAN_DIR, { recursive: true })
for (const [name, text] of Object.entries(postmanFiles(documents))) {
  writeFileSync(new URL(name, POSTMAN_DIR), text)
  process.stdout.write(`wrote postman/${name}\n`)
}
process.exit(0)
