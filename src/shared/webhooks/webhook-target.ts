import { lookup } from 'node:dns/promises'
import { BlockList, isIP } from 'node:net'
import { CustosError } from '../errors.ts'

/**
 * Where webhooks may go. Public addresses always; the ranges a webhook must never reach
 * from inside the service's network (loopback, private, link-local, CGNAT, cloud metadata,
 * unspecified, multicast) only when the operator's allow-list names them.
 */
export interface WebhookTargetPolicy {
  /** Addresses (single or CIDR) the operator allows although they are internal. */
  readonly allowedAddresses: BlockList
  /** Host names (lower case) whose every address is allowed, e.g. `localhost` in development. */
  readonly allowedHosts: ReadonlySet<string>
  /** The allow-list as configured, for messages. */
  readonly entries: readonly string[]
}

/** The subscription URL (or what its name resolves to) is not an address webhooks may reach. */
export class WebhookTargetForbiddenError extends CustosError {
  override readonly name = 'WebhookTargetForbiddenError'
  constructor(message: string) {
    super('WEBHOOK_TARGET_FORBIDDEN', message, { status: 400 })
  }
}

const INTERNAL: ReadonlyArray<[string, number, 'ipv4' | 'ipv6', string]> = [
  ['0.0.0.0', 8, 'ipv4', 'unspecified'],
  ['10.0.0.0', 8, 'ipv4', 'private'],
  ['100.64.0.0', 10, 'ipv4', 'shared (CGNAT)'],
  ['127.0.0.0', 8, 'ipv4', 'loopback'],
  ['169.254.0.0', 16, 'ipv4', 'link-local or metadata'],
  ['172.16.0.0', 12, 'ipv4', 'private'],
  ['192.0.0.0', 24, 'ipv4', 'protocol assignments'],
  ['192.168.0.0', 16, 'ipv4', 'private'],
  ['198.18.0.0', 15, 'ipv4', 'benchmarking'],
  ['224.0.0.0', 4, 'ipv4', 'multicast'],
  ['240.0.0.0', 4, 'ipv4', 'reserved or broadcast'],
  ['::', 128, 'ipv6', 'unspecified'],
  ['::1', 128, 'ipv6', 'loopback'],
  ['64:ff9b::', 96, 'ipv6', 'NAT64'],
  ['fc00::', 7, 'ipv6', 'unique local (incl. metadata fd00:ec2::254)'],
  ['fe80::', 10, 'ipv6', 'link-local'],
  ['ff00::', 8, 'ipv6', 'multicast'],
]

const internal = INTERNAL.map(([net, prefix, family, why]) => {
  const list = new BlockList()
  list.addSubnet(net, prefix, family)
  return { list, family, why }
})

const familyOf = (ip: string): 'ipv4' | 'ipv6' => (isIP(ip) === 6 ? 'ipv6' : 'ipv4')

/** Why `ip` is internal (loopback, private …), or null for a public address. IPv4-mapped IPv6 counts as its IPv4 address. */
export function internalRange(ip: string): string | null {
  const family = familyOf(ip)
  for (const r of internal) if (r.list.check(ip, family)) return r.why
  return null
}

/**
 * Reads an allow-list: comma- or space-separated entries, each an IP address, a CIDR block
 * (`10.1.2.0/24`, `fd12::/64`) or a host name (`localhost`, `hooks.internal`).
 *
 * @example
 * const dev = parseWebhookTargetPolicy('localhost,127.0.0.0/8,::1')
 */
export function parseWebhookTargetPolicy(text: string | undefined): WebhookTargetPolicy {
  const entries = (text ?? '')
    .split(/[\s,]+/)
    .map((e) => e.trim())
    .filter((e) => e !== '')
  const allowedAddresses = new BlockList()
  const allowedHosts = new Set<string>()
  for (const entry of entries) {
    const [addr, bits, extra] = entry.split('/')
    if (addr !== undefined && isIP(addr) !== 0 && extra === undefined) {
      const family = familyOf(addr)
      const max = family === 'ipv4' ? 32 : 128
      const prefix = bits === undefined ? max : /^[0-9]{1,3}$/.test(bits) ? Number(bits) : NaN
      if (!(prefix >= 0 && prefix <= max)) throw new CustosError('CONFIG_INVALID', `webhook allow-list entry ${entry} has no valid prefix length`)
      allowedAddresses.addSubnet(addr, prefix, family)
    } else if (/^[a-z0-9]([a-z0-9-]{0,62}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,62}[a-z0-9])?)*$/i.test(entry) && bits === undefined) {
      allowedHosts.add(entry.toLowerCase())
    } else {
      throw new CustosError('CONFIG_INVALID', `webhook allow-list entry ${entry} is neither an address, a CIDR block nor a host name`)
    }
  }
  return { allowedAddresses, allowedHosts, entries }
}

/** What development (`custos start`, tests) allows: this machine's loopback, where the services and test receivers listen. */
export const DEVELOPMENT_WEBHOOK_TARGETS = 'localhost,127.0.0.0/8,::1'

/** Refuses every internal address: the production default. */
export const STRICT_WEBHOOK_TARGETS: WebhookTargetPolicy = parseWebhookTargetPolicy('')

/** The host part of a URL without IPv6 brackets, lower case. */
export function hostOf(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase()
}

/** Throws unless `ip` is public or on the allow-list. */
export function checkTargetAddress(policy: WebhookTargetPolicy, host: string, ip: string): void {
  if (policy.allowedHosts.has(host)) return
  const why = internalRange(ip)
  if (why === null || policy.allowedAddresses.check(ip, familyOf(ip))) return
  throw new WebhookTargetForbiddenError(
    host === ip
      ? `webhook target ${ip} is a ${why} address; an operator must add it to the webhook allow-list`
      : `webhook target ${host} resolves to a ${why} address; an operator must add it to the webhook allow-list`,
  )
}

/**
 * Resolves a host and checks every address it has (a name with one internal address among
 * public ones is refused too: a client may pick any of them). Returns the addresses, checked,
 * for the caller to connect to; no DNS answer at all gives an empty list.
 */
export async function resolveTarget(policy: WebhookTargetPolicy, host: string): Promise<{ address: string; family: 4 | 6 }[]> {
  if (isIP(host) !== 0) {
    checkTargetAddress(policy, host, host)
    return [{ address: host, family: isIP(host) as 4 | 6 }]
  }
  let found: { address: string; family: number }[]
  try {
    found = await lookup(host, { all: true, verbatim: true })
  } catch {
    return []
  }
  for (const a of found) checkTargetAddress(policy, host, a.address)
  return found.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }))
}

/**
 * Checks a subscription URL when it is created: an internal IP address is refused, and so
 * is a name that resolves to one now. A name that does not resolve yet is accepted; every
 * delivery resolves and checks it again.
 */
export async function assertWebhookTarget(policy: WebhookTargetPolicy, url: string): Promise<void> {
  await resolveTarget(policy, hostOf(new URL(url)))
}
