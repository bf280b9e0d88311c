import { describe, expect, it } from 'vitest';
import { DEMO_DEFINITIONS, loadConfig } from '../../src/config';

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

describe('LOONGATE_SEED', () => {
  it('unset or empty: the demo on SQLite, nothing on MySQL/MariaDB', () => {
    expect(loadConfig({}).seed).toBe(DEMO_DEFINITIONS);
    expect(loadConfig({ DATABASE_URL: 'sqlite:/tmp/x.db', LOONGATE_SEED: '' }).seed).toBe(DEMO_DEFINITIONS);
    expect(loadConfig({ DATABASE_URL: 'mysql://u@db:3306/lg' }).seed).toBeNull();
    expect(loadConfig({ DATABASE_URL: 'mariadb://u@db:3306/lg', LOONGATE_SEED: ' ' }).seed).toBeNull();
  });

  it('demo, none or a file are obeyed on every database', () => {
    expect(loadConfig({ DATABASE_URL: 'mysql://u@db:3306/lg', LOONGATE_SEED: 'demo' }).seed).toBe(DEMO_DEFINITIONS);
    expect(loadConfig({ LOONGATE_SEED: 'none' }).seed).toBeNull();
    expect(loadConfig({ DATABASE_URL: 'mysql://u@db:3306/lg', LOONGATE_SEED: DEMO_DEFINITIONS }).seed).toBe(DEMO_DEFINITIONS);
  });

  it('a file that does not exist is refused by name', () => {
    expect(() => loadConfig({ LOONGATE_SEED: '/nowhere/seed.yaml' })).toThrow('LOONGATE_SEED: no file "/nowhere/seed.yaml"');
  });
});
