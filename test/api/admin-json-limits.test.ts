import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACreateDeptDocument, AImportDocument } from '../generated';
import type { TestApp } from '../support/app';
import { nestedObject, yamlBomb } from '../support/bombs';
import { expectGqlError } from '../support/cases';
import { startTestApp } from '../support/app';
import { dialects } from '../support/db';
import { fingerprint } from '../support/snapshot';

describe.each(dialects())('the admin API bounds what it stores as JSON and what a definitions document expands to (%s)', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(dialect);
  });
  afterAll(async () => t?.close());

  it('importDefinitions refuses the alias bomb at the path where it crosses the bound, quickly, and stores nothing', async () => {
    const before = await fingerprint(t.orm);
    const started = Date.now();
    const res = await t.gql(AImportDocument, { yaml: yamlBomb(1000) });
    expect(Date.now() - started).toBeLessThan(15_000);
    expectGqlError(res, 'BAD_INPUT', 'depts[1].label.k8[49982]: the document expands to more than 500,000 values (aliases count each time they are used)');
    expect(await fingerprint(t.orm)).toBe(before);
    const depts = await t.rest('get', '/accounts/depts?per_page=1000');
    expect(depts.text.length).toBeLessThan(20_000);
  });

  it('a dept or role label over 64 kB is refused naming label, on both faces; nothing is stored', async () => {
    const before = await fingerprint(t.orm);
    const big = { text: 'x'.repeat(70_000) };
    expectGqlError(await t.gql(ACreateDeptDocument, { input: { name: 'big label', label: big } }), 'BAD_INPUT', 'label: longer than 65,536 characters as JSON');
    const dept = await t.rest('post', '/accounts/depts', 'admin', { name: 'big label', parent_dept_id: 1, label: JSON.stringify(big) });
    expect(dept.body.code).toBe(-1);
    expect(dept.body.msg).toContain('label: longer than 65,536 characters as JSON');
    const role = await t.rest('post', '/accounts/roles', 'admin', { name: 'big role', label: JSON.stringify(big) });
    expect(role.body.code).toBe(-1);
    expect(role.body.msg).toContain('label: longer than 65,536 characters as JSON');
    expect(await fingerprint(t.orm)).toBe(before);
  });

  it('a label nested 100,000 levels deep is refused at the first value past 32 levels, never a stack overflow', async () => {
    const before = await fingerprint(t.orm);
    const body = `{"name": "deep", "parent_dept_id": 1, "label": ${'{"a": '.repeat(100_000)}1${'}'.repeat(100_000)}}`;
    const rest = await t.rest('post', '/accounts/depts').set('content-type', 'application/json').send(body);
    expect(rest.body.code, rest.text.slice(0, 300)).toBe(-1);
    expect(rest.body.msg).toContain(`label${'.a'.repeat(32)}: nested deeper than 32 levels`);
    expectGqlError(await t.gql(ACreateDeptDocument, { input: { name: 'deep', label: nestedObject(40) } }), 'BAD_INPUT', 'nested deeper than 32 levels');
    expect(await fingerprint(t.orm)).toBe(before);
  });

  it('a custom field default value over 64 kB is refused naming default_value over REST', async () => {
    const before = await fingerprint(t.orm);
    const res = await t.rest('post', '/workflows/1/custom_fields', 'admin', {
      field_key: 'huge',
      field_name: 'huge',
      field_type_id: 5,
      order_id: 1,
      default_value: 'x'.repeat(70_000),
      description: '',
      field_template: '',
      placeholder: '',
      boolean_field_display: '{}',
      field_choice: '{}',
      label: '{}',
    });
    expect(res.body.code).toBe(-1);
    expect(res.body.msg).toContain('default_value: longer than 65,536 characters as JSON');
    expect(await fingerprint(t.orm)).toBe(before);
  });
});
