import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportDefinitions, importDefinitions } from '../../src/db/definitions';
import { State, User } from '../../src/db/entities';
import { AUpdateStateDocument, TAwaitingDepartedDocument, THandleDocument, TReassignVoteDocument, TVotesDocument } from '../generated';
import { flushCatalogEdit, startTestApp, type TestApp } from '../support/app';
import { createTicket, expectGqlError, ticketRow } from '../support/cases';
import { dialects } from '../support/db';

// Countersign policies through both faces: a quorum with veto, loonflow's default, and a to_state rule.
const FIXTURE = `
apps:
  - {id: 1, name: ops, token: 8cd585da-3cc6-11e8-9946-784f437daad6, workflows: [1, 2, 50], sn_prefix: ops}
users:
  - {id: 60, username: leaver, alias: leaver, email: leaver@example.com, dept: 1}
workflows:
  - id: 50
    name: countersign
    view_permission_check: false
    states:
      - {id: 500, name: draft, type: start}
      - id: 501
        name: quorum
        participant: {type: users, value: [webb, ops, leaver]}
        distribute: all
        countersign: {mode: quorum, min: 2, veto: true}
      - {id: 502, name: loonflow, participant: {type: users, value: [webb, ops]}, distribute: all}
      - {id: 503, name: review, participant: {type: user, value: admin}}
      - {id: 504, name: done, type: end}
      - id: 505
        name: split
        participant: {type: users, value: [webb, ops, hr]}
        distribute: all
        countersign: {on_disagreement: {to_state: review}}
    transitions:
      - {id: 500, name: to quorum, from: draft, to: quorum, field_require_check: false}
      - {id: 501, name: to split, from: draft, to: split, field_require_check: false}
      - {id: 510, name: approve, from: quorum, to: loonflow, field_require_check: false}
      - {id: 511, name: reject, from: quorum, to: draft, attribute: refuse, field_require_check: false}
      - {id: 512, name: approve, from: loonflow, to: done, field_require_check: false}
      - {id: 513, name: back, from: loonflow, to: quorum, attribute: refuse, field_require_check: false}
      - {id: 514, name: approve, from: split, to: done, field_require_check: false}
      - {id: 515, name: ask, from: split, to: done, attribute: other, field_require_check: false}
      - {id: 516, name: finish, from: review, to: done, field_require_check: false}
      - {id: 517, name: escalate, from: draft, to: review, field_require_check: false}
`;

type Face = 'rest' | 'gql';
const FACES: Face[] = ['rest', 'gql'];

describe.each(dialects())('countersign policies and the vote ledger (%s)', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(dialect);
    await importDefinitions(t.orm, FIXTURE, { source: 'countersign.yaml' });
  });
  afterAll(async () => t?.close());

  const create = (transitionId: number) => createTicket(t, { workflow_id: 50, transition_id: transitionId, title: 'vote' });

  async function handle(face: Face, id: number, username: string, transitionId: number, suggestion = '') {
    if (face === 'rest') {
      const res = await t.rest('patch', `/tickets/${id}`, username, { transition_id: transitionId, suggestion });
      expect(res.body, JSON.stringify(res.body)).toMatchObject({ code: 0 });
    } else await t.gqlOk(THandleDocument, { input: { ticketId: id, transitionId, suggestion } }, username);
  }

  const votes = async (id: number) => (await t.gqlOk(TVotesDocument, { id }, 'admin')).ticket;
  const restTicket = async (id: number) => (await t.rest('get', `/tickets/${id}`, 'admin')).body.data.value;

  it('the state shows its policy; a state without one shows loonflow’s rule', async () => {
    const id = await create(500);
    expect((await votes(id)).state.countersign).toEqual({ mode: 'QUORUM', min: 2, percent: null, veto: true, onDisagreement: 'REVOTE', toStateId: null });
    expect(await restTicket(id)).toMatchObject({ multi_all_person: '{"webb":{},"ops":{},"leaver":{}}', participant: 'webb,ops,leaver' });
  });

  it('export writes the policies back in the file format, to_state by name, and reimports unchanged', async () => {
    const text = await exportDefinitions(t.orm);
    expect(text).toContain('countersign:');
    expect(text).toMatch(/to_state: review/);
    const summary = await importDefinitions(t.orm, text);
    expect(summary.states).toMatchObject({ created: 0, updated: 0 });
  });

  it('the admin API sets a policy on both faces, and refuses a bad one naming where, changing nothing', async () => {
    const row = async () => (await t.orm.em.fork().findOneOrFail(State, 505)).countersign;
    const gql = await t.gql(AUpdateStateDocument, { id: 505, input: { countersign: { mode: 'any' } } }, 'admin');
    expect(gql.errors).toBeUndefined();
    expect(await row()).toEqual({ mode: 'any', veto: false, onDisagreement: { rule: 'revote' } });
    const rest = await t.rest('patch', '/workflows/50/states/505', 'admin', { countersign: { mode: 'all', on_disagreement: { to_state: 503 } } });
    expect(rest.body, JSON.stringify(rest.body)).toMatchObject({ code: 0 });
    expect(await row()).toEqual({ mode: 'all', veto: false, onDisagreement: { rule: 'to_state', stateId: 503 } });
    const tooMany = await t.gql(AUpdateStateDocument, { id: 505, input: { countersign: { mode: 'quorum', min: 9 } } }, 'admin');
    expectGqlError(tooMany, 'BAD_INPUT', 'quorum min 9 is larger than the 3 user(s)');
    expect(tooMany.errors?.[0]?.message).toContain('countersign');
    const unknown = await t.rest('patch', '/workflows/50/states/505', 'admin', { countersign: { on_disagreement: { to_state: 'nowhere' } } });
    expect(unknown.body.msg).toContain('unknown state "nowhere"');
    expect(await row()).toEqual({ mode: 'all', veto: false, onDisagreement: { rule: 'to_state', stateId: 503 } });
  });

  it('a quorum of two moves the ticket on the second matching vote; the ledger keeps both votes; both faces agree', async () => {
    const seen = [];
    for (const face of FACES) {
      const id = await create(500);
      await handle(face, id, 'webb', 510, 'yes');
      expect(await restTicket(id)).toMatchObject({
        state_id: 501,
        participant: 'ops,leaver',
        multi_all_person: '{"webb":{"transition_id":510,"transition_name":"approve"},"ops":{},"leaver":{}}',
      });
      await handle(face, id, 'ops', 510);
      const v = await votes(id);
      expect(v).toMatchObject({ stateId: 502, participant: 'webb,ops', multiAllPerson: { webb: {}, ops: {} } });
      expect(v.votes).toMatchObject([
        {
          stateId: 501,
          visit: 1,
          current: false,
          pending: [],
          votes: [
            { voter: 'webb', transitionId: 510, transitionName: 'approve', suggestion: 'yes', outcome: 'WAIT' },
            { voter: 'ops', transitionId: 510, outcome: 'MOVE' },
          ],
        },
        { stateId: 502, visit: 2, current: true, pending: ['webb', 'ops'], votes: [] },
      ]);
      seen.push(await restTicket(id));
    }
    const shape = (x: Record<string, unknown>) => ({
      state_id: x.state_id,
      participant: x.participant,
      multi_all_person: x.multi_all_person,
      act_state_id: x.act_state_id,
    });
    expect(shape(seen[0])).toEqual(shape(seen[1]));
  });

  it('veto: one refusing vote sends the ticket back at once, refused', async () => {
    for (const face of FACES) {
      const id = await create(500);
      await handle(face, id, 'webb', 510);
      await handle(face, id, 'ops', 511);
      expect(await ticketRow(t, id)).toMatchObject({ stateId: 500, actStateId: 2 });
      expect((await votes(id)).votes[0]!.votes.map((v) => v.outcome)).toEqual(['WAIT', 'MOVE']);
    }
  });

  it("loonflow's default revotes on a difference; a revisit is a new visit whose votes never mix with the last one", async () => {
    const id = await create(500);
    await handle('rest', id, 'webb', 510);
    await handle('gql', id, 'ops', 510);
    await handle('rest', id, 'webb', 512);
    await handle('gql', id, 'ops', 513, 'no');
    expect(await restTicket(id)).toMatchObject({ state_id: 502, participant: 'webb,ops', multi_all_person: '{"webb":{},"ops":{}}' });
    await handle('gql', id, 'webb', 513);
    await handle('rest', id, 'ops', 513);
    const v = await votes(id);
    expect(v.stateId).toBe(501);
    expect(v.votes.map((x) => [x.stateId, x.visit, x.current, x.votes.map((y) => `${y.voter}:${y.outcome}`), x.pending])).toEqual([
      [501, 1, false, ['webb:WAIT', 'ops:MOVE'], []],
      [502, 2, false, ['webb:WAIT', 'ops:REVOTE', 'webb:WAIT', 'ops:MOVE'], []],
      [501, 3, true, [], ['webb', 'ops', 'leaver']],
    ]);
  });

  it('to_state: voters who cannot agree send the ticket to the named state', async () => {
    for (const face of FACES) {
      const id = await create(501);
      await handle(face, id, 'webb', 514);
      await handle(face, id, 'ops', 515);
      expect(await ticketRow(t, id)).toMatchObject({ stateId: 503, participant: 'admin', actStateId: 1 });
      expect((await votes(id)).votes[0]!.votes.map((v) => v.outcome)).toEqual(['WAIT', 'TO_STATE']);
    }
  });

  it('deliver hands a pending vote on; add-node adds a voter who votes by the same policy', async () => {
    const id = await create(500);
    const delivered = await t.rest('post', `/tickets/${id}/deliver`, 'webb', { target_username: 'lilian', suggestion: 'over to you' });
    expect(delivered.body, JSON.stringify(delivered.body)).toMatchObject({ code: 0 });
    expect(await restTicket(id)).toMatchObject({ participant: 'lilian,ops,leaver', multi_all_person: '{"lilian":{},"ops":{},"leaver":{}}' });
    const added = await t.rest('post', `/tickets/${id}/add_node`, 'ops', { target_username: 'david' });
    expect(added.body, JSON.stringify(added.body)).toMatchObject({ code: 0 });
    expect(await ticketRow(t, id)).toMatchObject({ inAddNode: false, multiAllPerson: { lilian: {}, ops: {}, leaver: {}, david: {} } });
    await handle('gql', id, 'david', 510);
    await handle('rest', id, 'lilian', 510);
    expect((await ticketRow(t, id)).stateId).toBe(502);
  });

  it("a deleted voter's pending vote is reported, and a manager reassigns it", async () => {
    const id = await create(500);
    const other = await create(500);
    // The state still names the user, so the accounts API refuses to delete them: the row is deleted directly.
    const em = t.orm.em.fork();
    (await em.findOneOrFail(User, { username: 'leaver' })).isDeleted = true;
    await flushCatalogEdit(t, em);
    expect((await votes(id)).votes).toMatchObject([{ current: true, pending: ['webb', 'ops', 'leaver'], departed: ['leaver'] }]);
    const awaiting = (await t.gqlOk(TAwaitingDepartedDocument, {}, 'admin')).ticketsAwaitingDepartedUsers;
    expect(awaiting.find((a) => a.ticket.id === id)?.usernames).toEqual(['leaver']);
    expectGqlError(await t.gql(TReassignVoteDocument, { input: { ticketId: id, fromUsername: 'leaver', targetUsername: 'hr' } }, 'webb'), 'FORBIDDEN');
    expectGqlError(await t.gql(TReassignVoteDocument, { input: { ticketId: id, fromUsername: 'david', targetUsername: 'hr' } }, 'admin'), 'BAD_INPUT', 'david');
    const moved = await t.gqlOk(TReassignVoteDocument, { input: { ticketId: id, fromUsername: 'leaver', targetUsername: 'hr', suggestion: 'left' } }, 'admin');
    expect(moved.reassignVote).toMatchObject({ participant: 'webb,ops,hr', multiAllPerson: { webb: {}, ops: {}, hr: {} } });
    expect((await votes(id)).votes[0]!.departed).toEqual([]);
    expect((await t.gqlOk(TAwaitingDepartedDocument, {}, 'admin')).ticketsAwaitingDepartedUsers.map((a) => a.ticket.id)).not.toContain(id);
    expect((await votes(other)).votes[0]!.departed).toEqual(['leaver']);
  });
});
