import { lookup as dnsLookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

/** Address ranges no outbound webhook may reach in production (RFC 6890 special-purpose and private). */
const NOT_PUBLIC = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  NOT_PUBLIC.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['64:ff9b:1::', 48],
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
] as const) {
  NOT_PUBLIC.addSubnet(network, prefix, 'ipv6');
}

export function isPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return !NOT_PUBLIC.check(address, 'ipv4');
  if (family !== 6) return false;
  // IPv4-mapped (::ffff:a.b.c.d) and NAT64 (64:ff9b::a.b.c.d) reach the IPv4 address inside.
  const embedded = /^(?:::ffff:|64:ff9b::)(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (embedded) return isPublicAddress(embedded);
  return !NOT_PUBLIC.check(address, 'ipv6');
}

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

export const systemResolver: Resolver = async (hostname) =>
  (await dnsLookup(hostname, { all: true, verbatim: true })).map((entry) => ({
    address: entry.address,
    family: entry.family === 6 ? 6 : 4,
  }));

export class AddressRefusedError extends Error {}

/**
 * The address a delivery connects to. With `publicOnly`, every address the name resolves to must be
 * public (a name with one private answer is refused outright), and the caller connects to the checked
 * address itself, so a second DNS answer cannot send the request elsewhere (DNS rebinding).
 */
export async function resolveTarget(
  hostname: string,
  publicOnly: boolean,
  resolve: Resolver = systemResolver,
): Promise<ResolvedAddress> {
  const bare = hostname.replace(/^\[(.*)\]$/, '$1');
  const family = isIP(bare);
  let addresses: ResolvedAddress[];
  if (family) {
    addresses = [{ address: bare, family: family === 6 ? 6 : 4 }];
  } else {
    try {
      addresses = await resolve(bare);
    } catch {
      throw new AddressRefusedError(`${bare} could not be resolved`);
    }
  }
  if (addresses.length === 0) throw new AddressRefusedError(`${bare} could not be resolved`);
  if (publicOnly && !addresses.every((entry) => isPublicAddress(entry.address))) {
    throw new AddressRefusedError(`${bare} resolves to a private, loopback or link-local address`);
  }
  return addresses[0];
}

/** Why a URL cannot be a webhook endpoint under the policy, or null when it can (addresses checked separately). */
export function urlProblem(raw: string, publicHttpsOnly: boolean): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'url must be an absolute http(s) URL';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'url must be an absolute http(s) URL';
  if (publicHttpsOnly && url.protocol !== 'https:') return 'url must use https';
  if (url.username || url.password) return 'url must not contain credentials';
  if (url.hash) return 'url must not contain a fragment';
  return null;
}
