// Where `npm start` listens and the address citations carry, from the environment, checked once at start.

export interface ServerConfig {
  host: string;
  port: number;
  /** PUBLIC_URL without its trailing slash, or null when permalinks follow the request's Host. */
  publicUrl: string | null;
  /**
   * TRUST_PROXY, as Express's 'trust proxy' setting: which proxies' X-Forwarded-For names the client
   * (a hop count such as 1, or addresses such as "loopback"); false when clients connect directly.
   */
  trustProxy: number | string | false;
  /** FAIR_SHARE: the fraction of the server's time one client may use (default 0.25), null when "off". */
  fairShare: number | null;
  /** COSTLY_SHARE: the fraction of the server's time costly requests may take together (default 0.25), null when "off". */
  costlyShare: number | null;
  /** What an operator should know before serving (printed at start). */
  warnings: string[];
}

export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_PORT = 3000;

/**
 * Read HOST, PORT and PUBLIC_URL. Empty means unset (so `HOST=` is the default, not every interface).
 * Throws an Error naming the variable when a value cannot be used.
 * @example serverConfig({ HOST: '', PORT: '4100' }) // -> { host: '127.0.0.1', port: 4100, publicUrl: null, warnings: [] }
 */
export function serverConfig(env: Record<string, string | undefined>): ServerConfig {
  const host = env.HOST?.trim() || DEFAULT_HOST;
  const port = env.PORT?.trim() ? Number(env.PORT) : DEFAULT_PORT;
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw new Error(`PORT must be a port number (0-65535), not "${env.PORT}".`);
  const publicUrl = env.PUBLIC_URL?.trim() ? parsePublicUrl(env.PUBLIC_URL.trim()) : null;
  const trustProxyText = env.TRUST_PROXY?.trim() ?? '';
  if (trustProxyText === 'true')
    throw new Error(
      'TRUST_PROXY=true would let any client choose its own address; give the number of proxies in front (e.g. 1) or their addresses (e.g. loopback).',
    );
  const trustProxy =
    trustProxyText === '' ? false : /^\d+$/.test(trustProxyText) ? Number(trustProxyText) : trustProxyText;
  const fairShare = parseShare('FAIR_SHARE', env.FAIR_SHARE?.trim() ?? '', DEFAULT_SHARE);
  const costlyShare = parseShare('COSTLY_SHARE', env.COSTLY_SHARE?.trim() ?? '', DEFAULT_COSTLY_SHARE);
  const warnings: string[] = [];
  // Behind no PUBLIC_URL, a permalink is built from the request's Host header, which anyone reaching a
  // public address can forge (and a shared cache would then hand the forged citation to others).
  if (!publicUrl && !isLoopback(host)) {
    warnings.push(
      `Listening on ${host} without PUBLIC_URL: the site's links will carry whatever Host header each request sends. Set PUBLIC_URL to the address the site is published at (e.g. PUBLIC_URL=https://tip.example.org).`,
    );
  }
  if (publicUrl && isPrivateHost(new URL(publicUrl).hostname)) {
    warnings.push(
      `PUBLIC_URL ${publicUrl} is a loopback or private address that readers of a citation cannot reach: citations will cite the original publications and leave the permalink out.`,
    );
  }
  return { host, port, publicUrl, trustProxy, fairShare, costlyShare, warnings };
}

export const DEFAULT_SHARE = 0.25;
export const DEFAULT_COSTLY_SHARE = 0.25;

function parseShare(name: string, value: string, fallback: number): number | null {
  if (value === '') return fallback;
  if (value === 'off') return null;
  const share = Number(value);
  if (!/^\d*\.?\d+$/.test(value) || share <= 0 || share > 1)
    throw new Error(
      `${name} must be a fraction of the server's time above 0 and at most 1 (e.g. 0.25), or off, not "${value}".`,
    );
  return share;
}

function parsePublicUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`PUBLIC_URL must be an absolute address such as https://tip.example.org, not "${value}".`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new Error(`PUBLIC_URL must start with http:// or https://, not "${value}".`);
  if (url.search || url.hash || url.username || url.password)
    throw new Error(`PUBLIC_URL must be a plain address (no query, fragment or credentials), not "${value}".`);
  return url.toString().replace(/\/+$/, '');
}

/**
 * Addresses a reader elsewhere cannot reach: loopback, private (RFC 1918, IPv6 unique-local), link-local,
 * unspecified, and names that only resolve locally (`localhost`, `*.local`, `*.internal`, a name without a dot).
 * @example isPrivateHost('192.168.1.5') // -> true
 * @example isPrivateHost('tip.example.org') // -> false
 */
export function isPrivateHost(hostname: string): boolean {
  const host = hostname
    .toLowerCase()
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '');
  if (isLoopback(host) || host === '0.0.0.0' || host === '::') return true;
  const ipv4 = /^(\d+)\.(\d+)\.\d+\.\d+$/.exec(host);
  if (ipv4) {
    const [a, b] = [Number(ipv4[1]), Number(ipv4[2])];
    return (
      a === 10 ||
      a === 127 ||
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168) ||
      (a === 169 && b === 254) ||
      a === 0 ||
      (a === 100 && b >= 64 && b <= 127)
    );
  }
  if (host.includes(':')) return /^(f[cd]|fe[89ab])/.test(host) || host.startsWith('::ffff:') || host === '::1';
  return !host.includes('.') || /\.(local|localhost|internal|lan|home\.arpa)$/.test(host);
}

/** Loopback names and addresses: only this machine can send requests there. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** The address a listening socket really has, as a URL: `http://127.0.0.1:3000`, `http://[::]:3000`. */
export function listeningUrl(address: { address: string; family: string; port: number }): string {
  const host = address.family === 'IPv6' || address.family === '6' ? `[${address.address}]` : address.address;
  return `http://${host}:${address.port}`;
}
