import { createRemoteJWKSet, type JWTVerifyGetKey } from 'jose';
import type { OidcConfig } from '../config';
import { ErrorCode } from '../domain/errors';
import { tokenRefusal } from './user-token-errors';

const DISCOVERY_TIMEOUT_MS = 5000;
const keySets = new WeakMap<OidcConfig, Promise<JWTVerifyGetKey>>();

async function jwksUriOf(oidc: OidcConfig): Promise<string> {
  if (oidc.jwksUrl) return oidc.jwksUrl;
  const url = `${oidc.issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
  const res = await fetch(url, { signal: AbortSignal.timeout(DISCOVERY_TIMEOUT_MS), redirect: 'error' });
  if (!res.ok) throw new Error(`${url} answered HTTP ${res.status}`);
  const doc = (await res.json()) as { issuer?: unknown; jwks_uri?: unknown };
  if (doc.issuer !== oidc.issuer) throw new Error(`${url} names the issuer ${JSON.stringify(doc.issuer)}, not LOONGATE_OIDC_ISSUER (${oidc.issuer})`);
  if (typeof doc.jwks_uri !== 'string') throw new Error(`${url} gives no jwks_uri`);
  return doc.jwks_uri;
}

async function createKeySet(oidc: OidcConfig): Promise<JWTVerifyGetKey> {
  const uri = await jwksUriOf(oidc);
  return createRemoteJWKSet(new URL(uri), {
    cacheMaxAge: oidc.jwksCacheSeconds * 1000,
    cooldownDuration: oidc.jwksCooldownSeconds * 1000,
    timeoutDuration: DISCOVERY_TIMEOUT_MS,
  });
}

/**
 * The provider's key set, fetched on first use and cached (a token with an unknown key id fetches it again, at most
 * once per cooldown). A failed discovery is tried again on the next request.
 */
export function oidcKeys(oidc: OidcConfig): Promise<JWTVerifyGetKey> {
  let keys = keySets.get(oidc);
  if (!keys) {
    keys = createKeySet(oidc);
    keySets.set(oidc, keys);
    keys.catch(() => keySets.delete(oidc));
  }
  return keys.catch((err: Error) => {
    throw tokenRefusal(ErrorCode.UNAUTHENTICATED, `the identity provider's discovery failed: ${err.message}`);
  });
}
