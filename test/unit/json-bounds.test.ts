import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describeOverflow, jsonOverflow } from '../../src/domain/json-bounds';

describe('jsonOverflow', () => {
  it('counts exactly the characters JSON.stringify writes', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const chars = JSON.stringify(value).length;
        expect(jsonOverflow(value, { maxDepth: 1000, maxChars: chars })).toBeNull();
        expect(jsonOverflow(value, { maxDepth: 1000, maxChars: chars - 1 })?.bound).toBe('chars');
      }),
      { numRuns: 300 },
    );
  });

  it('reports the path of the first value past the depth, in document order', () => {
    const value = { a: [1, { b: 2 }], c: [[[3]]] };
    expect(jsonOverflow(value, { maxDepth: 3 })).toEqual({ bound: 'depth', limit: 3, path: ['c', 0, 0] });
    expect(jsonOverflow(value, { maxDepth: 4 })).toBeNull();
    expect(jsonOverflow('scalar', { maxDepth: 0 })).toBeNull();
    expect(jsonOverflow([], { maxDepth: 0 })).toEqual({ bound: 'depth', limit: 0, path: [] });
  });

  it('walks 100,000 levels without recursion', () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(jsonOverflow(deep, { maxDepth: 200_000 })).toBeNull();
    expect(jsonOverflow(deep, { maxDepth: 32 })?.path).toHaveLength(32);
  });

  it('counts a shared value each time it appears and stops at the bound, not at the end of the expansion', () => {
    const big = Array.from({ length: 50_000 }, (_, i) => i);
    const bomb = Object.fromEntries(Array.from({ length: 1000 }, (_, i) => [`k${i}`, big]));
    const started = performance.now();
    const overflow = jsonOverflow(bomb, { maxDepth: 10, maxValues: 100_000 });
    expect(performance.now() - started).toBeLessThan(1000);
    expect(overflow).toEqual({ bound: 'values', limit: 100_000, path: ['k1', 49_997] });
  });

  it('describes each bound in words', () => {
    expect(describeOverflow({ bound: 'depth', limit: 32, path: [] })).toBe('nested deeper than 32 levels');
    expect(describeOverflow({ bound: 'values', limit: 500_000, path: [] })).toBe('more than 500,000 values');
    expect(describeOverflow({ bound: 'chars', limit: 65_536, path: [] })).toBe('longer than 65,536 characters as JSON');
  });
});
