import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FlowLog, SlaVisit, Ticket, TicketVote, Workflow, App as AppRow } from '../../src/db/entities';
import { deadlockRetryCount } from '../../src/events/signal';
import { importDefinitions } from '../../src/db/definitions';
import { TCreateDocument, THandleDocument } from '../generated';
import { flushCatalogEdit, startTestApp, type TestApp } from '../support/app';
import { dialects } from '../support/db';

const LEAVE = { workflowId: 1, transitionId: 1, title: 'race', fields: { reason: 'r', date_start: '2020-04-13 00:00:00', date_end: '2020-04-14 00:00:00' } };

describe.each(dialects())('concurrent actions on one ticket (%s)', (dialect) => {
  let t: TestApp;
  let voteWorkflow: number;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    await importDefinitions(t.orm, fs.readFileSync(path.join(__dirname, '../fixtures/vote.yaml'), 'utf8'));
    const em = t.orm.em.fork();
    voteWorkflow = (await em.findOneOrFail(Workflow, { name: 'vote' })).id;
    const app = await em.findOneOrFail(AppRow, { name: 'ops' });
    app.workflowIds = [...app.workflowIds, voteWorkflow];
    await flushCatalogEdit(t, em);
  });
  afterAll(async () => t?.close());

  it('20 concurrent handles: exactly one moves the ticket, one flow log for the move', async () => {
    const { createTicket } = await t.gqlOk(TCreateDocument, { input: LEAVE });
    const results = await Promise.all(Array.from({ length: 20 }, () => t.gql(THandleDocument, { input: { ticketId: createTicket.id, transitionId: 2 } })));
    const winners = results.filter((r) => !r.errors);
    const losers = results.filter((r) => r.errors);
    expect(winners).toHaveLength(1);
    for (const r of losers) {
      expect(['NOT_A_PARTICIPANT', 'INVALID_TRANSITION', 'CONFLICT']).toContain(r.errors![0].extensions?.code);
      expect(r.errors![0].message.length).toBeGreaterThan(5);
    }
    const em = t.orm.em.fork();
    expect(await em.count(FlowLog, { ticketId: createTicket.id, transitionId: 2 })).toBe(1);
    expect((await em.findOneOrFail(Ticket, createTicket.id)).stateId).toBe(3);
  });

  it('4 handlers voting at once in an all-must-handle state lose no vote', async () => {
    const [start] = await t.orm.em.fork().find(Workflow, { id: voteWorkflow });
    expect(start).toBeTruthy();
    const em = t.orm.em.fork();
    const submit = (
      await em.getConnection().execute<{ id: number }[]>(`select id from transitions where workflow_id = ? and name = 'submit'`, [voteWorkflow])
    )[0].id;
    const approve = (
      await em.getConnection().execute<{ id: number }[]>(`select id from transitions where workflow_id = ? and name = 'approve'`, [voteWorkflow])
    )[0].id;
    const { createTicket } = await t.gqlOk(TCreateDocument, { input: { workflowId: voteWorkflow, transitionId: submit, title: 'vote' } });
    expect(createTicket.participant).toBe('ops,ops2,hr,webb');
    const voters = ['ops', 'ops2', 'hr', 'webb'];
    const results = await Promise.all(voters.map((u) => t.gql(THandleDocument, { input: { ticketId: createTicket.id, transitionId: approve } }, u)));
    expect(results.filter((r) => r.errors)).toEqual([]);
    const ticket = await t.orm.em.fork().findOneOrFail(Ticket, createTicket.id);
    expect(ticket.multiAllPerson).toEqual({});
    expect(await t.orm.em.fork().count(FlowLog, { ticketId: createTicket.id, transitionId: approve })).toBe(4);
    expect(ticket.actStateId).toBe(4);
  });

  it('4 handlers voting at once in a quorum-of-2 state: exactly one deciding vote and one move', async () => {
    const em = t.orm.em.fork();
    const id = async (name: string) =>
      (await em.getConnection().execute<{ id: number }[]>(`select id from transitions where workflow_id = ? and name = ?`, [voteWorkflow, name]))[0].id;
    const [submit, pass] = [await id('submit to quorum'), await id('pass')];
    const { createTicket } = await t.gqlOk(TCreateDocument, { input: { workflowId: voteWorkflow, transitionId: submit, title: 'quorum' } });
    const voters = ['ops', 'ops2', 'hr', 'webb'];
    const results = await Promise.all(voters.map((u) => t.gql(THandleDocument, { input: { ticketId: createTicket.id, transitionId: pass } }, u)));
    expect(results.filter((r) => !r.errors)).toHaveLength(2);
    for (const r of results.filter((x) => x.errors)) expect(['NOT_A_PARTICIPANT', 'CONFLICT']).toContain(r.errors![0].extensions?.code);
    const after = t.orm.em.fork();
    const ticket = await after.findOneOrFail(Ticket, createTicket.id);
    expect(ticket).toMatchObject({ actStateId: 4, multiAllPerson: {} });
    expect(await after.count(FlowLog, { ticketId: createTicket.id, transitionId: pass })).toBe(2);
    expect((await after.find(TicketVote, { ticketId: createTicket.id })).map((v) => v.outcome)).toEqual(['wait', 'move']);
  });

  it('50 concurrent creates get 50 distinct serial numbers', async () => {
    const results = await Promise.all(Array.from({ length: 50 }, () => t.gql(TCreateDocument, { input: LEAVE })));
    expect(results.filter((r) => r.errors)).toEqual([]);
    const sns = results.map((r) => r.data!.createTicket.sn);
    expect(new Set(sns).size).toBe(50);
    for (const sn of sns) expect(sn).toMatch(/^ops_\d{8}\d{4,}$/);
  });

  it('moves of 16 tickets without state visits (older than the visit table) at once: none dies as a deadlock victim', async () => {
    const ids: number[] = [];
    for (let i = 0; i < 16; i++) ids.push((await t.gqlOk(TCreateDocument, { input: LEAVE })).createTicket.id);
    await t.orm.em.fork().nativeDelete(SlaVisit, { ticketId: { $in: ids } });
    const retriesBefore = deadlockRetryCount();
    const results = await Promise.all(ids.map((ticketId) => t.gql(THandleDocument, { input: { ticketId, transitionId: 2 } })));
    expect(results.filter((r) => r.errors)).toEqual([]);
    expect(deadlockRetryCount()).toBe(retriesBefore);
    expect(await t.orm.em.fork().count(SlaVisit, { ticketId: { $in: ids }, leftAt: null })).toBe(16);
  });
});
