import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config';

describe('configuration from the environment', () => {
  it('LOONGATE_HEAP_GROWTH_PERCENT defaults to 100, takes 0 (V8 decides) to 1000, and a bad value is refused by name', () => {
    expect(loadConfig({}).heapGrowthPercent).toBe(100);
    expect(loadConfig({ LOONGATE_HEAP_GROWTH_PERCENT: '0' }).heapGrowthPercent).toBe(0);
    expect(loadConfig({ LOONGATE_HEAP_GROWTH_PERCENT: '250' }).heapGrowthPercent).toBe(250);
    for (const bad of ['-1', '1001', '1.5', 'lots']) {
      expect(() => loadConfig({ LOONGATE_HEAP_GROWTH_PERCENT: bad })).toThrow(/^LOONGATE_HEAP_GROWTH_PERCENT: .*\(got "/);
    }
  });
});
