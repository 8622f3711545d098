import openapiTS, { astToString } from 'openapi-typescript'
import type { OpenAPI3 } from 'openapi-typescript'

/** The first lines of a generated file: where it comes from and how to remake it. */
export function generatedHeader(service: string): string {
  return `/**\n * Generated from the ${service} service's OpenAPI document by \`npm run generate:client\`.\n * Do not edit: change the routes and generate again (a test fails while this file differs).\n */\n\n`
}

/**
 * TypeScript types (`paths`, `components`, `operations`) for one OpenAPI document, as
 * openapi-typescript writes them: a path's operations, their parameters, bodies and every
 * response, problems included.
 */
export async function openApiTypes(service: string, document: Record<string, unknown>): Promise<string> {
  const ast = await openapiTS(document as unknown as OpenAPI3, { alphabetize: true })
  return generatedHeader(service) + astToString(ast)
}
