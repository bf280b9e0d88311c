import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OpenTicketClaim, Ticket } from '../../src/db/entities';
import { AExportDocument, AImportDocument, AUpdateWorkflowDocument, TCreateDocument, TCloseDocument, TDeleteDocument } from '../generated';
import { startTestApp, type TestApp } from '../support/app';
import { dialects } from '../support/db';

const fields = (reason: string) => ({ reason, date_start: '2020-04-13 00:00:00', date_end: '2020-04-14 00:00:00' });
const LEAVE = (title: string, reason = 'r') => ({ workflowId: 1, transitionId: 1, title, fields: fields(reason) });

describe.each(dialects())('uniqueness rules (%s)', (dialect) => {
  let t: TestApp;
  const live = (title: string) => t.orm.em.fork().find(Ticket, { title, isDeleted: false });
  const setRule = (oneOpenPer: string) => t.gql(AUpdateWorkflowDocument, { id: 1, input: { oneOpenPer } });

  beforeAll(async () => {
    t = await startTestApp(dialect);
  });
  afterAll(async () => t?.close());

  it('20 concurrent creates without keys under one-open-per-creator make exactly one ticket; the others name it', async () => {
    expect((await setRule('creator')).errors).toBeUndefined();
    const results = await Promise.all(Array.from({ length: 20 }, () => t.gql(TCreateDocument, { input: LEAVE('uniq-race') }, 'ops')));
    const made = await live('uniq-race');
    expect(made).toHaveLength(1);
    const winner = made[0]!.id;
    expect(results.filter((r) => !r.errors)).toHaveLength(1);
    const refused = results.filter((r) => r.errors).map((r) => r.errors![0]!);
    expect(refused.filter((e) => e.extensions?.code === 'TICKET_ALREADY_OPEN').length).toBeGreaterThan(0);
    for (const e of refused) {
      if (e.extensions?.code === 'CONFLICT') continue;
      expect(e.extensions).toMatchObject({ code: 'TICKET_ALREADY_OPEN', ticketId: winner, rule: 'creator' });
      expect(e.message).toBe(`workflow "请假流程" allows one open ticket per creator: ticket ${winner} is still open for creator "ops"`);
    }
  });

  it('closing or deleting the open ticket lets the creator open another; REST refuses with -1 or 409', async () => {
    const [open] = await live('uniq-race');
    const rest = await t.rest('post', '/tickets', 'ops', { workflow_id: 1, transition_id: 1, title: 'uniq-rest', ...fields('r') });
    expect(rest.body).toEqual({ code: -1, msg: expect.stringContaining(`ticket ${open!.id} is still open for creator "ops"`), data: {} });
    const strict = await t.rest('post', '/tickets?strict_status=1', 'ops', { workflow_id: 1, transition_id: 1, title: 'uniq-rest', ...fields('r') });
    expect(strict.status).toBe(409);

    expect((await t.gql(TCloseDocument, { input: { ticketId: open!.id, suggestion: 'done' } })).errors).toBeUndefined();
    const second = await t.gqlOk(TCreateDocument, { input: LEAVE('uniq-after-close') }, 'ops');
    const again = await t.gql(TCreateDocument, { input: LEAVE('uniq-after-close') }, 'ops');
    expect(again.errors?.[0]?.extensions).toMatchObject({ code: 'TICKET_ALREADY_OPEN', ticketId: second.createTicket.id });
    expect((await t.gql(TDeleteDocument, { input: { ticketId: second.createTicket.id } })).errors).toBeUndefined();
    expect((await t.gql(TCreateDocument, { input: LEAVE('uniq-after-delete') }, 'ops')).errors).toBeUndefined();
    // Another creator is not held back by ops's open ticket.
    expect((await t.gql(TCreateDocument, { input: LEAVE('uniq-other-creator') }, 'admin')).errors).toBeUndefined();
    expect(await t.orm.em.fork().count(OpenTicketClaim, { workflowId: 1 })).toBe(2);
  });

  it('one open ticket per value of a field; an unknown field is refused; no rule behaves as before', async () => {
    expect((await setRule('reason')).errors).toBeUndefined();
    expect((await t.gql(TCreateDocument, { input: LEAVE('uniq-field', 'asset-1') }, 'ops')).errors).toBeUndefined();
    const same = await t.gql(TCreateDocument, { input: LEAVE('uniq-field', 'asset-1') }, 'admin');
    expect(same.errors?.[0]?.message).toMatch(/allows one open ticket per value of reason: ticket \d+ is still open for reason "asset-1"$/);
    expect((await t.gql(TCreateDocument, { input: LEAVE('uniq-field', 'asset-2') }, 'admin')).errors).toBeUndefined();

    const bad = await setRule('nope');
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_INPUT');
    expect(bad.errors?.[0]?.message).toContain('one_open_per');
    expect(bad.errors?.[0]?.message).toContain('unknown field "nope"');

    const exported = (await t.gqlOk(AExportDocument, { workflowIds: [1] })).exportDefinitions;
    expect(exported).toContain('one_open_per: reason');
    expect((await setRule('')).errors).toBeUndefined();
    expect((await t.gqlOk(AExportDocument, { workflowIds: [1] })).exportDefinitions).not.toContain('one_open_per');
    expect((await t.gql(TCreateDocument, { input: LEAVE('uniq-field', 'asset-1') }, 'ops')).errors).toBeUndefined();
    expect(await live('uniq-field')).toHaveLength(3);
  });

  it('the definitions file carries the rule', async () => {
    const yaml = (await t.gqlOk(AExportDocument, { workflowIds: [1] })).exportDefinitions.replace(
      /^(\s*)name: 请假流程$/m,
      '$1name: 请假流程\n$1one_open_per: creator',
    );
    expect(yaml).toContain('one_open_per: creator');
    expect((await t.gql(AImportDocument, { yaml, force: true })).errors).toBeUndefined();
    expect((await t.gqlOk(AExportDocument, { workflowIds: [1] })).exportDefinitions).toContain('one_open_per: creator');
    expect((await t.gql(TCreateDocument, { input: LEAVE('uniq-file') }, 'hr')).errors).toBeUndefined();
    expect((await t.gql(TCreateDocument, { input: LEAVE('uniq-file') }, 'hr')).errors?.[0]?.extensions?.code).toBe('TICKET_ALREADY_OPEN');
  });
});
