import { BlockList, isIP } from 'node:net';

/**
 * Addresses a webhook must not reach unless the site allows it (ALLOW_PRIVATE_WEBHOOKS): the
 * machine itself and private networks. Otherwise anyone who can set a volunteer's webhook turns
 * the server into a client inside its own network (server-side request forgery, OWASP A10:2021).
 * Ranges: loopback, RFC 1918 private, RFC 6598 shared, RFC 3927 link-local (cloud metadata lives
 * at 169.254.169.254), "this network" (0.0.0.0/8), RFC 4193 unique-local and RFC 4291 link-local.
 */
const PRIVATE = new BlockList();
PRIVATE.addSubnet('0.0.0.0', 8, 'ipv4');
PRIVATE.addSubnet('127.0.0.0', 8, 'ipv4');
PRIVATE.addSubnet('10.0.0.0', 8, 'ipv4');
PRIVATE.addSubnet('172.16.0.0', 12, 'ipv4');
PRIVATE.addSubnet('192.168.0.0', 16, 'ipv4');
PRIVATE.addSubnet('100.64.0.0', 10, 'ipv4');
PRIVATE.addSubnet('169.254.0.0', 16, 'ipv4');
PRIVATE.addAddress('::', 'ipv6');
PRIVATE.addAddress('::1', 'ipv6');
PRIVATE.addSubnet('fc00::', 7, 'ipv6');
PRIVATE.addSubnet('fe80::', 10, 'ipv6');

/** Whether an IP address (v4, v6, or v4-mapped v6) is on this machine or a private network. */
export function isPrivateAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (mapped) return isPrivateAddress(mapped);
  const family = isIP(address);
  if (family === 4) return PRIVATE.check(address, 'ipv4');
  if (family === 6) return PRIVATE.check(address, 'ipv6');
  return false;
}

/**
 * What is wrong with a webhook URL as written, or null: a literal private address or a name that
 * always means this machine. Names are resolved again at delivery (see WebhookChannel).
 */
export function webhookUrlProblem(url: string): string | null {
  let host: string;
  try {
    host = new URL(url).hostname.replace(/^\[|\]$/g, '').toLowerCase();
  } catch {
    return 'is not a URL';
  }
  if (host === 'localhost' || host.endsWith('.localhost')) return 'points at this machine (localhost)';
  if (isPrivateAddress(host)) return `points at a private or local address (${host})`;
  return null;
}

export const PRIVATE_WEBHOOK_HINT =
  'set ALLOW_PRIVATE_WEBHOOKS=1 if the hook really runs on your own network';
