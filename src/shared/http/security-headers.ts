import type { FastifyReply, FastifyRequest } from 'fastify'

/** API answers are data, never a page: nothing may load from them or frame them. */
const API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
/** Swagger UI (/docs) loads its own scripts and styles and sets inline styles. */
const DOCS_CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

/**
 * Security headers on every response: nosniff, no framing, no referrer, a CSP (the console
 * sets its own stricter one), HSTS over HTTPS, and `Cache-Control: no-store` unless a route
 * chose otherwise (API answers carry secrets and personal data; no shared cache may keep them).
 */
export function applySecurityHeaders(req: FastifyRequest, reply: FastifyReply): void {
  const set = (name: string, value: string) => {
    if (!reply.hasHeader(name)) reply.header(name, value)
  }
  set('x-content-type-options', 'nosniff')
  set('x-frame-options', 'DENY')
  set('referrer-policy', 'no-referrer')
  set('content-security-policy', req.url.startsWith('/docs') ? DOCS_CSP : API_CSP)
  set('cache-control', 'no-store')
  if (req.protocol === 'https') set('strict-transport-security', 'max-age=31536000; includeSubDomains')
}
