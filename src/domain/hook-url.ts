/** Hosts hooks and notices may reach when LOONGATE_HOOK_ALLOW is unset: loopback only. */
export const DEFAULT_HOOK_ALLOW = ['127.0.0.1', 'localhost', '::1'];

function hostMatches(host: string, pattern: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '');
  const p = pattern
    .toLowerCase()
    .trim()
    .replace(/^\[|\]$/g, '');
  if (p.startsWith('*.')) return h.endsWith(p.slice(1)) && h.length > p.length - 1;
  return h === p;
}

/** Why a hook or notice URL is refused by the allow-list (null: the defaults), or null when it may be called. */
export function hookUrlProblem(url: string, allow: readonly string[] | null): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `"${url}" is not a URL`;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return `"${url}" must use http or https`;
  const patterns = allow ?? DEFAULT_HOOK_ALLOW;
  if (!patterns.some((p) => hostMatches(parsed.hostname, p))) {
    return `host "${parsed.hostname}" is not in LOONGATE_HOOK_ALLOW (${patterns.join(', ')})`;
  }
  return null;
}
