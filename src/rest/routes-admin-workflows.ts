import { AttributeTypeEnum, DistributeTypeEnum, FieldTypeEnum, ParticipantTypeEnum, StateTypeEnum } from '../graphql/enums';
import { AppError } from '../domain/errors';
import { BodyReader } from './body-reader';
import * as op from './generated';
import { pathId, queryFlag, queryInt, type RouteInput } from './params';
import { route, type ParamDoc } from './route';

const WORKFLOW_ID: ParamDoc = { name: 'id', in: 'path', required: true, type: 'integer', description: 'workflow id' };
const child = (name: string, what: string): ParamDoc => ({ name, in: 'path', required: true, type: 'integer', description: `${what} id` });
const REDIRECT_TO: ParamDoc = {
  name: 'redirect_to',
  in: 'query',
  type: 'integer',
  description: 'transitions into the state lead to this state instead of being deleted',
};
const FORCE: ParamDoc = { name: 'force', in: 'query', type: 'integer', description: '1: go ahead even when live tickets would be stranded' };

const WORKFLOW_KEYS = [
  'name',
  'description',
  'view_permission_check',
  'limit_expression',
  'display_form_str',
  'workflow_admin',
  'title_template',
  'content_template',
  'one_open_per',
];
const STATE_KEYS = [
  'name',
  'is_hidden',
  'order_id',
  'type_id',
  'enable_retreat',
  'remember_last_man_enable',
  'participant_type_id',
  'participant',
  'distribute_type_id',
  'state_field_str',
  'countersign',
  'label',
];
const TRANSITION_KEYS = [
  'name',
  'transition_type_id',
  'timer',
  'source_state_id',
  'destination_state_id',
  'condition_expression',
  'attribute_type_id',
  'field_require_check',
  'alert_enable',
  'alert_text',
];
const FIELD_KEYS = [
  'field_type_id',
  'field_key',
  'field_name',
  'order_id',
  'default_value',
  'description',
  'field_template',
  'boolean_field_display',
  'field_choice',
  'label',
  'placeholder',
];

const properties = (keys: string[]) => Object.fromEntries(keys.map((k) => [k, {}]));
const body = (keys: string[], required: string[] = [], extra: Record<string, unknown> = {}) => ({
  type: 'object',
  properties: { ...properties(keys), ...extra },
  ...(required.length ? { required } : {}),
  additionalProperties: false,
});

function reader(i: RouteInput, keys: string[]): BodyReader {
  if (!i.hasBody || !Object.keys(i.body).length) throw AppError.badInput('post参数为空');
  return new BodyReader(i.body).only(keys);
}

function workflowColumns(r: BodyReader) {
  return {
    description: r.string('description'),
    viewPermissionCheck: r.flag('view_permission_check'),
    limitExpression: r.object('limit_expression'),
    displayForm: r.strings('display_form_str'),
    admins: r.csv('workflow_admin'),
    titleTemplate: r.string('title_template'),
    contentTemplate: r.string('content_template'),
    oneOpenPer: r.string('one_open_per'),
  };
}

function stateColumns(r: BodyReader) {
  return {
    type: r.enumName<op.StateType>('type_id', StateTypeEnum),
    orderId: r.int('order_id'),
    isHidden: r.flag('is_hidden'),
    participantType: r.enumName<op.ParticipantType>('participant_type_id', ParticipantTypeEnum),
    participant: r.text('participant'),
    distributeType: r.enumName<op.DistributeType>('distribute_type_id', DistributeTypeEnum),
    fields: r.object('state_field_str'),
    enableRetreat: r.flag('enable_retreat'),
    rememberLastMan: r.flag('remember_last_man_enable'),
    countersign: r.object('countersign'),
    label: r.object('label'),
  };
}

function transitionColumns(r: BodyReader) {
  const type = r.int('transition_type_id');
  if (type !== undefined && type !== 1 && type !== 2) throw AppError.badInput('请求参数不合法:transition_type_id: expected 1 (normal) or 2 (timer)');
  const timer = r.int('timer');
  return {
    attributeType: r.enumName<op.AttributeType>('attribute_type_id', AttributeTypeEnum),
    timer: type === 1 ? null : type === 2 ? (timer ?? 0) : timer,
    fieldRequireCheck: r.flag('field_require_check'),
    alertEnable: r.flag('alert_enable'),
    alertText: r.string('alert_text'),
    conditions: r.objects('condition_expression')?.map((c) => ({
      expression: c.string('expression', { required: true })!,
      toStateId: c.int('target_state_id', { required: true })!,
    })),
  };
}

function fieldColumns(r: BodyReader) {
  const given = r.raw('default_value');
  const defaultValue = given === '' ? null : given;
  return {
    fieldName: r.string('field_name'),
    orderId: r.int('order_id'),
    defaultValue,
    description: r.string('description'),
    placeholder: r.string('placeholder'),
    template: r.string('field_template'),
    choices: r.object('field_choice'),
    booleanDisplay: r.object('boolean_field_display'),
    label: r.object('label'),
  };
}

const ids = (i: RouteInput, name: string) => ({ workflowId: pathId(i), id: pathId(i, name) });

/** loonflow's workflow definition routes that change things (the GET routes live in routes.ts). */
export const WORKFLOW_ADMIN_ROUTES = [
  route({
    method: 'post',
    path: '/workflows',
    summary: 'Create a workflow (superusers): a start and an end state joined by one transition',
    document: op.AdminCreateWorkflowDocument,
    body: body(WORKFLOW_KEYS, ['name']),
    variables: (i) => {
      const r = reader(i, WORKFLOW_KEYS);
      return { input: { name: r.string('name', { required: true })!, ...workflowColumns(r) } };
    },
    present: (d) => ({ workflow_id: d.createWorkflow.id }),
    example: { workflow_id: 3 },
  }),
  route({
    method: 'patch',
    path: '/workflows/{id}',
    summary: 'Change a workflow (superusers and its admins)',
    document: op.AdminUpdateWorkflowDocument,
    params: [WORKFLOW_ID],
    body: body(WORKFLOW_KEYS),
    variables: (i) => {
      const r = reader(i, WORKFLOW_KEYS);
      return { id: pathId(i), input: { name: r.string('name'), ...workflowColumns(r) } };
    },
    present: () => ({}),
  }),
  route({
    method: 'delete',
    path: '/workflows/{id}',
    summary: 'Soft-delete a workflow; refused while it has live tickets unless forced',
    document: op.AdminDeleteWorkflowDocument,
    params: [WORKFLOW_ID, FORCE],
    variables: (i) => ({ id: pathId(i), force: queryFlag(i, 'force') }),
    present: () => ({}),
  }),
  route({
    method: 'post',
    path: '/workflows/{id}/publish',
    summary: "Publish the workflow's draft as its next version (superusers and its admins): new tickets run on it, existing ones keep theirs",
    document: op.AdminPublishWorkflowDocument,
    params: [WORKFLOW_ID],
    variables: (i) => ({ id: pathId(i) }),
    present: (d) => ({ version: d.publishWorkflow.version }),
    example: { version: 2 },
  }),
  route({
    method: 'post',
    path: '/workflows/{id}/states',
    summary: 'Add a state, connected by `transitions` and `redirect_transition_ids` in the same change',
    document: op.AdminCreateStateDocument,
    params: [WORKFLOW_ID],
    body: body(STATE_KEYS, ['name'], {
      transitions: {
        type: 'array',
        description: 'new transitions into or out of the state: each gives source_state_id or destination_state_id, the other end being the new state',
      },
      redirect_transition_ids: { description: 'existing transitions (csv or list of ids) that lead to the new state instead' },
    }),
    variables: (i) => {
      const r = reader(i, [...STATE_KEYS, 'transitions', 'redirect_transition_ids']);
      const name = r.string('name', { required: true })!;
      const links = r.objects('transitions')?.map((t) => {
        t.only(TRANSITION_KEYS).exactlyOne('source_state_id', 'destination_state_id', ` (the other end is the new state "${name}")`);
        return {
          name: t.string('name', { required: true })!,
          fromStateId: t.int('source_state_id'),
          toStateId: t.int('destination_state_id'),
          ...transitionColumns(t),
        };
      });
      return {
        input: {
          workflowId: pathId(i),
          name,
          ...stateColumns(r),
          links,
          redirectTransitionIds: r.ids('redirect_transition_ids'),
        },
      };
    },
    present: (d) => ({ state_id: d.createState.id }),
    example: { state_id: 10 },
  }),
  route({
    method: 'patch',
    path: '/workflows/{id}/states/{state_id}',
    summary: 'Change a state',
    document: op.AdminUpdateStateDocument,
    params: [WORKFLOW_ID, child('state_id', 'state')],
    body: body(STATE_KEYS),
    variables: (i) => {
      const r = reader(i, STATE_KEYS);
      return { ...ids(i, 'state_id'), input: { name: r.string('name'), ...stateColumns(r) } };
    },
    present: () => ({}),
  }),
  route({
    method: 'delete',
    path: '/workflows/{id}/states/{state_id}',
    summary: 'Soft-delete a state and the transitions from it',
    document: op.AdminDeleteStateDocument,
    params: [WORKFLOW_ID, child('state_id', 'state'), FORCE, REDIRECT_TO],
    variables: (i) => {
      const redirectTo = queryInt(i, 'redirect_to');
      if (redirectTo === pathId(i, 'state_id')) {
        throw AppError.badInput(`redirect_to: state ${redirectTo} is the state being deleted`, { parameter: 'redirect_to' });
      }
      return { ...ids(i, 'state_id'), redirectTo, force: queryFlag(i, 'force') };
    },
    present: () => ({}),
  }),
  route({
    method: 'post',
    path: '/workflows/{id}/transitions',
    summary: 'Add a transition between two states of the workflow',
    document: op.AdminCreateTransitionDocument,
    params: [WORKFLOW_ID],
    body: body(TRANSITION_KEYS, ['name', 'source_state_id', 'destination_state_id']),
    variables: (i) => {
      const r = reader(i, TRANSITION_KEYS);
      return {
        input: {
          workflowId: pathId(i),
          name: r.string('name', { required: true })!,
          fromStateId: r.int('source_state_id', { required: true })!,
          toStateId: r.int('destination_state_id', { required: true })!,
          ...transitionColumns(r),
        },
      };
    },
    present: (d) => ({ value: { transition_id: d.createTransition.id } }),
    example: { value: { transition_id: 12 } },
  }),
  route({
    method: 'patch',
    path: '/workflows/{id}/transitions/{transition_id}',
    summary: 'Change a transition',
    document: op.AdminUpdateTransitionDocument,
    params: [WORKFLOW_ID, child('transition_id', 'transition')],
    body: body(TRANSITION_KEYS),
    variables: (i) => {
      const r = reader(i, TRANSITION_KEYS);
      return {
        ...ids(i, 'transition_id'),
        input: { name: r.string('name'), fromStateId: r.int('source_state_id'), toStateId: r.int('destination_state_id'), ...transitionColumns(r) },
      };
    },
    present: () => ({}),
  }),
  route({
    method: 'delete',
    path: '/workflows/{id}/transitions/{transition_id}',
    summary: 'Soft-delete a transition',
    document: op.AdminDeleteTransitionDocument,
    params: [WORKFLOW_ID, child('transition_id', 'transition')],
    variables: (i) => ids(i, 'transition_id'),
    present: () => ({}),
  }),
  route({
    method: 'post',
    path: '/workflows/{id}/custom_fields',
    summary: 'Add a custom field',
    document: op.AdminCreateCustomFieldDocument,
    params: [WORKFLOW_ID],
    body: body(FIELD_KEYS, ['field_key', 'field_type_id']),
    variables: (i) => {
      const r = reader(i, FIELD_KEYS);
      return {
        input: {
          workflowId: pathId(i),
          fieldKey: r.string('field_key', { required: true })!,
          fieldType: r.enumName<op.FieldType>('field_type_id', FieldTypeEnum, { required: true })!,
          ...fieldColumns(r),
        },
      };
    },
    present: (d) => ({ value: { custom_field_id: d.createCustomField.id } }),
    example: { value: { custom_field_id: 5 } },
  }),
  route({
    method: 'patch',
    path: '/workflows/{id}/custom_fields/{custom_field_id}',
    summary: 'Change a custom field (its key cannot change)',
    document: op.AdminUpdateCustomFieldDocument,
    params: [WORKFLOW_ID, child('custom_field_id', 'custom field')],
    body: body(FIELD_KEYS),
    variables: (i) => {
      const r = reader(i, FIELD_KEYS);
      return {
        ...ids(i, 'custom_field_id'),
        input: { fieldKey: r.string('field_key'), fieldType: r.enumName<op.FieldType>('field_type_id', FieldTypeEnum), ...fieldColumns(r) },
      };
    },
    present: () => ({}),
  }),
  route({
    method: 'delete',
    path: '/workflows/{id}/custom_fields/{custom_field_id}',
    summary: 'Soft-delete a custom field and drop it from every state',
    document: op.AdminDeleteCustomFieldDocument,
    params: [WORKFLOW_ID, child('custom_field_id', 'custom field'), FORCE],
    variables: (i) => ({ ...ids(i, 'custom_field_id'), force: queryFlag(i, 'force') }),
    present: (_d, _p, i) => ({ value: { custom_field_id: pathId(i, 'custom_field_id') } }),
  }),
];
