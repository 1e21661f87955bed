import { networkInterfaces } from 'node:os';

/** Names that always mean this machine. */
const LOCAL_NAMES = ['localhost', '127.0.0.1', '::1'];

/**
 * The host names and addresses by which this site may be reached: the configured public address,
 * the listening address when it is a specific one, and every address of this machine's own
 * interfaces. A Host header naming anything else is the caller's word only and is never handed on.
 */
export function hostsOfThisSite(config: { publicUrl: string | null; httpHost: string }): Set<string> {
  const hosts = new Set(LOCAL_NAMES);
  if (config.publicUrl) hosts.add(new URL(config.publicUrl).hostname.toLowerCase());
  if (config.httpHost !== '0.0.0.0' && config.httpHost !== '::') hosts.add(config.httpHost.toLowerCase());
  for (const addresses of Object.values(networkInterfaces()))
    for (const address of addresses ?? []) hosts.add(address.address.toLowerCase());
  return hosts;
}

/** The first address of this machine that other machines on the LAN can reach, else localhost. */
function lanAddress(): string {
  for (const addresses of Object.values(networkInterfaces()))
    for (const address of addresses ?? [])
      if (!address.internal && address.family === 'IPv4') return address.address;
  return 'localhost';
}

/**
 * The host to write into a new device's broker address. The organiser's browser reached the
 * site by `requestHostname` (the Host header, port stripped); that is used only when it names this
 * site, so a forged header cannot point a device at someone else's broker. Otherwise the public
 * address, or the machine's LAN address.
 */
export function deviceFacingHost(
  requestHostname: string,
  trustedHosts: ReadonlySet<string>,
  publicUrl: string | null,
): string {
  const host = requestHostname
    .replace(/:\d+$/, '')
    .replace(/^\[|\]$/g, '')
    .toLowerCase();
  if (trustedHosts.has(host)) return host.includes(':') ? `[${host}]` : host;
  return publicUrl ? new URL(publicUrl).hostname : lanAddress();
}

/**
 * The site's own addresses, said once: where this machine serves HTTP (known once it listens) and
 * the base of every link sent to people (PUBLIC_URL, else that local address, with the scheme the
 * server really speaks). Features get it on their context instead of working it out again.
 */
export class SiteAddress {
  private listeningPort: number | null = null;

  constructor(
    private readonly config: { publicUrl: string | null; httpHost: string; httpPort: number },
    private readonly https: boolean,
  ) {}

  /** Called by the system once the HTTP server listens (port 0 becomes a real port). */
  listeningOn(port: number): void {
    this.listeningPort = port;
  }

  /** This machine's HTTP address, for the console and for tests. */
  localUrl(): string {
    const host =
      this.config.httpHost === '0.0.0.0' || this.config.httpHost === '::'
        ? 'localhost'
        : this.config.httpHost;
    return `${this.https ? 'https' : 'http'}://${host}:${this.listeningPort ?? this.config.httpPort}`;
  }

  /** The base of links in mails and chats: PUBLIC_URL when set, else the local address. */
  publicUrl(): string {
    return this.config.publicUrl ? this.config.publicUrl.replace(/\/+$/, '') : this.localUrl();
  }
}
