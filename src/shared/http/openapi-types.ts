/**
 * The parts of an OpenAPI 3 document that our own tools read (the Postman collection
 * generator, the HTTP fuzzer): one declaration, so a field one of them starts to read is
 * there for the other too. Deliberately partial: the documents themselves are produced
 * by Fastify's swagger plugin (refined in `openapi-document.ts`), not typed here.
 */

/** A JSON Schema as our routes' TypeBox schemas render it. */
export interface OpenApiSchema {
  $ref?: string
  type?: string | string[]
  properties?: Record<string, OpenApiSchema>
  required?: string[]
  items?: OpenApiSchema
  enum?: unknown[]
  const?: unknown
  anyOf?: OpenApiSchema[]
  oneOf?: OpenApiSchema[]
  allOf?: OpenApiSchema[]
  default?: unknown
  format?: string
  pattern?: string
  minimum?: number
  minItems?: number
  minLength?: number
}

export interface OpenApiParameter {
  name: string
  in: 'path' | 'query' | 'header' | 'cookie'
  required?: boolean
  description?: string
  schema?: OpenApiSchema
}

export interface OpenApiOperation {
  operationId?: string
  summary?: string
  description?: string
  tags?: string[]
  security?: Record<string, unknown>[]
  parameters?: OpenApiParameter[]
  requestBody?: { content?: Record<string, { schema?: OpenApiSchema }> }
}

/** Path → lowercase method → operation. */
export type OpenApiPaths = Record<string, Record<string, OpenApiOperation>>
