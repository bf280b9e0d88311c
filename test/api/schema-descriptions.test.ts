import { getIntrospectionQuery, type IntrospectionQuery, type IntrospectionType } from 'graphql';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_TOKEN } from '../../src/server/graphiql-defaults';
import { startTestApp, type TestApp } from '../support/app';

const AUTH = { Authorization: `Bearer ${DEMO_TOKEN}`, username: 'admin' };

/** Every type, field, argument, input field and enum value of the schema, with its description. */
function schemaElements(types: readonly IntrospectionType[]): { path: string; description: string | null | undefined }[] {
  const out: { path: string; description: string | null | undefined }[] = [];
  for (const type of types) {
    if (type.name.startsWith('__')) continue;
    out.push({ path: type.name, description: type.description });
    if ('fields' in type && type.fields) {
      for (const field of type.fields) {
        out.push({ path: `${type.name}.${field.name}`, description: field.description });
        for (const arg of field.args) out.push({ path: `${type.name}.${field.name}(${arg.name})`, description: arg.description });
      }
    }
    if (type.kind === 'INPUT_OBJECT') for (const field of type.inputFields) out.push({ path: `${type.name}.${field.name}`, description: field.description });
    if (type.kind === 'ENUM') for (const value of type.enumValues) out.push({ path: `${type.name}.${value.name}`, description: value.description });
  }
  return out;
}

describe('the schema explains itself', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp('sqlite');
  });
  afterAll(async () => t?.close());

  it('every type, field, argument and enum value has an English description without section references', async () => {
    const res = await request(t.app).post('/graphql').set(AUTH).send({ query: getIntrospectionQuery() }).expect(200);
    const { __schema } = res.body.data as IntrospectionQuery;
    const elements = schemaElements(__schema.types);
    expect(elements.length).toBeGreaterThan(600);
    expect(elements.filter((e) => !e.description?.trim()).map((e) => e.path)).toEqual([]);
    expect(elements.filter((e) => e.description!.includes('§')).map((e) => e.path)).toEqual([]);
    for (const name of ['Ticket', 'Workflow', 'Query', 'Mutation', 'Mutation.createTicket', 'Mutation.handleTicket', 'ActState.FINISHED']) {
      expect(elements.find((e) => e.path === name)?.description, name).toMatch(/^[A-Z].{10,}/);
    }
  });

  it('suggests the name meant for a misspelt field outside production', async () => {
    const res = await request(t.app).post('/graphql').set(AUTH).send({ query: '{ workflowz { id } }' });
    expect(res.body.errors[0].message).toBe('Cannot query field "workflowz" on type "Query". Did you mean "workflow", "workflows", or "workflowDiff"?');
  });
});

describe('in production (NODE_ENV=production)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp('sqlite', { NODE_ENV: 'production' });
  });
  afterAll(async () => t?.close());

  it('errors give no suggestions that spell out the schema', async () => {
    const res = await request(t.app).post('/graphql').set(AUTH).send({ query: '{ workflowz { id } }' });
    expect(res.body.errors[0].message).toMatch(/^Cannot query field "workflowz" on type "Query"\.?/);
    expect(JSON.stringify(res.body)).not.toContain('Did you mean');
  });
});
