import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importDefinitions } from '../../src/db/definitions';
import { Dept, FlowLog, Ticket, TicketUser, TicketValue } from '../../src/db/entities';
import { MAX_TEXT_CHARS } from '../../src/domain/fields';
import type { TestApp } from '../support/app';
import { createTicket, handleOk, startCasesApp, WF } from '../support/cases';
import { dialects } from '../support/db';

/** The longest username the definitions allow (100 characters; ASCII, as it travels in a header). */
const LONG_USER = `long.user_${'x'.repeat(90)}`;
/** 100,000 characters of three- and four-byte UTF-8 (325,000 bytes: over MariaDB's `text`). */
const LONG_TEXT = '工作流😀'.repeat(MAX_TEXT_CHARS / 4);

describe.each(dialects())('usernames of 100 characters, text fields of 100,000 characters, integers of 53 bits (%s)', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startCasesApp(dialect);
    await importDefinitions(t.orm, `users:\n  - {username: "${LONG_USER}", alias: long, dept: 2, is_admin: true}\n`);
  });
  afterAll(async () => t?.close());

  it('the fixtures are as long as they claim', () => {
    expect(LONG_USER).toHaveLength(100);
    expect([...LONG_TEXT]).toHaveLength(100_000);
    expect(Buffer.byteLength(LONG_TEXT)).toBeGreaterThan(65_535);
  });

  it('a 100-character user creates and handles a ticket whose text field holds 100,000 multi-byte characters', async () => {
    const id = await createTicket(
      t,
      { workflow_id: 1, transition_id: 1, title: 'long', reason: LONG_TEXT, date_start: '2020-04-13 00:00:00', date_end: '2020-04-14 00:00:00' },
      LONG_USER,
    );
    await handleOk(t, id, 'hr', { transition_id: 2 });
    const detail = await t.rest('get', `/tickets/${id}`, LONG_USER);
    expect(detail.body.data.value.creator).toBe(LONG_USER);
    expect(detail.body.data.value.field_list.find((f: { field_key: string }) => f.field_key === 'reason').field_value).toBe(LONG_TEXT);
    await handleOk(t, id, LONG_USER, { transition_id: 4 });

    const em = t.orm.em.fork();
    expect((await em.findOneOrFail(Ticket, id)).creator).toBe(LONG_USER);
    expect((await em.findOneOrFail(TicketValue, { ticketId: id, fieldKey: 'reason' })).textValue).toBe(LONG_TEXT);
    expect((await em.find(FlowLog, { ticketId: id, participant: LONG_USER })).length).toBe(2);
    expect(await em.count(TicketUser, { ticketId: id, username: LONG_USER })).toBe(1);
  });

  it('the rows a 100-character superuser creates keep the whole name as their creator', async () => {
    const res = await t.rest('post', '/accounts/depts', LONG_USER, { name: 'long dept', parent_dept_id: 1 });
    expect(res.body, JSON.stringify(res.body)).toMatchObject({ code: 0 });
    expect((await t.orm.em.fork().findOneOrFail(Dept, { name: 'long dept' })).creator).toBe(LONG_USER);
  });

  it('a text field refuses 100,001 characters, naming the field and the limit', async () => {
    const res = await t.rest('post', '/tickets', 'admin', {
      workflow_id: 1,
      transition_id: 1,
      title: 'too long',
      reason: `${LONG_TEXT}x`,
      date_start: '2020-04-13 00:00:00',
      date_end: '2020-04-14 00:00:00',
    });
    expect(res.body).toMatchObject({ code: -1, msg: `field reason: longer than ${MAX_TEXT_CHARS} characters` });
  });

  it('an int field stores every safe integer exactly and refuses larger ones, naming the field', async () => {
    const draft = (days: unknown) => t.rest('post', '/tickets', 'admin', { workflow_id: WF.REQUIRED, transition_id: 103, title: 'int', reason: 'r', days });
    for (const days of [Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER, String(Number.MAX_SAFE_INTEGER)]) {
      const res = await draft(days);
      expect(res.body, JSON.stringify(res.body)).toMatchObject({ code: 0 });
      const id = res.body.data.ticket_id;
      const [row] = await t.orm.em
        .fork()
        .getConnection()
        .execute(`select cast(int_value as char) as v from ticket_values where ticket_id = ${id} and field_key = 'days'`);
      expect(row.v).toBe(String(days));
      const detail = await t.rest('get', `/tickets/${id}`);
      expect(detail.body.data.value.field_list.find((f: { field_key: string }) => f.field_key === 'days').field_value).toBe(Number(days));
    }
    const before = await t.orm.em.fork().count(TicketValue, { fieldKey: 'days' });
    for (const days of [2 ** 53, -(2 ** 53), '9007199254740993', '-9007199254740993', 1e20, '123456789012345678901234567890']) {
      const res = await draft(days);
      expect(res.body.msg, String(days)).toMatch(/^field days: .* is outside the integer range -9007199254740991 to 9007199254740991$/);
    }
    expect((await draft('9007199254740990.9')).body.msg).toBe('field days: expected an integer, got "9007199254740990.9"');
    expect(await t.orm.em.fork().count(TicketValue, { fieldKey: 'days' })).toBe(before);
  });
});
