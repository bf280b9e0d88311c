import crypto from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { safeEqual, signature } from '../../src/services/auth.service';

describe('signature helpers', () => {
  it('signs as loonflow documents: lowercase hex md5(timestamp + token)', () => {
    expect(signature('1586660000', '8cd585da-3cc6-11e8-9946-784f437daad6')).toBe(
      crypto.createHash('md5').update('15866600008cd585da-3cc6-11e8-9946-784f437daad6').digest('hex'),
    );
  });

  it('compares through a constant-time comparison of fixed-length digests, whatever the lengths', () => {
    const spy = vi.spyOn(crypto, 'timingSafeEqual');
    expect(safeEqual('token-aaaa', 'token-aaab')).toBe(false);
    expect(safeEqual('token-aaaa', 'xoken-aaaa')).toBe(false);
    expect(safeEqual('short', 'a much longer token')).toBe(false);
    expect(safeEqual('same', 'same')).toBe(true);
    expect(spy).toHaveBeenCalledTimes(4);
    for (const [a, b] of spy.mock.calls) expect([(a as Buffer).length, (b as Buffer).length]).toEqual([32, 32]);
    spy.mockRestore();
  });
});
