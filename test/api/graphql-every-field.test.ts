import {
  buildClientSchema,
  getIntrospectionQuery,
  getNamedType,
  isLeafType,
  isNonNullType,
  isObjectType,
  type GraphQLField,
  type GraphQLObjectType,
  type GraphQLSchema,
  type IntrospectionQuery,
} from 'graphql';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_TOKEN } from '../../src/server/graphiql-defaults';
import type { TestApp } from '../support/app';
import { createTicket, handleOk, newLeave, newVpn } from '../support/cases';
import { startTestApp } from '../support/app';
import { dialects } from '../support/db';
import * as op from '../generated';

type Field = GraphQLField<unknown, unknown>;

/** A query of one root field down a path of object fields, selecting every leaf field of the object at its end. */
interface Probe {
  name: string;
  query: string;
}

/**
 * Every object type reachable from each root query field, each with all its leaf fields selected (one query per
 * root field and type, so no query comes near the depth or cost limits). Fields whose required arguments the
 * test cannot give are reported, so a new one makes the test fail until it is given values.
 */
function probes(schema: GraphQLSchema, rootArgs: Record<string, string>): { probes: Probe[]; skipped: string[] } {
  const out: Probe[] = [];
  const skipped: string[] = [];
  const argsOf = (owner: string, field: Field, root: boolean): string | null => {
    const needed = field.args.filter((a) => isNonNullType(a.type) && a.defaultValue === undefined);
    if (root && rootArgs[field.name] !== undefined) return rootArgs[field.name] ? `(${rootArgs[field.name]})` : '';
    if (needed.length) {
      skipped.push(`${owner}.${field.name}(${needed.map((a) => a.name).join(', ')})`);
      return null;
    }
    return '';
  };
  for (const root of Object.values(schema.getQueryType()!.getFields())) {
    const rootArgsText = argsOf('Query', root, true);
    if (rootArgsText === null) continue;
    const seen = new Set<string>();
    const queue: { type: GraphQLObjectType; path: string[] }[] = [];
    const start = getNamedType(root.type);
    if (isLeafType(start)) {
      out.push({ name: `Query.${root.name}`, query: `{ ${root.name}${rootArgsText} }` });
      continue;
    }
    queue.push({ type: start as GraphQLObjectType, path: [`${root.name}${rootArgsText}`] });
    while (queue.length) {
      const { type, path } = queue.shift()!;
      if (seen.has(type.name)) continue;
      seen.add(type.name);
      const leaves: string[] = ['__typename'];
      for (const field of Object.values(type.getFields())) {
        const args = argsOf(type.name, field, false);
        if (args === null) continue;
        const named = getNamedType(field.type);
        if (isLeafType(named)) leaves.push(`${field.name}${args}`);
        else if (isObjectType(named)) queue.push({ type: named, path: [...path, `${field.name}${args}`] });
      }
      const query = path.reduceRight((inner, step) => `${step} { ${inner} }`, leaves.join(' '));
      out.push({ name: `${root.name} → ${type.name}`, query: `{ ${query} }` });
    }
  }
  return { probes: out, skipped: [...new Set(skipped)] };
}

describe.each(dialects())('GraphQL: every field of every type on the demo data (%s)', (dialect) => {
  let t: TestApp;
  let schema: GraphQLSchema;
  let leave: number;
  let ids: number[];
  let webhook: number;
  let plan: number;
  const auth = { Authorization: `Bearer ${DEMO_TOKEN}`, username: 'admin' };
  beforeAll(async () => {
    t = await startTestApp(dialect);
    const introspection = await request(t.app).post('/graphql').set(auth).send({ query: getIntrospectionQuery() });
    schema = buildClientSchema(introspection.body.data as IntrospectionQuery);
    // Tickets of the demo workflows in their states: waiting for a handler, sent back to the start, finished, closed.
    leave = await newLeave(t);
    const sentBack = await newLeave(t, 'webb');
    await handleOk(t, sentBack, 'admin', { transition_id: 3, suggestion: '请补充' });
    const finished = await newLeave(t, 'hr');
    await handleOk(t, finished, 'hr', { transition_id: 2 });
    await handleOk(t, finished, 'hr', { transition_id: 4 });
    const vpn = await newVpn(t);
    await handleOk(t, vpn, 'ops', { transition_id: 8 });
    const closed = await newVpn(t, 'lilian');
    expect((await t.rest('post', `/tickets/${closed}/close`, 'admin', { suggestion: '不需要了' })).body.code).toBe(0);
    const commented = await createTicket(t, { workflow_id: 2, transition_id: 6, title: 'comment me', reason: 'r' });
    expect((await t.rest('post', `/tickets/${commented}/comments`, 'admin', { suggestion: '看一下' })).body.code).toBe(0);
    ids = [leave, sentBack, finished, vpn, closed, commented];
    const made = await t.rest('post', '/webhooks', 'admin', { url: 'http://127.0.0.1:9/every-field', secret: 'every-field-secret-0123' });
    webhook = made.body.data.id;
    await t.gqlOk(op.VPublishDocument, { id: 1 });
    await t.gqlOk(op.AUpdateWorkflowDocument, { id: 1, input: { description: '请假申请 (version 2)' } });
    await t.gqlOk(op.VPublishDocument, { id: 1 });
    plan = (await t.gqlOk(op.VPlanDocument, { workflowId: 1, fromVersion: 1, toVersion: 2 })).planMigration.id;
  });
  afterAll(async () => t?.close());

  it('answers every probe without an INTERNAL error (enum fields map every stored value)', async () => {
    const rootArgs = {
      state: 'id: 2',
      ticket: `id: ${leave}`,
      ticketStates: `ids: [${ids.join(', ')}]`,
      ticketTransitions: `id: ${leave}`,
      ticketActions: `id: ${leave}`,
      canCreate: 'workflowId: 1',
      simulateTransition: `ticketId: ${leave}, transitionId: 2`,
      simulateCreate: 'workflowId: 2, transitionId: 6, fields: { title: "t" }',
      simulateWorkflow: 'workflowId: 1, path: [1, 2, 4], fields: { title: "t" }',
      webhook: `id: ${webhook}`,
      tickets: 'category: ALL, perPage: 100',
      workflow: 'id: 1',
      slaReport: 'workflowIds: [1], from: "2020-01-01T00:00:00Z", to: "2100-01-01T00:00:00Z"',
      workflowDiff: 'id: 1, from: 1, to: 2',
      migrationPlan: `id: ${plan}`,
    };
    const { probes: all, skipped } = probes(schema, rootArgs);
    expect(skipped, 'fields with required arguments the test gives no value for').toEqual([]);
    expect(all.length).toBeGreaterThan(30);
    const reached = new Set(all.map((p) => p.name.split(' → ')[1]).filter(Boolean));
    for (const type of ['Ticket', 'AvailableTransition', 'FlowLog', 'TicketField', 'State', 'Transition', 'CustomField', 'ParticipantInfo']) {
      expect(reached, type).toContain(type);
    }
    const failures: string[] = [];
    for (const probe of all) {
      const res = await request(t.app).post('/graphql').set(auth).send({ query: probe.query });
      const errors = (res.body.errors ?? []) as { message: string; path?: unknown[]; extensions?: { code?: string } }[];
      for (const e of errors) failures.push(`${probe.name}: ${e.extensions?.code} ${e.message} at ${JSON.stringify(e.path)}`);
      if (res.status !== 200) failures.push(`${probe.name}: HTTP ${res.status}`);
    }
    expect(failures).toEqual([]);
  });

  it('Ticket.transitions { attributeType } on a leave ticket, as admin, is the enum of attributeTypeId', async () => {
    const res = await request(t.app)
      .post('/graphql')
      .set(auth)
      .send({ query: `{ ticket(id: ${leave}) { transitions { transitionId attributeTypeId attributeType } } }` });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.ticket.transitions).toEqual([
      { transitionId: 2, attributeTypeId: 1, attributeType: 'AGREE' },
      { transitionId: 3, attributeTypeId: 2, attributeType: 'REFUSE' },
    ]);
  });
});
