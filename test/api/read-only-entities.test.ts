import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MikroORM } from '@mikro-orm/core';
import { FlowLog, Ticket, TicketValue } from '../../src/db/entities';
import { selectReadOnly } from '../../src/db/read-only';
import { dialects, freshDatabase } from '../support/db';

/** Rows whose columns need every conversion the hydrator does: dates, booleans, JSON, bigint, double, mediumtext, nulls. */
async function seedRows(orm: MikroORM): Promise<void> {
  const em = orm.em.fork();
  const created = new Date('2026-03-08T01:59:59.123Z');
  em.create(Ticket, {
    id: 41,
    title: '标题 ☃',
    workflowId: 3,
    sn: 'x_202603080001',
    stateId: 7,
    creator: 'lisi',
    createdAt: created,
    updatedAt: new Date(created.getTime() + 1),
    inAddNode: true,
    addNodeMan: 'wangwu',
    addNodeStack: ['zhangsan', 'wangwu'],
    scriptRunLastResult: false,
    actStateId: 2,
    multiAllPerson: { lisi: { action: 'agree', transitionId: 3, time: '2026-03-08 10:00:00' } } as never,
    version: 9,
    participant: 'a,b',
    relation: 'a,b,lisi',
  });
  const value = (fieldKey: string, fieldTypeId: number, v: Partial<TicketValue>) => em.create(TicketValue, { ticketId: 41, fieldKey, fieldTypeId, ...v });
  value('big', 10, { intValue: 2 ** 52 + 1 });
  value('ratio', 15, { floatValue: -0.125 });
  value('ok', 35, { boolValue: false });
  value('day', 25, { dateValue: '0099-12-31' });
  value('at', 30, { datetimeValue: new Date('1999-12-31T23:59:59.999Z') });
  value('text', 55, { textValue: '长'.repeat(30_000) });
  value('none', 5, {});
  em.create(FlowLog, {
    ticketId: 41,
    stateId: 7,
    transitionId: 3,
    suggestion: 'ok',
    participant: 'lisi',
    ticketData: { a: [1, { b: null }] },
    createdAt: created,
  });
  await em.flush();
}

describe.each(dialects())('read-only entities on %s', (dialect) => {
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  beforeAll(async () => {
    db = await freshDatabase(dialect);
    await seedRows(db.orm);
  });
  afterAll(async () => db?.drop());

  const plain = (rows: object[]) => rows.map((r) => ({ ...r }));

  it('a ticket read by selectReadOnly equals the one em.findOne reads, with plain data properties', async () => {
    const [read] = await selectReadOnly(db.orm.em.fork(), Ticket, 'select * from `tickets` where `id` = ?', [41]);
    const found = await db.orm.em.fork().findOneOrFail(Ticket, 41);
    expect(plain([read])).toEqual(plain([found]));
    expect(read.createdAt).toEqual(new Date('2026-03-08T01:59:59.123Z'));
    expect(Object.getOwnPropertyDescriptor(read, 'title')).toMatchObject({ value: '标题 ☃', writable: true });
  });

  it('values and flow logs equal what em.find reads, type by type', async () => {
    const em = db.orm.em.fork();
    const values = await selectReadOnly(em, TicketValue, 'select * from `ticket_values` where `ticket_id` = ? order by `id`', [41]);
    expect(plain(values)).toEqual(plain(await db.orm.em.fork().find(TicketValue, { ticketId: 41 }, { orderBy: { id: 'asc' } })));
    expect(values.map((v) => v.fieldKey)).toEqual(['big', 'ratio', 'ok', 'day', 'at', 'text', 'none']);
    const logs = await selectReadOnly(em, FlowLog, 'select * from `flow_logs` where `ticket_id` = ?', [41]);
    expect(plain(logs)).toEqual(plain(await db.orm.em.fork().find(FlowLog, { ticketId: 41 })));
    expect(logs[0].ticketData).toEqual({ a: [1, { b: null }] });
  });

  it('a read-only entity stays outside the identity map: nothing is flushed for it', async () => {
    const em = db.orm.em.fork();
    const [read] = await selectReadOnly(em, Ticket, 'select * from `tickets` where `id` = ?', [41]);
    read.title = 'changed';
    await em.flush();
    expect((await db.orm.em.fork().findOneOrFail(Ticket, 41)).title).toBe('标题 ☃');
  });
});
