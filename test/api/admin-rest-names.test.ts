import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as op from '../generated';
import { refused } from '../support/admin';
import { startTestApp, type TestApp } from '../support/app';
import { dialects } from '../support/db';

/** Names the definition format uses internally, which a REST caller never sent. */
const INTERNAL =
  /\b(?:workflows|states|transitions|custom_fields|users|depts|roles|apps)\[\d+\]\.|participant\.value|\bfromStateId|\btoStateId|\bredirectTo\b|\blinks\[/;

type Call = [method: 'post' | 'patch' | 'delete', path: string, body: object | undefined, expected: string];

const CALLS: Call[] = [
  ['patch', '/workflows/1/states/2', { participant_type_id: 1, participant: 'nobody' }, 'state "tl审批中" (id 2) > participant: unknown user "nobody"'],
  ['patch', '/workflows/1/states/2', { participant_type_id: 3, participant: '999' }, 'state "tl审批中" (id 2) > participant: unknown dept 999'],
  ['patch', '/workflows/1/states/2', { state_field_str: '{"nope": 1}' }, 'state "tl审批中" (id 2) > state_field_str.nope: unknown field "nope"'],
  ['patch', '/workflows/1/states/2', { type_id: 1 }, 'state "tl审批中" (id 2) > type_id: a second start state'],
  [
    'patch',
    '/workflows/1/states/2',
    { name: '人事审批中' },
    'state "人事审批中" (id 3) > name: duplicate state name "人事审批中" (also at workflow "请假流程" (id 1) > state "人事审批中" (id 2))',
  ],
  [
    'post',
    '/workflows/1/states',
    { name: 'y', transitions: [{ name: 'a' }], redirect_transition_ids: '1' },
    '请求参数不合法:transitions[0]: give exactly one of source_state_id and destination_state_id (the other end is the new state "y")',
  ],
  [
    'post',
    '/workflows/1/states',
    { name: 'y', transitions: [{ name: 'a', destination_state_id: 7 }], redirect_transition_ids: '1' },
    'transition "a" (new) > destination_state_id: state 7 belongs to workflow 2',
  ],
  [
    'post',
    '/workflows/1/transitions',
    { name: '越界', source_state_id: 99, destination_state_id: 3 },
    'transition "越界" (new) > source_state_id: unknown state 99',
  ],
  [
    'patch',
    '/workflows/1/transitions/2',
    { condition_expression: '[{"expression": "{nope} > 1", "target_state_id": 3}]' },
    'transition "同意" (id 2) > condition_expression[0].expression: unknown field "{nope}"',
  ],
  [
    'patch',
    '/workflows/1/transitions/2',
    { condition_expression: '[{"expression": "{reason} == 1", "target_state_id": 9}]' },
    'transition "同意" (id 2) > condition_expression[0].target_state_id: state 9 belongs to workflow 2',
  ],
  ['patch', '/workflows/1/transitions/2', { destination_state_id: 9 }, 'transition "同意" (id 2) > destination_state_id: state 9 belongs to workflow 2'],
  ['post', '/workflows/1/custom_fields', { field_key: 'title', field_type_id: 5 }, 'custom field "title" (new) > field_key: "title" is a reserved key'],
  [
    'post',
    '/workflows/1/custom_fields',
    { field_key: 'x', field_type_id: 5, field_name: 'n'.repeat(101) },
    '(new) > field_name: expected string to have <=100 characters',
  ],
  [
    'post',
    '/workflows/1/custom_fields',
    { field_key: 'reason', field_type_id: 5 },
    'custom field "reason" (new) > field_key: duplicate field key "reason" (also at workflow "请假流程" (id 1) > custom field "请假原因" (id 3))',
  ],
  ['patch', '/workflows/1', { workflow_admin: 'nobody' }, 'workflow "请假流程" (id 1) > workflow_admin: unknown user "nobody"'],
  ['patch', '/workflows/1', { display_form_str: '["title", "nope"]' }, 'workflow "请假流程" (id 1) > display_form_str[1]: unknown field "nope"'],
  ['delete', '/workflows/1/states/2?redirect_to=2', undefined, 'redirect_to: state 2 is the state being deleted'],
  ['post', '/accounts/users', { username: 'nu', dept_ids: '999' }, 'user "nu" (new) > dept_ids: unknown dept 999'],
  ['post', '/accounts/depts', { name: 'd', parent_dept_id: 999 }, 'dept "d" (new) > parent_dept_id: unknown dept 999'],
  ['post', '/accounts/depts', { name: 'd', approver: 'hr,nobody' }, 'dept "d" (new) > approver: unknown user "nobody"'],
  ['post', '/accounts/app_token', { app_name: 'newapp', workflow_ids: '1,999' }, 'app "newapp" (new) > workflow_ids: unknown workflow 999'],
  [
    'post',
    '/accounts/app_token',
    { app_name: 'newapp', ticket_sn_prefix: 'p'.repeat(51) },
    'app "newapp" (new) > ticket_sn_prefix: expected string to have <=50 characters',
  ],
  ['delete', '/accounts/depts/2', undefined, 'state "人事审批中" (id 3) > participant: unknown dept "人事部"'],
];

describe.each(dialects())('REST admin refusals name the parameters the caller sent (%s)', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(dialect);
  });
  afterAll(async () => t?.close());

  it.each(CALLS)('%s %s %j', async (method, path, body, expected) => {
    const res = await t.rest(method, path, 'admin', body);
    expect(res.body).toMatchObject({ code: -1, data: {} });
    expect(res.body.msg).toContain(expected);
    expect(res.body.msg).not.toMatch(INTERNAL);
  });

  it('GraphQL keeps naming the definition keys, and describes the other entry of a duplicate', async () => {
    const participant = refused(await t.gql(op.AUpdateStateDocument, { id: 2, input: { participantType: 'PERSONAL', participant: 'nobody' } }));
    expect(participant.message).toContain('state "tl审批中" (id 2) > participant.value: unknown user "nobody"');
    const duplicate = refused(await t.gql(op.AUpdateStateDocument, { id: 2, input: { name: '人事审批中' } }));
    expect(duplicate.message).toContain('> name: duplicate state name "人事审批中" (also at workflow "请假流程" (id 1) > state "人事审批中" (id 2))');
    expect(duplicate.extensions.issues).toContainEqual(expect.objectContaining({ entry: 'state', key: 'name' }));
  });
});
