import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { expect } from 'vitest';
import { importDefinitions } from '../../src/db/definitions';
import { FlowLog, OutboxJob, Ticket, TicketUser, TicketValue } from '../../src/db/entities';
import { DEMO_TOKEN } from '../../src/server/graphiql-defaults';
import { signature } from '../../src/services/auth.service';
import { startTestApp, type GqlResult, type TestApp } from './app';

/** The fixture of the §13 suites (test/fixtures/cases.yaml). */
export const CASES_FIXTURE = fs.readFileSync(path.join(__dirname, '../fixtures/cases.yaml'), 'utf8');

/** Pinned ids of the fixture workflows. */
export const WF = { LEAVE: 1, VPN: 2, REQUIRED: 10, LIMIT_PERSON: 11, LIMIT_COUNT: 12, MODES: 13 } as const;

/** Transitions out of the start state of cases-modes, by the state they reach. */
export const TO = { ACCEPT: 130, ALL: 131, RANDOM: 132, MULTI: 133, FIELD: 134, CREATOR: 135, SCRIPT: 136, TIMER: 137, HIDDEN: 138 } as const;

/** The demo app plus the fixture definitions, on a fresh database. */
export async function startCasesApp(dialect: 'sqlite' | 'mysql'): Promise<TestApp> {
  const t = await startTestApp(dialect);
  await importDefinitions(t.orm, CASES_FIXTURE, { source: 'cases.yaml' });
  return t;
}

/** Headers of a signed loonflow call; every part can be overridden or left out (undefined). */
export function signedHeaders(opts: { app?: string; token?: string; username?: string; age?: number; signature?: string } = {}): Record<string, string> {
  const ts = String(Math.floor(Date.now() / 1000) - (opts.age ?? 0));
  const out: Record<string, string> = { timestamp: ts, signature: opts.signature ?? signature(ts, opts.token ?? DEMO_TOKEN) };
  if (opts.app !== '') out.appname = opts.app ?? 'ops';
  if (opts.username !== undefined) out.username = opts.username;
  return out;
}

/** A REST call with explicit headers (for the auth cases and a missing username). */
export function restAs(t: TestApp, method: 'get' | 'post' | 'patch' | 'put' | 'delete', url: string, headers: Record<string, string>, body?: unknown) {
  const req = request(t.app)[method](`/api/v1.0${url}`).set(headers);
  return body === undefined ? req : req.send(body as object);
}

/** A GraphQL call with explicit headers. */
export async function gqlAs(t: TestApp, query: string, headers: Record<string, string>, variables: Record<string, unknown> = {}): Promise<GqlResult<any>> {
  const res = await request(t.app).post('/graphql').set(headers).send({ query, variables });
  return res.body as GqlResult<any>;
}

/** Create a ticket over REST and return its id (fails the test on -1). */
export async function createTicket(t: TestApp, body: Record<string, unknown>, username = 'admin'): Promise<number> {
  const res = await t.rest('post', '/tickets', username, body);
  expect(res.body, JSON.stringify(res.body)).toMatchObject({ code: 0 });
  return res.body.data.ticket_id as number;
}

/** A leave ticket in state 2 (tl审批中), handler admin. */
export function newLeave(t: TestApp, username = 'admin', extra: Record<string, unknown> = {}): Promise<number> {
  return createTicket(
    t,
    {
      workflow_id: 1,
      transition_id: 1,
      title: '世界这么大，出去看看',
      reason: '<p>世界这么大</p>',
      date_start: '2020-04-13 00:00:00',
      date_end: '2020-04-23 00:00:00',
      ...extra,
    },
    username,
  );
}

/** A VPN ticket in state 6 (运维人员-审批中), handlers ops and ops2. */
export function newVpn(t: TestApp, username = 'admin'): Promise<number> {
  return createTicket(t, { workflow_id: 2, transition_id: 6, title: '申请vpn在家远程办公', reason: '<p>远程办公</p>' }, username);
}

/** A cases-modes ticket moved straight into the state a start transition reaches. */
export function newMode(t: TestApp, transitionId: number, extra: Record<string, unknown> = {}, username = 'admin'): Promise<number> {
  return createTicket(t, { workflow_id: WF.MODES, transition_id: transitionId, title: 'modes', ...extra }, username);
}

/** REST handle that must succeed. */
export async function handleOk(t: TestApp, id: number, username: string, body: Record<string, unknown>): Promise<void> {
  const res = await t.rest('patch', `/tickets/${id}`, username, body);
  expect(res.body, JSON.stringify(res.body)).toEqual({ code: 0, msg: '', data: { value: true } });
}

const fork = (t: TestApp) => t.orm.em.fork();

/** The stored ticket row. */
export async function ticketRow(t: TestApp, id: number): Promise<Ticket> {
  return fork(t).findOneOrFail(Ticket, { id });
}

/** The flow logs of a ticket, oldest first. */
export function flowLogs(t: TestApp, id: number): Promise<FlowLog[]> {
  return fork(t).find(FlowLog, { ticketId: id }, { orderBy: { id: 'asc' } });
}

/** The TicketUser rows of a ticket as {username: {inProcess, worked}}. */
export async function ticketUsers(t: TestApp, id: number): Promise<Record<string, { inProcess: boolean; worked: boolean }>> {
  const rows = await fork(t).find(TicketUser, { ticketId: id });
  return Object.fromEntries(rows.map((r) => [r.username, { inProcess: !!r.inProcess, worked: !!r.worked }]));
}

/** Stored custom values of a ticket by key. */
export async function ticketValueKeys(t: TestApp, id: number): Promise<string[]> {
  return (await fork(t).find(TicketValue, { ticketId: id })).map((v) => v.fieldKey).sort();
}

/** Outbox jobs of a ticket, oldest first. */
export function outboxJobs(t: TestApp, id: number): Promise<OutboxJob[]> {
  return fork(t).find(OutboxJob, { ticketId: id }, { orderBy: { id: 'asc' } });
}

/** Change stored rows directly (legacy data, old timestamps); the relation index follows a new created_at. */
export async function patchTicket(t: TestApp, id: number, patch: Partial<Ticket>): Promise<void> {
  const em = fork(t);
  const row = await em.findOneOrFail(Ticket, { id });
  em.assign(row, patch);
  if (patch.createdAt) for (const user of await em.find(TicketUser, { ticketId: id })) user.createdAt = patch.createdAt;
  await em.flush();
}

/** A loonflow failure: HTTP 200, code -1, the message contains the text. */
export function expectRestError(res: { status: number; body: any }, message: string): void {
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  expect(res.body.code, JSON.stringify(res.body)).toBe(-1);
  expect(res.body.msg).toContain(message);
}

/** A GraphQL failure with the code and a message containing the text. */
export function expectGqlError(res: GqlResult<unknown>, code: string, message = ''): void {
  expect(res.errors?.length, JSON.stringify(res)).toBeGreaterThan(0);
  expect(res.errors![0].extensions?.code, JSON.stringify(res.errors)).toBe(code);
  expect(res.errors![0].message).toContain(message);
}
