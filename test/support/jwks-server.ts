import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK, type JWTPayload } from 'jose';

/** A signing key of the local identity provider. */
export interface ProviderKey {
  kid: string;
  privateKey: CryptoKey;
  jwk: JWK;
}

/** A local OpenID Connect provider: discovery, a key set it can rotate, and a count of key-set fetches. */
export interface LocalProvider {
  issuer: string;
  /** Keys the key set publishes now. */
  published: ProviderKey[];
  /** How often the key set was fetched. */
  fetches: number;
  newKey(kid: string): Promise<ProviderKey>;
  sign(key: ProviderKey, claims: JWTPayload, opts?: { expiresIn?: number; now?: number }): Promise<string>;
  close(): Promise<void>;
}

/** Start a provider on a loopback port with one published key, `k1`. */
export async function startLocalProvider(): Promise<LocalProvider> {
  const server = http.createServer((req, res) => {
    if (req.url === '/.well-known/openid-configuration') {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ issuer: provider.issuer, jwks_uri: `${provider.issuer}/keys` }));
    } else if (req.url === '/keys') {
      provider.fetches += 1;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys: provider.published.map((k) => k.jwk) }));
    } else {
      res.statusCode = 404;
      res.end();
    }
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const provider: LocalProvider = {
    issuer: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    published: [],
    fetches: 0,
    async newKey(kid) {
      const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true });
      return { kid, privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' } };
    },
    sign(key, claims, opts = {}) {
      const now = opts.now ?? Math.floor(Date.now() / 1000);
      return new SignJWT(claims)
        .setProtectedHeader({ alg: 'RS256', kid: key.kid })
        .setIssuedAt(now)
        .setExpirationTime(now + (opts.expiresIn ?? 300))
        .sign(key.privateKey);
    },
    async close() {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
  provider.published.push(await provider.newKey('k1'));
  return provider;
}
