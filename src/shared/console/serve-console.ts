import { readFile } from 'node:fs/promises'
import { extname, join, normalize, sep } from 'node:path'
import type { FastifyReply } from 'fastify'
import type { HttpServer } from '../http/create-server.ts'

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
}

/** Nothing from elsewhere: the console's own scripts, styles and API, no frames, no inline script. */
export const CONSOLE_CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

function secure(reply: FastifyReply): FastifyReply {
  return reply
    .header('content-security-policy', CONSOLE_CSP)
    .header('x-content-type-options', 'nosniff')
    .header('x-frame-options', 'DENY')
    .header('referrer-policy', 'no-referrer')
    .header('cross-origin-opener-policy', 'same-origin')
}

/**
 * Serves a console's built assets (made by `npm install`) under /console: files by path,
 * and index.html for every other /console path, so the console's own routes reload.
 * Hashed assets are cached for a year; index.html never is.
 */
export function registerConsoleAssets(app: HttpServer, opts: { root: string; title: string }) {
  const root = normalize(opts.root)
  const send = async (reply: FastifyReply, rel: string) => {
    const file = normalize(join(root, rel))
    if (file !== root && !file.startsWith(root + sep)) return reply.code(404).send()
    let body: Buffer
    try {
      body = await readFile(file)
    } catch {
      if (rel !== 'index.html' && !extname(rel)) return send(reply, 'index.html')
      if (rel === 'index.html') {
        return secure(reply)
          .code(503)
          .type('text/plain; charset=utf-8')
          .send(`The ${opts.title} is not built: run npm install (it builds the consoles), then restart.`)
      }
      return reply.code(404).send()
    }
    secure(reply).type(TYPES[extname(file)] ?? 'application/octet-stream')
    reply.header('cache-control', rel.startsWith('assets/') ? 'public, max-age=31536000, immutable' : 'no-cache')
    return reply.send(body)
  }
  app.get('/', { config: { public: true }, schema: { hide: true } }, async (_req, reply) => reply.redirect('/console/'))
  app.get('/console', { config: { public: true }, schema: { hide: true } }, async (_req, reply) => reply.redirect('/console/'))
  app.get('/console/*', { config: { public: true }, schema: { hide: true } }, async (req, reply) => {
    const rel = (req.params as { '*': string })['*'] || 'index.html'
    return send(reply, decodeURIComponent(rel))
  })
}
