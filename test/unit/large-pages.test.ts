import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { largePages, largePageTurn, requestScope, Turns } from '../../src/services/large-pages';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('large-page turns', () => {
  it('hands out at most `size` turns, then first come first served as turns are given back', async () => {
    const turns = new Turns(2);
    const order: string[] = [];
    const take = (name: string) => turns.take().then((giveBack) => (order.push(name), giveBack));
    const a = take('a');
    const b = take('b');
    const c = take('c');
    const d = take('d');
    await tick();
    expect(order).toEqual(['a', 'b']);
    expect(turns.waiting).toBe(2);
    const giveBackA = await a;
    giveBackA();
    giveBackA();
    await tick();
    expect(order).toEqual(['a', 'b', 'c']);
    (await b)();
    (await c)();
    (await d)();
    expect(order).toEqual(['a', 'b', 'c', 'd']);
    expect(turns.highWater).toBe(2);
    expect(turns.waiting).toBe(0);
    const again = await Promise.race([turns.take(), tick().then(() => null)]);
    expect(again).not.toBeNull();
  });

  it('a request holds one turn however many lists it reads, and gives it back when its response closes', async () => {
    const res = new EventEmitter();
    const scope = requestScope(res);
    const before = largePages.waiting;
    await largePageTurn(scope);
    await largePageTurn(scope);
    const others = Array.from({ length: largePages.size }, () => largePages.take());
    await tick();
    expect(largePages.waiting).toBe(before + 1);
    res.emit('close');
    const giveBacks = await Promise.all(others);
    for (const g of giveBacks) g();
    expect(largePages.waiting).toBe(0);
  });

  it('a request gives its turn back as soon as its face says the answer is built, before the client reads it', async () => {
    const res = new EventEmitter();
    const scope = requestScope(res);
    await largePageTurn(scope);
    const holders = Array.from({ length: largePages.size }, () => largePages.take());
    await tick();
    expect(largePages.waiting).toBe(1);
    scope.done();
    for (const g of await Promise.all(holders)) g();
    expect(largePages.waiting).toBe(0);
    res.emit('close');
  });

  it('a turn obtained after the response closed (the client left while waiting) is given back at once', async () => {
    const holders = await Promise.all(Array.from({ length: largePages.size }, () => largePages.take()));
    const res = new EventEmitter();
    const scope = requestScope(res);
    const waited = largePageTurn(scope);
    res.emit('close');
    for (const g of holders) g();
    await waited;
    const all = await Promise.all(Array.from({ length: largePages.size }, () => largePages.take()));
    expect(all).toHaveLength(largePages.size);
    for (const g of all) g();
  });

  it('without a request (the worker) there is nothing to wait for', async () => {
    await expect(largePageTurn(undefined)).resolves.toBeUndefined();
  });
});
