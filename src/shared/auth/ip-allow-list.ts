import { BlockList, isIP } from 'node:net'
import { sql, type Kysely, type Migration } from 'kysely'
import { ValidationError } from '../errors.ts'

/**
 * Adds `allowed_cidrs` to `api_keys`: the client addresses (CIDR blocks, IPv4 and IPv6) a key
 * may be used from; null means anywhere.
 */
export const apiKeyIpAllowListMigration: Migration = {
  async up(db: Kysely<any>) {
    await sql`alter table api_keys add column allowed_cidrs jsonb`.execute(db)
  },
}

/** Checks and normalises a CIDR list (`10.0.0.0/8`, `2001:db8::/32`, a bare address); 400 on anything else. */
export function normaliseCidrs(list: readonly string[]): string[] {
  if (list.length > 64) throw new ValidationError('at most 64 CIDR blocks', { field: 'cidrs' })
  return [...new Set(list.map((entry) => {
    const [addr, bits, extra] = entry.trim().split('/')
    const family = addr ? isIP(addr) : 0
    const max = family === 6 ? 128 : 32
    const prefix = bits === undefined ? max : /^[0-9]{1,3}$/.test(bits) ? Number(bits) : NaN
    if (family === 0 || extra !== undefined || !(prefix >= 0 && prefix <= max)) throw new ValidationError(`${entry} is not an IP address or CIDR block`, { field: 'cidrs' })
    return `${addr!.toLowerCase()}/${prefix}`
  }))]
}

/** Whether `ip` (as Fastify reports it; IPv4-mapped IPv6 counts as IPv4) falls in one of `cidrs`. */
export function ipAllowed(cidrs: readonly string[], ip: string): boolean {
  const list = new BlockList()
  for (const c of cidrs) {
    const [addr, bits] = c.split('/')
    list.addSubnet(addr!, Number(bits), isIP(addr!) === 6 ? 'ipv6' : 'ipv4')
  }
  const family = isIP(ip)
  return family !== 0 && list.check(ip, family === 6 ? 'ipv6' : 'ipv4')
}
