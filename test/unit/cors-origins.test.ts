import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config';
import { originAllowed, parseOriginList } from '../../src/server/cors-origins';

describe('CORS allow-list', () => {
  const list = parseOriginList('http://127.0.0.1:6100, https://app.example.com, *.corp.example.org, https://*.example.net:8443');

  it.each([
    ['http://127.0.0.1:6100', true],
    ['http://127.0.0.1:6101', false],
    ['https://127.0.0.1:6100', false],
    ['https://app.example.com', true],
    ['https://app.example.com:443', true],
    ['http://app.example.com', false],
    ['https://evil-app.example.com', false],
    ['https://app.example.com.evil.test', false],
    ['https://a.corp.example.org', true],
    ['https://a.b.corp.example.org', true],
    ['https://corp.example.org', false],
    ['https://xcorp.example.org', false],
    ['http://a.corp.example.org', false],
    ['https://x.example.net:8443', true],
    ['https://x.example.net', false],
    ['null', false],
    ['', false],
  ])('%s allowed: %s', (origin, allowed) => {
    expect(originAllowed(origin, list)).toBe(allowed);
  });

  it('is empty (no CORS) by default', () => {
    expect(loadConfig({}).corsOrigins).toEqual([]);
    expect(loadConfig({ LOONGATE_CORS_ORIGINS: ' , ' }).corsOrigins).toEqual([]);
  });

  it.each([
    ['*', /"\*" would let every site call the API/],
    ['http://127.0.0.1:6100/app', /is not an origin/],
    ['ftp://files.example.com', /is not an origin/],
    ['https://*.com', /a wildcard must stand for subdomains of a domain with a dot/],
    ['http://127.0.0.1:70000', /port 70000 is out of range/],
  ])('refuses %s at start, naming LOONGATE_CORS_ORIGINS', (value, reason) => {
    expect(() => loadConfig({ LOONGATE_CORS_ORIGINS: value })).toThrow(/^LOONGATE_CORS_ORIGINS: /);
    expect(() => loadConfig({ LOONGATE_CORS_ORIGINS: value })).toThrow(reason);
  });
});

describe('token and single sign-on configuration', () => {
  it('has defaults, and single sign-on needs the issuer, the audience and the app together', () => {
    expect(loadConfig({})).toMatchObject({ tokenMaxLifetimeSeconds: 3600, tokenClockSkewSeconds: 30, oidc: null, corsMaxAgeSeconds: 600 });
    const issuer = 'https://id.example.com/realms/x';
    expect(loadConfig({ LOONGATE_OIDC_ISSUER: issuer, LOONGATE_OIDC_AUDIENCE: 'spa', LOONGATE_OIDC_APP: 'ops' }).oidc).toEqual({
      issuer,
      audience: 'spa',
      appName: 'ops',
      usernameClaim: 'preferred_username',
      jwksUrl: null,
      jwksCacheSeconds: 600,
      jwksCooldownSeconds: 30,
    });
    expect(() => loadConfig({ LOONGATE_OIDC_ISSUER: issuer, LOONGATE_OIDC_APP: 'ops' })).toThrow(/^LOONGATE_OIDC_AUDIENCE: required/);
    expect(() => loadConfig({ LOONGATE_OIDC_ISSUER: issuer, LOONGATE_OIDC_AUDIENCE: 'spa' })).toThrow(/^LOONGATE_OIDC_APP: required/);
    expect(() => loadConfig({ LOONGATE_OIDC_AUDIENCE: 'spa' })).toThrow(/^LOONGATE_OIDC_AUDIENCE: is set but LOONGATE_OIDC_ISSUER is not/);
    expect(() => loadConfig({ LOONGATE_OIDC_ISSUER: 'not a url' })).toThrow(/^LOONGATE_OIDC_ISSUER: /);
    expect(() => loadConfig({ LOONGATE_TOKEN_MAX_LIFETIME: '0' })).toThrow(/^LOONGATE_TOKEN_MAX_LIFETIME: /);
    expect(() => loadConfig({ LOONGATE_OIDC_USERNAME_CLAIM: 'a b' })).toThrow(/^LOONGATE_OIDC_USERNAME_CLAIM: /);
  });
});
