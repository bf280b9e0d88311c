import crypto from 'node:crypto';
import type { EntityManager } from '@mikro-orm/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { attachCatalog } from '../../src/db/catalog';
import { App } from '../../src/db/entities';
import { authenticate, safeEqual, signature, SIGNATURE_WINDOW_SECONDS } from '../../src/services/auth.service';

const TOKEN = '8cd585da-3cc6-11e8-9946-784f437daad6';
const APP = Object.assign(new App(), { id: 1, name: 'ops', token: TOKEN, isDeleted: false });
const NOW = 1_800_000_000;

/** An EntityManager that knows the one app and no users (authenticate reads nothing else), with an uncached catalog. */
const em = {
  config: {},
  findOne: async (entity: unknown, where: { name?: string }) => (entity === App && where.name === APP.name ? APP : null),
  find: async (entity: unknown) => (entity === App ? [APP] : []),
  getConnection: () => ({ execute: async () => [{ revision: 1 }] }),
  isInTransaction: () => true,
  getTransactionContext: () => undefined,
} as unknown as EntityManager;
attachCatalog(em, em, true);

const headers = (values: Record<string, string>) => (name: string) => values[name];
/** The headers of a request signed at `ts`, as a replaying attacker would have captured them. */
const captured = (ts: number, token = TOKEN) => headers({ appname: 'ops', timestamp: String(ts), signature: signature(String(ts), token), username: 'admin' });

afterEach(() => vi.restoreAllMocks());

describe('signature helpers', () => {
  it('signs as loonflow documents: lowercase hex md5(timestamp + token)', () => {
    expect(signature('1586660000', TOKEN)).toBe(crypto.createHash('md5').update(`1586660000${TOKEN}`).digest('hex'));
  });

  it('compares through a constant-time comparison of fixed-length digests, whatever the lengths', () => {
    const spy = vi.spyOn(crypto, 'timingSafeEqual');
    expect(safeEqual('token-aaaa', 'token-aaab')).toBe(false);
    expect(safeEqual('token-aaaa', 'xoken-aaaa')).toBe(false);
    expect(safeEqual('short', 'a much longer token')).toBe(false);
    expect(safeEqual('same', 'same')).toBe(true);
    expect(spy).toHaveBeenCalledTimes(4);
    for (const [a, b] of spy.mock.calls) expect([(a as Buffer).length, (b as Buffer).length]).toEqual([32, 32]);
  });
});

describe('a signed request replayed later', () => {
  it('is accepted within the window and refused outside it, in the past and in the future', async () => {
    expect((await authenticate(em, captured(NOW), NOW)).app.name).toBe('ops');
    expect((await authenticate(em, captured(NOW), NOW + SIGNATURE_WINDOW_SECONDS)).app.name).toBe('ops');
    const expired = 'permission check fail：The signature you provide in request header is expire, please ensure in 120s';
    await expect(authenticate(em, captured(NOW), NOW + SIGNATURE_WINDOW_SECONDS + 1)).rejects.toMatchObject({ code: 'UNAUTHENTICATED', message: expired });
    await expect(authenticate(em, captured(NOW), NOW + 86_400)).rejects.toMatchObject({ message: expired });
    await expect(authenticate(em, captured(NOW + SIGNATURE_WINDOW_SECONDS + 1), NOW)).rejects.toMatchObject({ message: expired });
  });

  it('cannot be moved into the window by changing the timestamp: the signature covers it', async () => {
    const stale = captured(NOW - 3600);
    const moved = (name: string) => (name === 'timestamp' ? String(NOW) : stale(name));
    await expect(authenticate(em, moved, NOW)).rejects.toMatchObject({
      message: 'permission check fail：The signature you provide in request header is invalid',
    });
  });
});

describe('a wrong credential of the right length', () => {
  const invalid = 'permission check fail：The signature you provide in request header is invalid';

  it('a signature made with a token differing in one character is refused, through timingSafeEqual on equal-length buffers', async () => {
    const near = `${TOKEN.slice(0, -1)}${TOKEN.endsWith('6') ? '7' : '6'}`;
    expect(near).toHaveLength(TOKEN.length);
    const spy = vi.spyOn(crypto, 'timingSafeEqual');
    await expect(authenticate(em, captured(NOW, near), NOW)).rejects.toMatchObject({ code: 'UNAUTHENTICATED', message: invalid });
    const good = signature(String(NOW), TOKEN);
    const flipped = `${good.slice(0, -1)}${good.endsWith('0') ? '1' : '0'}`;
    await expect(authenticate(em, headers({ appname: 'ops', timestamp: String(NOW), signature: flipped, username: 'admin' }), NOW)).rejects.toMatchObject({
      message: invalid,
    });
    expect(spy).toHaveBeenCalledTimes(2);
    for (const [a, b] of spy.mock.calls) expect((a as Buffer).length).toBe((b as Buffer).length);
  });

  it('a bearer token differing in one character is refused the same way', async () => {
    const spy = vi.spyOn(crypto, 'timingSafeEqual');
    const near = `x${TOKEN.slice(1)}`;
    await expect(authenticate(em, headers({ authorization: `Bearer ${near}`, username: 'admin' }), NOW)).rejects.toMatchObject({
      code: 'UNAUTHENTICATED',
      message: 'permission check fail：the bearer token is invalid',
    });
    expect(spy).toHaveBeenCalled();
    for (const [a, b] of spy.mock.calls) expect((a as Buffer).length).toBe((b as Buffer).length);
    expect((await authenticate(em, headers({ authorization: `Bearer ${TOKEN}`, username: 'admin' }), NOW)).app.name).toBe('ops');
  });
});
