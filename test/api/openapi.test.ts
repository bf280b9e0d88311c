import { Validator } from '@seriousme/openapi-schema-validator';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTES } from '../../src/rest/routes';
import { startTestApp, type TestApp } from '../support/app';

describe('OpenAPI document of the REST table', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp('sqlite');
  });
  afterAll(async () => t?.close());

  it('is a valid OpenAPI 3.1 document', async () => {
    const res = await request(t.app).get('/api/v1.0/openapi.json').expect(200);
    const result = await new Validator().validate(res.body);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(res.body.openapi).toBe('3.1.0');
  });

  it('documents every route of the table, with its parameters', async () => {
    const { body } = await request(t.app).get('/api/v1.0/openapi.json');
    for (const route of ROUTES) {
      const op = body.paths[`/api/v1.0${route.path}`]?.[route.method];
      expect(op, `${route.method} ${route.path}`).toBeTruthy();
      for (const p of route.params ?? []) expect(op.parameters.map((x: { name: string }) => x.name)).toContain(p.name);
    }
    expect(Object.values(body.paths).flatMap((p) => Object.keys(p as object))).toHaveLength(ROUTES.length);
  });
});
