import { afterEach, describe, expect, it, vi } from 'vitest';
import { ListTotals } from '../../src/db/list-totals';

function counter(values: number[]) {
  let calls = 0;
  const pending: (() => void)[] = [];
  return {
    get calls() {
      return calls;
    },
    count: () =>
      new Promise<number>((resolve) => {
        const value = values[calls++];
        pending.push(() => resolve(value));
      }),
    finishAll: () => {
      for (const finish of pending.splice(0)) finish();
    },
  };
}

describe('ListTotals', () => {
  afterEach(() => vi.useRealTimers());

  it('identical lists asking while a count runs share it', async () => {
    const totals = new ListTotals();
    const c = counter([7]);
    const a = totals.total('k', 0, c.count);
    const b = totals.total('k', 0, c.count);
    c.finishAll();
    expect([await a, await b]).toEqual([7, 7]);
    expect(c.calls).toBe(1);
  });

  it('with no TTL a finished count is not reused; different lists never share', async () => {
    const totals = new ListTotals();
    const c = counter([1, 2, 3]);
    const first = totals.total('k', 0, c.count);
    c.finishAll();
    await first;
    const other = totals.total('other', 0, c.count);
    const again = totals.total('k', 0, c.count);
    c.finishAll();
    expect([await other, await again]).toEqual([2, 3]);
    expect(c.calls).toBe(3);
  });

  it('a finished count is reused within the TTL; after it, the old total answers while one recount runs', async () => {
    vi.useFakeTimers({ now: 1_000_000, toFake: ['Date'] });
    const totals = new ListTotals();
    const c = counter([5, 6]);
    const first = totals.total('k', 1000, c.count);
    c.finishAll();
    expect(await first).toBe(5);
    vi.setSystemTime(1_000_900);
    expect(await totals.total('k', 1000, c.count)).toBe(5);
    vi.setSystemTime(1_001_100);
    expect(await totals.total('k', 1000, c.count)).toBe(5);
    expect(await totals.total('k', 1000, c.count)).toBe(5);
    expect(c.calls).toBe(2);
    c.finishAll();
    await Promise.resolve();
    expect(await totals.total('k', 1000, c.count)).toBe(6);
    expect(c.calls).toBe(2);
  });

  it('a failed recount keeps the old total and is tried again', async () => {
    vi.useFakeTimers({ now: 1_000_000, toFake: ['Date'] });
    const totals = new ListTotals();
    expect(await totals.total('k', 1000, async () => 5)).toBe(5);
    vi.setSystemTime(1_002_000);
    let failed = 0;
    expect(await totals.total('k', 1000, () => (failed++, Promise.reject(new Error('busy'))))).toBe(5);
    await new Promise((r) => setImmediate(r));
    expect(await totals.total('k', 1000, async () => 7)).toBe(5);
    await new Promise((r) => setImmediate(r));
    expect(await totals.total('k', 1000, async () => 8)).toBe(7);
    expect(failed).toBe(1);
  });

  it('a slow count is reused for ten times as long as it took, when that is longer than the TTL', async () => {
    vi.useFakeTimers({ now: 1_000_000, toFake: ['Date'] });
    const totals = new ListTotals();
    const c = counter([5, 6]);
    const first = totals.total('k', 1000, c.count);
    vi.setSystemTime(1_000_500);
    c.finishAll();
    expect(await first).toBe(5);
    vi.setSystemTime(1_004_900);
    expect(await totals.total('k', 1000, c.count)).toBe(5);
    expect(c.calls).toBe(1);
    vi.setSystemTime(1_005_100);
    expect(await totals.total('k', 1000, c.count)).toBe(5);
    expect(c.calls).toBe(2);
  });

  it('a commit in this process makes the next list count again, even within the TTL', async () => {
    const totals = new ListTotals();
    const c = counter([5, 6]);
    const first = totals.total('k', 60_000, c.count);
    c.finishAll();
    await first;
    totals.committed();
    const after = totals.total('k', 60_000, c.count);
    c.finishAll();
    expect(await after).toBe(6);
  });

  it('a failed count is forgotten', async () => {
    const totals = new ListTotals();
    await expect(totals.total('k', 60_000, () => Promise.reject(new Error('gone')))).rejects.toThrow('gone');
    expect(await totals.total('k', 60_000, async () => 3)).toBe(3);
  });
});
