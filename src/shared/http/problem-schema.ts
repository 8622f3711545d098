import { Type } from 'typebox'

/**
 * The wire schema of every error response (RFC 9457 problem details with our stable
 * `code`), documented under the name `Problem`. Extra members (a refusal's reasons, a
 * rate limit's `retryAfterSeconds`) pass through.
 */
export const Problem = Type.Object(
  {
    type: Type.String({ description: 'a URI naming the problem; its last segment is the code in kebab case' }),
    title: Type.String(),
    status: Type.Integer(),
    code: Type.String({ description: 'stable machine-readable code, e.g. VALIDATION_FAILED, RATE_LIMITED' }),
    detail: Type.String({ description: 'what went wrong, for a person' }),
  },
  { additionalProperties: true, title: 'Problem' },
)
