import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_DEFINITIONS } from '../../src/config';
import { State } from '../../src/db/entities';
import {
  TDeliverDocument,
  THandleDocument,
  XSimulateCreateDocument,
  XSimulateTransitionDocument,
  XSimulateWorkflowDocument,
  XTicketActionsFieldDocument,
} from '../generated';
import { flushCatalogEdit, type TestApp } from '../support/app';
import { createTicket, newLeave, newMode, startCasesApp, TO, WF } from '../support/cases';
import { dialects } from '../support/db';

describe.each(dialects())('simulation (%s)', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startCasesApp(dialect);
  });
  afterAll(async () => t?.close());

  const draft = (extra: Record<string, unknown> = {}) =>
    createTicket(t, { workflow_id: WF.REQUIRED, transition_id: 103, title: 'draft', reason: 'why', ...extra }, 'webb');
  const simulate = async (ticketId: number, transitionId: number, fields: Record<string, unknown>, username: string) =>
    (await t.gqlOk(XSimulateTransitionDocument, { ticketId, transitionId, fields }, username)).simulateTransition;

  it('the destination and why: each condition with its substituted values and result', async () => {
    const id = await draft();
    const urgent = await simulate(id, 100, { days: 5 }, 'webb');
    expect(urgent).toMatchObject({ allowed: true, sourceStateId: 100, destinationStateId: 102, chosenByCondition: 1, actStateId: 1 });
    expect(urgent.conditions).toEqual([{ index: 1, expression: '{days} > 3', values: { days: 5 }, result: true, targetStateId: 102, error: null }]);
    const normal = await simulate(id, 100, { days: 2 }, 'webb');
    expect(normal).toMatchObject({ destinationStateId: 101, chosenByCondition: 0 });
    expect(normal.conditions[0]).toMatchObject({ values: { days: 2 }, result: false });
    const broken = await simulate(id, 100, {}, 'webb');
    expect(broken.availability.reason).toBe('CONDITION_FAILED');
    expect(broken.conditions[0]).toMatchObject({ values: { days: null }, result: false });
    expect(broken.conditions[0].error).toBeTruthy();
  });

  it('the participants and how they were resolved; the values that would be stored; invalid values with reasons', async () => {
    const id = await draft();
    const sim = await simulate(id, 100, { days: '5', note: 'ignored here' }, 'webb');
    expect(sim.participants).toEqual({
      stateId: 102,
      source: 'rule',
      ruleTypeId: 1,
      rule: 'lilian',
      distributeTypeId: 2,
      participantTypeId: 1,
      participant: 'lilian',
      users: ['lilian'],
    });
    expect(sim.handlers).toEqual(['lilian']);
    expect(sim.values).toEqual({ days: 5 });
    const bad = await simulate(id, 100, { days: 'many' }, 'webb');
    expect(bad.allowed).toBe(false);
    expect(bad.availability).toMatchObject({ reason: 'FIELD_INVALID', code: 'FIELD_INVALID' });
    expect(bad.invalidFields).toEqual([{ fieldKey: 'days', message: expect.stringContaining('days') }]);
  });

  it('remember_last_man: who last moved the ticket out of the state gets it back', async () => {
    const em = t.orm.em.fork();
    const state = await em.findOneOrFail(State, { id: 2 });
    state.rememberLastMan = true;
    await flushCatalogEdit(t, em);
    try {
      const id = await newLeave(t, 'admin');
      await t.gqlOk(TDeliverDocument, { input: { ticketId: id, targetUsername: 'webb' } }, 'admin');
      await t.gqlOk(THandleDocument, { input: { ticketId: id, transitionId: 3 } }, 'webb');
      const sim = await simulate(id, 1, {}, 'admin');
      expect(sim.participants).toMatchObject({ source: 'remember_last_man', users: ['webb'], ruleTypeId: 5, rule: 'creator_tl' });
      const moved = await t.gqlOk(THandleDocument, { input: { ticketId: id, transitionId: 1 } }, 'admin');
      expect(moved.handleTicket.participant).toBe('webb');
    } finally {
      state.rememberLastMan = false;
      await flushCatalogEdit(t, em);
    }
  });

  it('the countersign outcome: a vote that waits for the others', async () => {
    const id = await newMode(t, TO.ALL);
    const sim = await simulate(id, 142, {}, 'webb');
    expect(sim).toMatchObject({ allowed: true, destinationStateId: 132, countersign: { outcome: 'wait', pending: ['lilian'] }, handlers: ['lilian'] });
    expect(sim.participants).toBeNull();
    await t.gqlOk(THandleDocument, { input: { ticketId: id, transitionId: 142 } }, 'webb');
    const last = await simulate(id, 142, {}, 'lilian');
    expect(last).toMatchObject({ destinationStateId: 137, countersign: { outcome: 'move', pending: [] }, actStateId: 4 });
    const differs = await simulate(id, 143, {}, 'lilian');
    expect(differs.countersign).toEqual({ outcome: 'revote', pending: ['webb', 'lilian'] });
  });

  it('the jobs that would be queued: notices, a timer, a script', async () => {
    const timer = (await t.gqlOk(XSimulateCreateDocument, { workflowId: WF.MODES, transitionId: TO.TIMER, fields: { title: 't' } }, 'admin')).simulateCreate;
    expect(timer).toMatchObject({ allowed: true, sourceStateId: 130, destinationStateId: 139 });
    expect(timer.jobs).toEqual([
      { kind: 'notice', ticketId: 0, payload: { noticeId: 130, version: 1 }, delaySeconds: 0 },
      { kind: 'timer', ticketId: 0, payload: { transitionId: 149, stateId: 139, version: 1 }, delaySeconds: 60 },
    ]);
    const script = (await t.gqlOk(XSimulateCreateDocument, { workflowId: WF.MODES, transitionId: TO.SCRIPT, fields: { title: 't' } }, 'admin')).simulateCreate;
    expect(script.jobs.map((j) => j.kind)).toEqual(['notice', 'script']);
    expect(script.participants).toMatchObject({ ruleTypeId: 6, participantTypeId: 6, participant: 'grant_vpn', users: [] });
  });

  it('simulateCreate refuses as createTicket does', async () => {
    const missing = (await t.gqlOk(XSimulateCreateDocument, { workflowId: WF.REQUIRED, transitionId: 100, fields: { title: 'x' } }, 'webb')).simulateCreate;
    expect(missing.availability).toMatchObject({ reason: 'FIELDS_MISSING', details: { missing: ['reason'] } });
    const limited = (await t.gqlOk(XSimulateCreateDocument, { workflowId: WF.LIMIT_PERSON, transitionId: 110, fields: { title: 'x' } }, 'admin'))
      .simulateCreate;
    expect(limited.availability).toMatchObject({ reason: 'LIMIT_EXCEEDED', details: { rule: 'allow_persons' } });
  });

  it('a simulation changes nothing: the ticket keeps its version and the handle after it lands where it said', async () => {
    const id = await draft();
    const before = (await t.gqlOk(XTicketActionsFieldDocument, { id }, 'webb')).ticket.version;
    const sim = await simulate(id, 100, { days: 9 }, 'webb');
    expect((await t.gqlOk(XTicketActionsFieldDocument, { id }, 'webb')).ticket.version).toBe(before);
    const moved = await t.gqlOk(THandleDocument, { input: { ticketId: id, transitionId: 100, fields: { days: 9 }, expectedVersion: before } }, 'webb');
    expect([moved.handleTicket.stateId, moved.handleTicket.participant, moved.handleTicket.actStateId]).toEqual([
      sim.destinationStateId,
      sim.handlers.join(','),
      sim.actStateId,
    ]);
  });

  it("simulateWorkflow walks the demo's leave workflow by id and as an unpublished definition", async () => {
    const fields = { title: 'leave', reason: 'rest', date_start: '2026-01-05 09:00:00', date_end: '2026-01-06 18:00:00' };
    const byId = (await t.gqlOk(XSimulateWorkflowDocument, { workflowId: 1, path: [1, 2, 4], fields }, 'webb')).simulateWorkflow;
    expect(byId.map((s) => [s.transitionId, s.actor, s.simulation.destinationStateId, s.simulation.handlers])).toEqual([
      [1, 'webb', 2, ['admin']],
      [2, 'admin', 3, ['hr']],
      [4, 'hr', 4, []],
    ]);
    expect(byId[2].simulation.actStateId).toBe(4);
    const definition = fs.readFileSync(DEMO_DEFINITIONS, 'utf8');
    const byFile = (
      await t.gqlOk(XSimulateWorkflowDocument, { definition, workflowName: '请假流程', createAs: 'webb', path: [1, 3, 1, 2, 4], fields }, 'admin')
    ).simulateWorkflow;
    expect(byFile.map((s) => [s.transitionId, s.simulation.destinationStateId, s.simulation.actStateId])).toEqual([
      [1, 2, 1],
      [3, 1, 2],
      [1, 2, 1],
      [2, 3, 1],
      [4, 4, 4],
    ]);
    const stops = (await t.gqlOk(XSimulateWorkflowDocument, { workflowId: 1, path: [1, 4, 2], fields }, 'webb')).simulateWorkflow;
    expect(stops.map((s) => s.simulation.availability.reason)).toEqual([null, 'TRANSITION_NOT_AVAILABLE']);
    const notAdmin = await t.gql(XSimulateWorkflowDocument, { definition, workflowName: '请假流程', path: [1] }, 'webb');
    expect(notAdmin.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const res = await t.gql(XSimulateWorkflowDocument, { definition, workflowName: 'nope', path: [1] }, 'admin');
    expect(res.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_INPUT' }, message: expect.stringContaining('请假流程') });
  });
});
