import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TCreateDocument, THandleDocument, TTicketDocument } from '../generated';
import type { TestApp } from '../support/app';
import { expectGqlError, expectRestError, flowLogs, newMode, startCasesApp, ticketRow, ticketUsers, TO, WF } from '../support/cases';
import { dialects } from '../support/db';

const AGREE = { transition_id: 142, transition_name: '同意' };

describe.each(dialects())('§13 all must handle (%s)', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startCasesApp(dialect);
  });
  afterAll(async () => t?.close());

  type Face = 'rest' | 'gql';
  const FACES: Face[] = ['rest', 'gql'];

  async function create(face: Face): Promise<number> {
    if (face === 'rest') return newMode(t, TO.ALL);
    return (await t.gqlOk(TCreateDocument, { input: { workflowId: WF.MODES, transitionId: TO.ALL, title: 'vote' } })).createTicket.id;
  }

  async function handle(face: Face, id: number, username: string, transitionId: number) {
    if (face === 'rest') {
      const res = await t.rest('patch', `/tickets/${id}`, username, { transition_id: transitionId });
      return res.body.code === 0 ? null : res;
    }
    const res = await t.gql(THandleDocument, { input: { ticketId: id, transitionId } }, username);
    return res.errors ? res : null;
  }

  /** A ticket in the voting state after webb chose 同意. */
  async function afterFirstVote(face: Face): Promise<number> {
    const id = await create(face);
    expect(await handle(face, id, 'webb', 142)).toBeNull();
    return id;
  }

  it('case 50: entering the state records every handler as pending', async () => {
    for (const face of FACES) {
      const id = await create(face);
      expect(await ticketRow(t, id)).toMatchObject({
        stateId: 132,
        participantTypeId: 2,
        participant: 'webb,lilian',
        multiAllPerson: { webb: {}, lilian: {} },
      });
      const rest = await t.rest('get', `/tickets/${id}`, 'webb');
      expect(rest.body.data.value).toMatchObject({ participant: 'webb,lilian', multi_all_person: '{"webb":{},"lilian":{}}' });
      expect(await ticketUsers(t, id)).toMatchObject({ webb: { inProcess: true }, lilian: { inProcess: true } });
    }
  });

  it('case 51: one vote keeps the state and leaves the others pending; the participant type stays multi (2)', async () => {
    for (const face of FACES) {
      const id = await afterFirstVote(face);
      expect(await ticketRow(t, id)).toMatchObject({ stateId: 132, participantTypeId: 2, participant: 'lilian', multiAllPerson: { webb: AGREE, lilian: {} } });
      expect((await t.rest('get', `/tickets/${id}`, 'lilian')).body.data.value).toMatchObject({ participant_type_id: 2, participant: 'lilian' });
      expect((await t.gqlOk(TTicketDocument, { id }, 'lilian')).ticket).toMatchObject({ participantTypeId: 2, participant: 'lilian' });
      expect((await flowLogs(t, id)).at(-1)).toMatchObject({ transitionId: 142, stateId: 132, participant: 'webb', interveneTypeId: 0 });
      expect(await ticketUsers(t, id)).toMatchObject({ webb: { inProcess: false, worked: true }, lilian: { inProcess: true, worked: false } });
    }
  });

  it('case 52: the last matching vote moves the ticket and clears the ledger', async () => {
    for (const face of FACES) {
      const id = await afterFirstVote(face);
      expect(await handle(face, id, 'lilian', 142)).toBeNull();
      expect(await ticketRow(t, id)).toMatchObject({ stateId: 137, actStateId: 4, participant: '', multiAllPerson: {} });
      expect((await t.rest('get', `/tickets/${id}`, 'webb')).body.data.value.multi_all_person).toBe('{}');
    }
  });

  it('case 53: a differing vote resets the ledger and keeps everyone as handlers (port, §12.7)', async () => {
    for (const face of FACES) {
      const id = await afterFirstVote(face);
      expect(await handle(face, id, 'lilian', 143)).toBeNull();
      expect(await ticketRow(t, id)).toMatchObject({
        stateId: 132,
        participantTypeId: 2,
        participant: 'webb,lilian',
        multiAllPerson: { webb: {}, lilian: {} },
      });
      expect(await ticketUsers(t, id)).toMatchObject({ webb: { inProcess: true }, lilian: { inProcess: true } });
      expect((await flowLogs(t, id)).at(-1)).toMatchObject({
        transitionId: 143,
        participant: 'lilian',
        suggestion: expect.stringContaining('every handler votes again'),
      });
      expect(await handle(face, id, 'lilian', 142)).toBeNull();
      expect(await handle(face, id, 'webb', 142)).toBeNull();
      expect((await ticketRow(t, id)).stateId).toBe(137);
    }
  });

  it('case 54: a handler who already voted is no longer a participant (WAITING_FOR_OTHERS names who is pending)', async () => {
    const rest = await afterFirstVote('rest');
    expectRestError(await t.rest('patch', `/tickets/${rest}`, 'webb', { transition_id: 142 }), 'no permission');
    const gql = await afterFirstVote('gql');
    expectGqlError(
      await t.gql(THandleDocument, { input: { ticketId: gql, transitionId: 142 } }, 'webb'),
      'NOT_A_PARTICIPANT',
      'webb already voted; waiting for lilian',
    );
    for (const id of [rest, gql]) expect(await ticketRow(t, id)).toMatchObject({ stateId: 132, multiAllPerson: { webb: AGREE, lilian: {} } });
  });

  it('case 55: the participant info shows the all-must-handle progress', async () => {
    const id = await afterFirstVote('rest');
    const alias = 'webb(webb)已处理:同意;李亮(lilian)未处理:';
    const list = await t.rest('get', `/tickets?category=duty&ticket_ids=${id}`, 'lilian');
    expect(list.body.data.value[0].participant_info).toEqual({
      participant_type_id: 2,
      participant: 'lilian',
      participant_name: 'lilian',
      participant_type_name: '多人且全部处理',
      participant_alias: alias,
    });
    const detail = await t.rest('get', `/tickets/${id}`, 'lilian');
    const fields = Object.fromEntries(detail.body.data.value.field_list.map((f: any) => [f.field_key, f.field_value]));
    expect(fields).toEqual({ 'participant_info.participant_name': 'lilian', 'participant_info.participant_alias': alias });
    const gql = await t.gqlOk(TTicketDocument, { id }, 'lilian');
    expect(gql.ticket.participantInfo).toMatchObject({ participantTypeName: '多人且全部处理', participantAlias: alias });
  });
});
