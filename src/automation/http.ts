import { signature } from '../services/auth.service';

/** The most of a hook or notice answer that is read (64 kB); the rest is never downloaded. */
export const MAX_ANSWER_BYTES = 64 * 1024;

/** The answer of a signed POST. */
export interface PostResult {
  status: number;
  /** The answer parsed as a JSON object; null when it is not one, or was longer than MAX_ANSWER_BYTES. */
  json: Record<string, unknown> | null;
  /** The first MAX_ANSWER_BYTES of the answer as text. */
  text: string;
  /** The answer went on past MAX_ANSWER_BYTES: reading stopped there and the connection was dropped. */
  truncated: boolean;
}

/** Read at most `max` bytes of a body, then cancel it (the connection closes; nothing more is downloaded). */
async function readPrefix(body: ReadableStream<Uint8Array> | null, max: number): Promise<{ bytes: Uint8Array; truncated: boolean }> {
  if (!body) return { bytes: new Uint8Array(0), truncated: false };
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size <= max) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  const bytes = new Uint8Array(Math.min(size, max));
  let at = 0;
  for (const chunk of chunks) {
    if (at >= bytes.length) break;
    const part = chunk.subarray(0, bytes.length - at);
    bytes.set(part, at);
    at += part.byteLength;
  }
  return { bytes, truncated: size > max };
}

function jsonObject(text: string): Record<string, unknown> | null {
  try {
    const parsed = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null ? parsed : null;
  } catch {
    return null;
  }
}

/**
 * POST JSON with loonflow's `signature`/`timestamp` headers (and those `moreHeaders` derives from the exact body sent); redirects are not followed. One deadline covers
 * the connection, the headers and the reading of the answer, of which at most MAX_ANSWER_BYTES are read.
 */
export async function postSigned(
  url: string,
  token: string,
  body: unknown,
  timeoutMs: number,
  moreHeaders: (text: string) => Record<string, string> = () => ({}),
): Promise<PostResult> {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const signal = AbortSignal.timeout(timeoutMs);
  const text = JSON.stringify(body);
  const res = await fetch(url, {
    method: 'POST',
    headers: { ...moreHeaders(text), 'content-type': 'application/json', timestamp, signature: signature(timestamp, token) },
    body: text,
    redirect: 'manual',
    signal,
  });
  const { bytes, truncated } = await readPrefix(res.body, MAX_ANSWER_BYTES);
  const answer = new TextDecoder().decode(bytes);
  return { status: res.status, json: truncated ? null : jsonObject(answer), text: answer, truncated };
}
