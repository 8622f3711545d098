import { connect, createServer, type Socket } from 'node:net'

export interface TcpBalancer {
  port: number
  url: string
  close(): Promise<void>
}

/**
 * A round-robin TCP load balancer in front of several nodes of a service on
 * 127.0.0.1, for tests that run more than one node: each new connection goes
 * to the next port, and a node that refuses the connection (it died) is
 * skipped, as a load balancer's health check would take it out.
 *
 * @example
 * const lb = await startTcpBalancer([portA, portB])
 * const client = createSignedFetch({ baseUrl: lb.url, keyId, secret })
 */
export async function startTcpBalancer(ports: readonly number[]): Promise<TcpBalancer> {
  const open = new Set<Socket>()
  let next = 0
  const track = (s: Socket) => {
    open.add(s)
    s.once('close', () => open.delete(s))
  }
  const server = createServer((client) => {
    track(client)
    client.pause()
    client.on('error', () => client.destroy())
    const first = next++
    const attempt = (i: number) => {
      if (i === ports.length || client.destroyed) return client.destroy()
      const upstream = connect(ports[(first + i) % ports.length]!, '127.0.0.1')
      track(upstream)
      let connected = false
      upstream.once('error', () => {
        if (!connected) return attempt(i + 1)
        client.destroy()
      })
      upstream.once('connect', () => {
        connected = true
        upstream.on('error', () => client.destroy())
        upstream.on('close', () => client.destroy())
        client.on('close', () => upstream.destroy())
        client.pipe(upstream)
        upstream.pipe(client)
        client.resume()
      })
    }
    attempt(0)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as { port: number }).port
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    async close() {
      for (const s of open) s.destroy()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
