import { signature } from '../services/auth.service';

/** The answer of a signed POST. */
export interface PostResult {
  status: number;
  json: Record<string, unknown> | null;
  text: string;
}

/** POST JSON with loonflow's `signature`/`timestamp` headers; redirects are not followed. */
export async function postSigned(url: string, token: string, body: unknown, timeoutMs: number): Promise<PostResult> {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', timestamp, signature: signature(timestamp, token) },
    body: JSON.stringify(body),
    redirect: 'manual',
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = (await res.text()).slice(0, 100_000);
  let json: Record<string, unknown> | null = null;
  try {
    const parsed = JSON.parse(text);
    json = typeof parsed === 'object' && parsed !== null ? parsed : null;
  } catch {
    json = null;
  }
  return { status: res.status, json, text };
}
