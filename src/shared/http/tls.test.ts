import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import https from 'node:https'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import tls from 'node:tls'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSignedFetch } from '../auth/sign-request.ts'
import { createLogger } from '../logger.ts'
import { createHttpServer, type HttpServer } from './create-server.ts'
import { clientTlsFromFiles, tlsFromFiles } from './tls.ts'

/** A throw-away CA, a server certificate for 127.0.0.1 and a client certificate, made now with openssl. */
function makeCertificates(dir: string) {
  const ssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' })
  ssl('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '1', '-subj', '/CN=Test CA')
  for (const [name, ext] of [
    ['server', 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth'],
    ['client', 'extendedKeyUsage=clientAuth'],
  ] as const) {
    writeFileSync(join(dir, `${name}.ext`), ext)
    ssl('req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${name}`)
    ssl('x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', `${name}.pem`, '-days', '1', '-extfile', `${name}.ext`)
  }
  return (f: string) => join(dir, f)
}

async function serve(opts: { tls?: ReturnType<typeof tlsFromFiles> }): Promise<{ app: HttpServer; port: number }> {
  const app = await createHttpServer({ title: 't', version: '0', description: 't', logger: createLogger({ service: 't', level: 'silent' }), tls: opts.tls })
  app.get('/v1/ping', async () => ({ pong: true }))
  await app.listen({ host: '127.0.0.1', port: 0 })
  return { app, port: (app.server.address() as AddressInfo).port }
}

function handshake(port: number, o: tls.ConnectionOptions): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = tls.connect({ host: '127.0.0.1', port, servername: 'localhost', ...o }, () => {
      const v = socket.getProtocol() ?? ''
      socket.end()
      resolve(v)
    })
    socket.on('error', reject)
  })
}

function get(port: number, o: https.RequestOptions): Promise<{ status: number; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = https.request({ host: '127.0.0.1', port, path: '/v1/ping', ...o }, (res) => {
      res.resume()
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers }))
    })
    req.on('error', reject)
    req.end()
  })
}

describe('HTTPS with TLS 1.3, and mutual TLS', () => {
  let dir: string
  let file: (f: string) => string
  const servers: HttpServer[] = []

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'custos-tls-'))
    file = makeCertificates(dir)
  })
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.close()))
    rmSync(dir, { recursive: true, force: true })
  })

  it('refuses a TLS 1.2 client and serves a TLS 1.3 one, with HSTS and the security headers', async () => {
    const { app, port } = await serve({ tls: tlsFromFiles({ cert: file('server.pem'), key: file('server.key') }, 'TEST') })
    servers.push(app)
    const ca = readFileSync(file('ca.pem'))
    await expect(handshake(port, { ca, maxVersion: 'TLSv1.2' })).rejects.toThrow()
    expect(await handshake(port, { ca })).toBe('TLSv1.3')
    const res = await get(port, { ca })
    expect(res.status).toBe(200)
    expect(res.headers).toMatchObject({
      'strict-transport-security': 'max-age=31536000; includeSubDomains',
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
      'referrer-policy': 'no-referrer',
      'cache-control': 'no-store',
    })
    expect(String(res.headers['content-security-policy'])).toContain("frame-ancestors 'none'")
  })

  it('with a client CA, refuses a client without a certificate and serves one with a certificate the CA signed', async () => {
    const { app, port } = await serve({ tls: tlsFromFiles({ cert: file('server.pem'), key: file('server.key'), clientCa: file('ca.pem') }, 'TEST') })
    servers.push(app)
    const ca = readFileSync(file('ca.pem'))
    await expect(get(port, { ca })).rejects.toThrow()
    // A certificate from another CA is no better than none.
    const other = mkdtempSync(join(tmpdir(), 'custos-tls-other-'))
    try {
      const stranger = makeCertificates(other)
      await expect(get(port, { ca, cert: readFileSync(stranger('client.pem')), key: readFileSync(stranger('client.key')) })).rejects.toThrow()
    } finally {
      rmSync(other, { recursive: true, force: true })
    }
    // The platform's custody client, configured by paths as in production.
    const client = createSignedFetch({
      baseUrl: `https://localhost:${port}`,
      keyId: 'unused',
      secret: 'unused',
      tls: clientTlsFromFiles({ ca: file('ca.pem'), cert: file('client.pem'), key: file('client.key') }),
    })
    const res = await client.get<{ pong: boolean }>('/v1/ping')
    expect(res.status).toBe(200)
    expect(res.body).toEqual({ pong: true })
  })

  it('over plain HTTP sends the security headers but no HSTS', async () => {
    const { app } = await serve({})
    servers.push(app)
    const res = await app.inject({ method: 'GET', url: '/v1/ping' })
    expect(res.headers['x-content-type-options']).toBe('nosniff')
    expect(res.headers['cache-control']).toBe('no-store')
    expect(res.headers['strict-transport-security']).toBeUndefined()
  })

  it('names the variable when a certificate file is missing or half configured', () => {
    expect(() => tlsFromFiles({ cert: join(dir, 'nope.pem'), key: file('server.key') }, 'CUSTODY')).toThrow(/CUSTODY_TLS_CERT_FILE/)
    expect(() => tlsFromFiles({ cert: file('server.pem') }, 'CUSTODY')).toThrow(/go together/)
  })
})
