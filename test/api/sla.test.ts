import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { DefinitionError, exportDefinitions, importDefinitions } from '../../src/db/definitions';
import { OutboxJob, SlaFiring, TicketEvent } from '../../src/db/entities';
import { THandleDocument, TSlaDocument, TSlaListDocument, TSlaReportDocument, TSlaStateDocument, TSlaWorkflowDocument } from '../generated';
import type { TestApp } from '../support/app';
import { drain, jobsOf, startAutomationSuite, stopAutomationSuite, testWorker, ticketRow } from '../support/automation';
import { createTicket, flowLogs, newLeave, ticketUsers } from '../support/cases';
import { dialects } from '../support/db';
import type { Receiver } from '../support/receiver';

const FIXTURE = fs.readFileSync(path.join(__dirname, '../fixtures/sla.yaml'), 'utf8');
const H = 3600;

/** The controllable clock: only Date is faked, so I/O and timers run as usual. */
const setNow = (iso: string) => vi.setSystemTime(new Date(iso));

describe.each(dialects())('SLA clocks, escalations and figures (%s)', (dialect) => {
  let t: TestApp;
  let receiver: Receiver;
  beforeAll(async () => {
    ({ t, receiver } = await startAutomationSuite(dialect));
    await importDefinitions(t.orm, FIXTURE.replaceAll('http://receiver.test', receiver.base), { hookAllow: t.config.hookAllow });
    vi.useFakeTimers({ toFake: ['Date'] });
  });
  afterEach(() => void vi.setSystemTime(new Date()));
  afterAll(async () => {
    vi.useRealTimers();
    await stopAutomationSuite(t, receiver);
  });

  const deskTicket = (title: string) => createTicket(t, { workflow_id: 40, transition_id: 400, title });
  const move = (ticketId: number, transitionId: number) => t.gqlOk(THandleDocument, { input: { ticketId, transitionId, fields: {} } });
  const clocks = async (id: number) => (await t.gqlOk(TSlaDocument, { id })).ticket;
  const listIds = async (filter: Record<string, unknown>) =>
    (await t.gqlOk(TSlaListDocument, { filter: { workflowIds: [40], createStart: '2026-01-01', ...filter } })).tickets.items.map((i) => i.id);

  it('due times count working hours in the workflow time zone: a Friday 17:00 ticket is due on Monday', async () => {
    setNow('2026-12-04T17:00:00+08:00');
    const id = await deskTicket('friday');
    const created = await clocks(id);
    expect(created.sla).toEqual([
      expect.objectContaining({ scope: 'TICKET', stateId: null, target: 16 * H, dueAt: '2026-12-08T07:00:00.000Z', elapsed: 0, paused: false, running: true }),
      expect.objectContaining({ scope: 'STATE', stateId: 401, stateName: '分派', target: 2 * H, dueAt: '2026-12-07T02:00:00.000Z', remaining: 2 * H }),
    ]);
    expect(created.slaDueAt).toBe('2026-12-07T02:00:00.000Z');

    setNow('2026-12-07T09:30:00+08:00');
    expect((await clocks(id)).sla[1]).toMatchObject({ elapsed: 1.5 * H, remaining: 0.5 * H, breached: false, breachedAt: null });
    expect(await listIds({ slaBreached: true })).not.toContain(id);

    setNow('2026-12-07T11:00:00+08:00');
    expect((await clocks(id)).sla[1]).toMatchObject({ elapsed: 3 * H, remaining: -H, breached: true, breachedAt: '2026-12-07T02:00:00.000Z' });
    expect(await listIds({ slaBreached: true })).toContain(id);
    expect(await listIds({ slaBreached: false })).not.toContain(id);
  });

  it('the ticket clock pauses while the requester is asked and resumes with what was left; the list columns follow', async () => {
    setNow('2026-12-08T10:00:00+08:00');
    const id = await deskTicket('pause');
    setNow('2026-12-08T11:00:00+08:00');
    await move(id, 401);
    const waiting = await clocks(id);
    expect(waiting.sla[0]).toMatchObject({ scope: 'TICKET', paused: true, dueAt: null, elapsed: H, remaining: 15 * H });
    expect(waiting.sla[1]).toMatchObject({ stateId: 401, running: false, breached: false, elapsed: H, stoppedAt: '2026-12-08T03:00:00.000Z' });
    expect(waiting.slaDueAt).toBeNull();

    setNow('2026-12-10T10:00:00+08:00');
    expect((await clocks(id)).sla[0]).toMatchObject({ paused: true, elapsed: H });
    await move(id, 402);
    const resumed = await clocks(id);
    // 15 working hours from Thursday 10:00: 8 on Thursday, 7 on Friday → Friday 16:00.
    expect(resumed.sla[0]).toMatchObject({ paused: false, dueAt: '2026-12-11T08:00:00.000Z', remaining: 15 * H });
    expect(resumed.sla[2]).toMatchObject({ stateId: 403, dueAt: '2026-12-10T06:00:00.000Z' });
    expect(resumed.slaDueAt).toBe('2026-12-10T06:00:00.000Z');
  });

  it('holidays are skipped, and the list sorted by due time is the same in GraphQL and REST', async () => {
    setNow('2026-12-24T17:30:00+08:00');
    const christmas = await deskTicket('christmas eve');
    // 30 minutes on Thursday, Friday 25 December is a holiday, then 90 minutes on Monday.
    expect((await clocks(christmas)).slaDueAt).toBe('2026-12-28T02:30:00.000Z');
    const sorted = await listIds({ sortByDueAt: true });
    expect(sorted.indexOf(christmas)).toBe(sorted.length - 1);
    const rest = await t.rest('get', '/tickets?category=all&workflow_ids=40&create_start=2026-01-01&sort=sla_due_at&per_page=50', 'admin');
    expect(rest.body.data.value.map((r: { id: number }) => r.id)).toEqual(sorted);
    const dues = await Promise.all(sorted.map(async (id) => (await clocks(id)).slaDueAt!));
    expect(dues).toEqual([...dues].sort());
    const due = (await clocks(christmas)).slaDueAt!;
    expect(await listIds({ sortByDueAt: true, slaDueBefore: due })).toContain(christmas);
    expect(await listIds({ sortByDueAt: true, slaDueBefore: '2026-12-10T00:00:00Z' })).not.toContain(christmas);
    expect((await t.rest('get', '/tickets?category=all&sort=title', 'admin')).body).toMatchObject({ code: -1, msg: expect.stringContaining('sort:') });
    for (const due of ['%01', 'tomorrow', '1']) {
      expect((await t.rest('get', `/tickets?category=all&sla_due_before=${due}`, 'admin')).body).toMatchObject({
        code: -1,
        msg: 'sla_due_before: expected a time in ISO 8601 (2026-12-01T00:00:00Z)',
      });
    }
    expect((await t.rest('get', '/sla/report?workflow_ids=40&from=x&to=2027-01-01T00:00:00Z', 'admin')).body).toMatchObject({
      code: -1,
      msg: expect.stringContaining('from:'),
    });
  });

  it('each escalation kind fires once, in order, on the durable outbox; a new worker (a restart) picks up the wait', async () => {
    setNow('2026-12-14T09:00:00+08:00');
    const id = await deskTicket('escalate');
    const notices = () => receiver.on('/sla-notice').filter((h) => h.body.ticket_value_info?.id === id).length;
    const escalations = async () => (await jobsOf(t, id, 'sla')).map((j) => [j.payload.escalation, j.status, new Date(j.runAt).toISOString()]);
    expect(await escalations()).toEqual([
      [0, 'pending', '2026-12-14T02:30:00.000Z'],
      [1, 'pending', '2026-12-14T04:00:00.000Z'],
      [2, 'pending', '2026-12-14T05:00:00.000Z'],
    ]);
    await drain(testWorker(t));
    const created = notices();

    setNow('2026-12-14T10:31:00+08:00');
    await drain(testWorker(t));
    expect(notices()).toBe(created + 1);
    expect((await escalations()).map((e) => e[1])).toEqual(['done', 'pending', 'pending']);

    setNow('2026-12-14T12:01:00+08:00');
    await drain(testWorker(t));
    expect(await ticketRow(t, id)).toMatchObject({ stateId: 401, participant: 'lilian' });

    setNow('2026-12-14T13:01:00+08:00');
    await drain(testWorker(t));
    expect(await ticketRow(t, id)).toMatchObject({ stateId: 404 });
    expect((await escalations()).map((e) => e[1])).toEqual(['done', 'done', 'done']);
    const firings = await t.orm.em.fork().find(SlaFiring, { ticketId: id }, { orderBy: { escalation: 'asc' } });
    expect(firings.map((f) => [f.scope, f.escalation, f.action])).toEqual([
      ['state', 0, 'notify'],
      ['state', 1, 'reassign'],
      ['state', 2, 'transition'],
    ]);
    expect(notices()).toBe(created + 1 + 2); // the hand-over and the move notify as every change does

    // A worker that died after acting leaves the job to be run again: the firing record makes it a no-op.
    const em = t.orm.em.fork();
    const first = await em.findOneOrFail(OutboxJob, { ticketId: id, kind: 'sla' }, { orderBy: { id: 'asc' } });
    Object.assign(first, { status: 'pending', runAt: new Date(), finishedAt: null });
    await em.flush();
    const before = notices();
    await drain(testWorker(t));
    expect((await t.orm.em.fork().findOneOrFail(OutboxJob, first.id)).status).toBe('void');
    expect(notices()).toBe(before);
  });

  it('a ticket that left the state voids its escalations', async () => {
    setNow('2026-12-15T09:00:00+08:00');
    const id = await deskTicket('moved in time');
    setNow('2026-12-15T10:00:00+08:00');
    await move(id, 406);
    setNow('2026-12-15T15:00:00+08:00');
    await drain(testWorker(t));
    expect((await jobsOf(t, id, 'sla')).map((j) => j.status)).toEqual(['void', 'void', 'void']);
    expect(await ticketRow(t, id)).toMatchObject({ stateId: 403, participant: 'admin' });
    expect(await t.orm.em.fork().count(SlaFiring, { ticketId: id })).toBe(0);
  });

  const watchTicket = (title: string) => createTicket(t, { workflow_id: 41, transition_id: 410, title });
  const canRead = async (id: number, username: string) => (await t.rest('get', `/tickets/${id}`, username)).body.code === 0;
  const relationIds = async (username: string) =>
    (await t.rest('get', '/tickets?category=relation&workflow_ids=41&per_page=100', username)).body.data.value.map((r: { id: number }) => r.id);

  it('reassign to a role, to a dept and add a watcher: each fires once, logged and announced like a hand-over', async () => {
    setNow('2026-12-16T09:00:00+08:00');
    const id = await watchTicket('role, dept, watcher');
    expect((await jobsOf(t, id, 'sla')).map((j) => [j.payload.escalation, new Date(j.runAt).toISOString()])).toEqual([
      [0, '2026-12-16T03:00:00.000Z'],
      [1, '2026-12-16T04:00:00.000Z'],
      [2, '2026-12-16T05:00:00.000Z'],
    ]);
    expect(await canRead(id, 'scm')).toBe(false);
    const logsBefore = (await flowLogs(t, id)).length;

    // A new worker for each wait, as after a restart.
    setNow('2026-12-16T11:01:00+08:00');
    await drain(testWorker(t));
    expect(await ticketRow(t, id)).toMatchObject({ stateId: 411, participantTypeId: 2, participant: 'ops,ops2' });
    expect(await ticketUsers(t, id)).toMatchObject({ admin: { inProcess: false }, ops: { inProcess: true }, ops2: { inProcess: true } });

    setNow('2026-12-16T12:01:00+08:00');
    await drain(testWorker(t));
    // 技术部 and the depts below it, by dept then user: lilian; david (交易部); goods_1, goods_2 (商品部); ops, ops2 (运维部).
    expect(await ticketRow(t, id)).toMatchObject({ participantTypeId: 2, participant: 'lilian,david,goods_1,goods_2,ops,ops2' });

    setNow('2026-12-16T13:01:00+08:00');
    await drain(testWorker(t));
    const row = await ticketRow(t, id);
    expect(row.participant).toBe('lilian,david,goods_1,goods_2,ops,ops2');
    expect(row.relation.split(',')).toContain('scm');
    expect((await ticketUsers(t, id)).scm).toEqual({ inProcess: false, worked: false });
    expect(await canRead(id, 'scm')).toBe(true);
    expect(await relationIds('scm')).toContain(id);
    expect((await t.rest('get', `/tickets/${id}/transitions`, 'scm')).body.data.value).toEqual([]);

    const logs = (await flowLogs(t, id)).slice(logsBefore);
    expect(logs.map((l) => [l.interveneTypeId, l.participant, l.suggestion])).toEqual([
      [1, 'loonrobot', 'SLA escalation'],
      [1, 'loonrobot', 'SLA escalation'],
      [5, 'loonrobot', 'SLA escalation: scm watches the ticket'],
    ]);
    const events = await t.orm.em.fork().find(TicketEvent, { ticketId: id }, { orderBy: { id: 'asc' } });
    expect(events.slice(-3).map((e) => [e.type, e.actor, e.dutyAdded])).toEqual([
      ['DELIVERED', 'loonrobot', ['ops', 'ops2']],
      ['DELIVERED', 'loonrobot', ['david', 'goods_1', 'goods_2', 'lilian']],
      ['SYSTEM_NOTE', 'loonrobot', []],
    ]);
    // The watcher follows the ticket's events too (the view rule decides who sees an event).
    const feed = await t.rest('get', `/events?after=${events.at(-4)!.id}&ticket_id=${id}`, 'scm');
    expect(feed.body.data.value.map((e: { type: string }) => e.type)).toEqual(['DELIVERED', 'DELIVERED', 'SYSTEM_NOTE']);
    const firings = await t.orm.em.fork().find(SlaFiring, { ticketId: id }, { orderBy: { escalation: 'asc' } });
    expect(firings.map((f) => f.action)).toEqual(['reassign_role', 'reassign_dept', 'add_watcher']);

    // Run again (a worker that died after acting), each is a no-op.
    const em = t.orm.em.fork();
    for (const job of await em.find(OutboxJob, { ticketId: id, kind: 'sla' })) Object.assign(job, { status: 'pending', runAt: new Date(), finishedAt: null });
    await em.flush();
    await drain(testWorker(t));
    expect((await jobsOf(t, id, 'sla')).map((j) => j.status)).toEqual(['void', 'void', 'void']);
    expect(await flowLogs(t, id)).toHaveLength(logsBefore + 3);
  });

  it('a ticket that left the state voids its role, dept and watcher escalations', async () => {
    setNow('2026-12-17T09:00:00+08:00');
    const id = await watchTicket('moved before the escalations');
    setNow('2026-12-17T10:00:00+08:00');
    await move(id, 411);
    setNow('2026-12-17T15:00:00+08:00');
    await drain(testWorker(t));
    expect((await jobsOf(t, id, 'sla')).map((j) => j.status)).toEqual(['void', 'void', 'void']);
    expect(await ticketRow(t, id)).toMatchObject({ stateId: 412 });
    expect((await ticketRow(t, id)).relation.split(',')).not.toContain('scm');
    expect(await canRead(id, 'scm')).toBe(false);
    expect(await t.orm.em.fork().count(SlaFiring, { ticketId: id })).toBe(0);
  });

  it('slaReport: figures of a seeded day match the hand-computed ones, in GraphQL, REST and CSV', async () => {
    // Before the period: stays out of the figures.
    setNow('2026-12-18T10:00:00+08:00');
    await deskTicket('last week');
    // Monday 21 December, all within working hours. 分派 (2h): T1 1h met, T2 3h breached, T3 1.5h met,
    // T4 still there for 1.5h (open), T5 still there for 3.5h (breached). 处理 (4h): T1 1h met, T2 and T3 open.
    setNow('2026-12-21T09:00:00+08:00');
    const [t1, t2, t3, t5] = [await deskTicket('t1'), await deskTicket('t2'), await deskTicket('t3'), await deskTicket('t5')];
    setNow('2026-12-21T10:00:00+08:00');
    await move(t1, 406);
    setNow('2026-12-21T10:30:00+08:00');
    await move(t3, 406);
    setNow('2026-12-21T11:00:00+08:00');
    await move(t1, 403);
    await deskTicket('t4');
    setNow('2026-12-21T12:00:00+08:00');
    await move(t2, 406);
    setNow('2026-12-21T12:30:00+08:00');
    expect(t5).toBeGreaterThan(0);

    const vars = { workflowIds: [40], from: '2026-12-20T16:00:00Z', to: '2026-12-21T16:00:00Z' };
    const { slaReport } = await t.gqlOk(TSlaReportDocument, vars);
    expect(slaReport.rows).toEqual([
      {
        workflowId: 40,
        workflowName: 'sla-desk',
        stateId: 401,
        stateName: '分派',
        tickets: 5,
        met: 2,
        breached: 2,
        open: 1,
        attainment: 50,
        medianSeconds: 1.5 * H,
        p90Seconds: 3 * H,
      },
      {
        workflowId: 40,
        workflowName: 'sla-desk',
        stateId: 403,
        stateName: '处理',
        tickets: 3,
        met: 1,
        breached: 0,
        open: 2,
        attainment: 100,
        medianSeconds: H,
        p90Seconds: H,
      },
    ]);
    expect(slaReport.csv).toBe(
      'workflow_id,workflow,state_id,state,tickets,met,breached,open,attainment_percent,median_seconds,p90_seconds\r\n' +
        '40,sla-desk,401,分派,5,2,2,1,50,5400,10800\r\n' +
        '40,sla-desk,403,处理,3,1,0,2,100,3600,3600\r\n',
    );

    const query = `/sla/report?workflow_ids=40&from=${vars.from}&to=${vars.to}`;
    const json = await t.rest('get', query, 'admin');
    expect(json.body.code).toBe(0);
    expect(json.body.data.rows).toEqual(
      slaReport.rows.map((r) => ({
        workflow_id: r.workflowId,
        workflow_name: r.workflowName,
        state_id: r.stateId,
        state_name: r.stateName,
        tickets: r.tickets,
        met: r.met,
        breached: r.breached,
        open: r.open,
        attainment: r.attainment,
        median_seconds: r.medianSeconds,
        p90_seconds: r.p90Seconds,
      })),
    );
    const csv = await t.rest('get', `${query}&format=csv`, 'admin');
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.headers['content-disposition']).toContain('sla-report.csv');
    expect(csv.text).toBe(slaReport.csv);

    expect((await t.gql(TSlaReportDocument, vars, 'webb')).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await t.rest('get', `/sla/report?workflow_ids=40&from=${vars.to}&to=${vars.from}`, 'admin')).body).toMatchObject({
      code: -1,
      msg: 'from: must be before to',
    });
  });

  it('definitions: export round-trips the SLA keys; bad ones are refused with their path and change nothing', async () => {
    const exported = await exportDefinitions(t.orm);
    expect(exported).toContain('target: PT16H');
    expect(exported).toContain('at: -PT30M');
    // Roles and depts are stored by id and exported by name.
    expect(exported).toMatch(/reassign_role: 运维人员[\s\S]*reassign_dept: 技术部[\s\S]*add_watcher: scm/);
    const before = await exportDefinitions(t.orm);
    await importDefinitions(t.orm, exported, { hookAllow: t.config.hookAllow });
    expect(await exportDefinitions(t.orm)).toBe(before);

    const bad = FIXTURE.replace('{at: PT2H, transition: 超时升级}', '{at: PT2H, transition: 不存在}')
      .replace('reassign: lilian', 'reassign: nobody')
      .replace('target: PT4H', 'target: 4 hours')
      .replace('reassign_role: 运维人员', 'reassign_role: 没有这个角色')
      .replace('reassign_dept: 技术部', 'reassign_dept: 99')
      .replace('add_watcher: scm', 'add_watcher: nobody');
    const error = await importDefinitions(t.orm, bad.replaceAll('http://receiver.test', receiver.base), { hookAllow: t.config.hookAllow }).catch((e) => e);
    expect(error).toBeInstanceOf(DefinitionError);
    expect((error as DefinitionError).errors.map((e) => e.path)).toEqual(
      expect.arrayContaining([
        'workflows[0].states[3].sla.target',
        'workflows[0].states[1].sla.escalations[1].reassign',
        'workflows[0].states[1].sla.escalations[2].transition',
      ]),
    );
    expect((error as DefinitionError).errors.filter((e) => e.path.startsWith('workflows[1]')).map((e) => `${e.path}: ${e.message}`)).toEqual([
      'workflows[1].states[1].sla.escalations[0].reassign_role: unknown role "没有这个角色"',
      'workflows[1].states[1].sla.escalations[1].reassign_dept: unknown dept 99',
      'workflows[1].states[1].sla.escalations[2].add_watcher: unknown user "nobody"',
    ]);
    expect(await exportDefinitions(t.orm)).toBe(before);
  });

  it('the admin API sets, shows and removes SLAs in the definitions format, refusing bad ones with their path', async () => {
    const calendar = { time_zone: 'Asia/Shanghai', days: ['mon', 'tue', 'wed', 'thu', 'fri'], hours: ['09:00', '18:00'], holidays: [] };
    const wf = await t.gqlOk(TSlaWorkflowDocument, { id: 1, sla: { calendar, target: 'PT16H' } });
    expect(wf.updateWorkflow.sla).toEqual({ calendar, target: 'PT16H' });
    const state = await t.gqlOk(TSlaStateDocument, { id: 2, sla: { target: 'PT4H', escalations: [{ at: '-PT1H', notify: true }] } });
    expect(state.updateState.sla).toEqual({ target: 'PT4H', escalations: [{ at: '-PT1H', notify: true }] });

    setNow('2026-12-22T09:00:00+08:00');
    const leave = await newLeave(t);
    expect((await clocks(leave)).sla.map((c) => [c.scope, c.stateName, c.dueAt])).toEqual([
      ['TICKET', null, '2026-12-23T08:00:00.000Z'],
      ['STATE', 'tl审批中', '2026-12-22T05:00:00.000Z'],
    ]);

    const bad = await t.gql(TSlaStateDocument, { id: 2, sla: { target: 'PT4H', escalations: [{ transition: '不存在' }] } });
    expect(bad.errors?.[0]?.message).toContain('state "tl审批中" (id 2) > sla.escalations[0].transition: no transition "不存在" out of state "tl审批中"');
    expect((await t.gql(TSlaStateDocument, { id: 2, sla: { target: 'soon' } })).errors?.[0]?.message).toContain('sla.target: expected an ISO 8601 duration');
    const two = await t.gql(TSlaStateDocument, { id: 2, sla: { target: 'PT4H', escalations: [{ reassign: 'admin', add_watcher: 'hr' }] } });
    expect(two.errors?.[0]?.message).toContain(
      'sla.escalations[0]: give exactly one of notify, reassign, reassign_role, reassign_dept, add_watcher, transition (got reassign, add_watcher)',
    );
    // A role or dept named in the admin API is kept (and shown) by id.
    const group = await t.gqlOk(TSlaStateDocument, {
      id: 2,
      sla: { target: 'PT4H', escalations: [{ reassign_role: '运维人员' }, { reassign_dept: '人事部' }] },
    });
    expect(group.updateState.sla).toEqual({ target: 'PT4H', escalations: [{ reassign_role: 1 }, { reassign_dept: 2 }] });

    expect((await t.gqlOk(TSlaStateDocument, { id: 2, sla: {} })).updateState.sla).toBeNull();
    expect((await t.gqlOk(TSlaWorkflowDocument, { id: 1, sla: {} })).updateWorkflow.sla).toBeNull();
    expect((await clocks(leave)).sla).toEqual([]);
  });
});
