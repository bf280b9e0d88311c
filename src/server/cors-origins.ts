/** One entry of LOONGATE_CORS_ORIGINS: an exact origin, or every subdomain of a host (`*.`). */
export interface OriginPattern {
  scheme: 'http' | 'https';
  /** The host, or for a wildcard the domain its subdomains end with. */
  host: string;
  wildcard: boolean;
  /** '' for the scheme's default port. */
  port: string;
}

const DEFAULT_PORT: Record<string, string> = { http: '80', https: '443' };
const ENTRY = /^(https?):\/\/(\*\.)?([a-z0-9.-]+|\[[0-9a-f:.]+\])(?::(\d{1,5}))?\/?$/i;
const ORIGIN = /^(https?):\/\/([a-z0-9.-]+|\[[0-9a-f:.]+\])(?::(\d{1,5}))?$/i;

const portOf = (scheme: string, port: string | undefined) => (!port || port === DEFAULT_PORT[scheme] ? '' : String(Number(port)));

/**
 * Parse one allow-list entry: `https://app.example.com`, `http://127.0.0.1:6100`, `https://*.example.com`;
 * without a scheme (`*.example.com`, `app.example.com`) https is meant. Throws naming the entry.
 */
export function parseOriginPattern(entry: string): OriginPattern {
  const text = entry.trim();
  if (text === '*') throw new Error('"*" would let every site call the API: name the origins (https://app.example.com, https://*.example.com)');
  const m = ENTRY.exec(text.includes('://') ? text : `https://${text}`);
  if (!m) throw new Error(`"${text}" is not an origin (scheme://host[:port], e.g. http://127.0.0.1:6100) or a *.domain pattern`);
  const scheme = m[1]!.toLowerCase() as 'http' | 'https';
  const host = m[3]!.toLowerCase();
  if (Number(m[4] ?? 0) > 65535) throw new Error(`"${text}": port ${m[4]} is out of range`);
  if (m[2] && !host.includes('.')) throw new Error(`"${text}": a wildcard must stand for subdomains of a domain with a dot (*.example.com)`);
  return { scheme, host, wildcard: !!m[2], port: portOf(scheme, m[4]) };
}

/** Parse the comma-separated allow-list (empty: no CORS). */
export function parseOriginList(value: string | undefined): OriginPattern[] {
  return (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map(parseOriginPattern);
}

/** Whether a request's Origin header is on the allow-list. */
export function originAllowed(origin: string, patterns: readonly OriginPattern[]): boolean {
  const m = ORIGIN.exec(origin);
  if (!m) return false;
  const scheme = m[1]!.toLowerCase();
  const host = m[2]!.toLowerCase();
  const port = portOf(scheme, m[3]);
  return patterns.some((p) => p.scheme === scheme && p.port === port && (p.wildcard ? host.endsWith(`.${p.host}`) : host === p.host));
}
