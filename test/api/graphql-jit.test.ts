import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_TOKEN } from '../../src/server/graphiql-defaults';
import { startTestApp, type TestApp } from '../support/app';
import { newLeave, newVpn } from '../support/cases';
import { dialects } from '../support/db';

const LIST = `query List($page: Int!, $perPage: Int!) {
  tickets(category: ALL, page: $page, perPage: $perPage) {
    total page perPage
    items { id sn title stateId createdAt updatedAt multiAllPerson inAddNode state { id name } workflow { id name } participantInfo { participantName participantAlias } creatorInfo { username } }
  }
}`;
const DETAIL = `query Detail($id: Int!) {
  ticket(id: $id) { id sn values fieldList { fieldKey fieldValue fieldAttribute } transitions { transitionId transitionName } flowLogs(perPage: 5) { total items { id suggestion } } }
}`;

/** Each answer of the same request sent four times: graphql-js first, then the compiled query (see src/server/jit.ts). */
async function fourTimes(t: TestApp, query: string, variables: Record<string, unknown>, username = 'admin') {
  const answers = [];
  for (let i = 0; i < 4; i++) {
    const res = await request(t.app)
      .post('/graphql')
      .set({ Authorization: `Bearer ${DEMO_TOKEN}`, username })
      .send({ query, variables });
    answers.push({ status: res.status, body: res.body });
  }
  return answers;
}

describe.each(dialects())('compiled GraphQL queries on %s', (dialect) => {
  let t: TestApp;
  let leave: number;
  beforeAll(async () => {
    t = await startTestApp(dialect);
    leave = await newLeave(t);
    await newVpn(t, 'webb');
    await newVpn(t);
  });
  afterAll(async () => t?.close());

  it('a repeated list query answers exactly what graphql-js answered the first time', async () => {
    const answers = await fourTimes(t, LIST, { page: 1, perPage: 2 });
    expect(answers[0].body.errors, JSON.stringify(answers[0].body.errors)).toBeUndefined();
    expect(answers[0].body.data.tickets.items).toHaveLength(2);
    for (const a of answers.slice(1)) expect(a).toEqual(answers[0]);
  });

  it('a repeated detail query with nested lists and JSON scalars answers the same each time', async () => {
    const answers = await fourTimes(t, DETAIL, { id: leave });
    expect(answers[0].body.data.ticket.fieldList.length).toBeGreaterThan(0);
    expect(answers[0].body.data.ticket.flowLogs.total).toBe(1);
    for (const a of answers.slice(1)) expect(a).toEqual(answers[0]);
  });

  it('errors of a compiled query come out as graphql-js formats them: a missing ticket, a refused page size, a bad variable', async () => {
    const cases = [
      [DETAIL, { id: 999_999 }, 'TICKET_NOT_FOUND'],
      [LIST, { page: 1, perPage: 0 }, 'BAD_INPUT'],
      [DETAIL, { id: 'x' }, 'BAD_INPUT'],
    ] as const;
    for (const [query, variables, code] of cases) {
      const answers = await fourTimes(t, query, variables);
      expect(answers[0].body.errors?.[0]?.extensions?.code, JSON.stringify(answers[0].body)).toBe(code);
      for (const a of answers.slice(1)) expect(a).toEqual(answers[0]);
    }
  });

  it('mutations are never compiled or run twice: four comments make four logs', async () => {
    const comment = 'mutation C($id: Int!) { addTicketComment(input: { ticketId: $id, suggestion: "jit" }) { id } }';
    const answers = await fourTimes(t, comment, { id: leave });
    for (const a of answers) expect(a.body.errors).toBeUndefined();
    const logs = await fourTimes(t, DETAIL, { id: leave });
    expect(logs[3].body.data.ticket.flowLogs.total).toBe(5);
  });
});
