import * as op from './generated';
import { AppError } from '../domain/errors';
import { unknownEventTypes } from '../domain/events';
import { MAX_PER_PAGE, servedPage } from '../domain/paging';
import {
  bodyInt,
  bodyString,
  invalidBody,
  onlyKeys,
  otherKeys,
  pathId,
  queryFlag,
  queryIds,
  queryInt,
  queryInstant,
  queryPaging,
  queryString,
  type RouteInput,
} from './params';
import { MAX_FEED_LIMIT } from '../services/ticket-events.service';
import { presentEvent } from './presenters/event.presenter';
import { paged } from './presenters/format';
import { presentFlowLog, presentStepLog } from './presenters/log.presenter';
import { presentCreatorInfo, presentParticipantInfo, presentTicketColumns, presentTicketDetail, presentField } from './presenters/ticket.presenter';
import { presentCustomField, presentState, presentTransition, presentWorkflow } from './presenters/workflow.presenter';
import { ID_PARAM, route, type ParamDoc } from './route';
import { ADMIN_ROUTES } from './routes-admin';
import { SLA_ROUTES } from './routes-sla';
import { WEBHOOK_ROUTES } from './routes-webhooks';

const CATEGORIES = ['all', 'owner', 'duty', 'relation', 'worked'];
const CREATE_KEYS = ['workflow_id', 'transition_id', 'title', 'suggestion', 'parent_ticket_id', 'parent_ticket_state_id', 'username'];
const HANDLE_KEYS = ['transition_id', 'suggestion', 'username', 'workflow_id'];
const PAGE_PARAMS: ParamDoc[] = [
  { name: 'page', in: 'query', type: 'integer', description: 'page number, default 1 (beyond the end, or 0 and below: the last page)' },
  {
    name: 'per_page',
    in: 'query',
    type: 'integer',
    description: `items per page, default 10; above ${MAX_PER_PAGE.toLocaleString('en')} the page holds ${MAX_PER_PAGE.toLocaleString('en')} and per_page says so`,
  },
];
const suggestionBody = (required: boolean) => ({
  type: 'object',
  properties: { suggestion: { type: 'string' } },
  ...(required ? { required: ['suggestion'] } : {}),
  additionalProperties: false,
});
const action = <E extends object = object>(input: RouteInput, extra?: E) => ({
  input: { ticketId: pathId(input), suggestion: bodyString(input, 'suggestion') ?? null, ...(extra as E) },
});

const page = queryPaging;

function category(input: RouteInput) {
  const c = queryString(input, 'category');
  if (!c || !CATEGORIES.includes(c)) throw AppError.badInput(`category value is invalid, it should be in ${CATEGORIES.join(', ')}`, { parameter: 'category' });
  return c.toUpperCase() as op.TicketCategory;
}

function sortByDueAt(input: RouteInput): boolean {
  const sort = queryString(input, 'sort');
  if (sort !== undefined && sort !== 'sla_due_at')
    throw AppError.badInput('sort: the only sort is sla_due_at (default: by creation time)', { parameter: 'sort' });
  return sort === 'sla_due_at';
}

function requireBody(input: RouteInput, message: string): void {
  if (!input.hasBody || !Object.keys(input.body).length) throw AppError.badInput(message);
}

/** The loonflow v1.0 ticket and workflow-read routes. */
const TICKET_ROUTES = [
  route({
    method: 'get',
    path: '/tickets',
    summary: 'List tickets of a category with filters',
    document: op.TicketListDocument,
    params: [
      { name: 'category', in: 'query', required: true, type: 'string', description: 'all, owner, duty, relation or worked' },
      { name: 'sn', in: 'query', type: 'string', description: 'serial-number prefix, case-sensitive' },
      { name: 'title', in: 'query', type: 'string', description: 'title substring, case-sensitive' },
      { name: 'create_start', in: 'query', type: 'string', description: 'created from (YYYY-MM-DD HH:MM:SS)' },
      { name: 'create_end', in: 'query', type: 'string', description: 'created until' },
      { name: 'workflow_ids', in: 'query', type: 'string', description: 'comma-separated workflow ids' },
      { name: 'state_ids', in: 'query', type: 'string', description: 'comma-separated state ids' },
      { name: 'ticket_ids', in: 'query', type: 'string', description: 'comma-separated ticket ids' },
      { name: 'reverse', in: 'query', type: 'integer', description: '1 newest first (default), 0 oldest first' },
      { name: 'act_state_id', in: 'query', type: 'integer', description: 'act state' },
      { name: 'is_end', in: 'query', type: 'integer', description: '1 finished or closed, 0 not' },
      { name: 'is_rejected', in: 'query', type: 'integer', description: '1 refused, 0 not' },
      { name: 'from_admin', in: 'query', type: 'integer', description: '1: only workflows the user manages' },
      { name: 'creator', in: 'query', type: 'string', description: 'creator (admin view or category all)' },
      { name: 'parent_ticket_id', in: 'query', type: 'integer', description: 'parent ticket' },
      { name: 'sla_breached', in: 'query', type: 'integer', description: 'SLA: 1 tickets with a breached clock, 0 the others' },
      { name: 'sla_due_before', in: 'query', type: 'string', description: 'SLA: only tickets with a running clock due by this time (ISO 8601)' },
      {
        name: 'sort',
        in: 'query',
        type: 'string',
        description: 'sla_due_at: by the earliest due time of the running SLA clocks, soonest first (reverse=1: latest first)',
      },
      ...PAGE_PARAMS,
    ],
    variables: (i) => ({
      category: category(i),
      ...page(i),
      filter: {
        sn: queryString(i, 'sn'),
        title: queryString(i, 'title'),
        createStart: queryString(i, 'create_start'),
        createEnd: queryString(i, 'create_end'),
        workflowIds: queryIds(i, 'workflow_ids'),
        stateIds: queryIds(i, 'state_ids'),
        ticketIds: queryIds(i, 'ticket_ids'),
        actStateId: queryInt(i, 'act_state_id'),
        creator: queryString(i, 'creator'),
        isEnd: queryFlag(i, 'is_end'),
        isRejected: queryFlag(i, 'is_rejected'),
        fromAdmin: queryString(i, 'from_admin') !== undefined,
        ascending: sortByDueAt(i) ? queryFlag(i, 'reverse') !== true : queryFlag(i, 'reverse') === false,
        parentTicketId: queryInt(i, 'parent_ticket_id'),
        slaBreached: queryFlag(i, 'sla_breached'),
        slaDueBefore: queryInstant(i, 'sla_due_before'),
        sortByDueAt: sortByDueAt(i),
      },
    }),
    present: (d, p) =>
      paged(
        d.tickets.items.map((t) => {
          // Added to the columns' object, not spread into a copy of it: a page of 20 rows is most of the route's cost.
          const row: Record<string, unknown> = presentTicketColumns(t, p);
          const workflow = { workflow_id: t.workflow.id, workflow_name: t.workflow.name };
          row.state = { state_id: t.state.id, state_name: t.state.name, state_label: t.state.label };
          row.participant_info = presentParticipantInfo(t.participantInfo);
          row.creator_info = presentCreatorInfo(t.creatorInfo);
          row.workflow_info = workflow;
          row.workflow = workflow;
          return row;
        }),
        d.tickets.page,
        d.tickets.perPage,
        d.tickets.total,
      ),
  }),
  route({
    method: 'post',
    path: '/tickets',
    summary: 'Create a ticket',
    document: op.CreateTicketDocument,
    body: {
      type: 'object',
      required: ['workflow_id', 'transition_id'],
      properties: {
        workflow_id: { type: 'integer' },
        transition_id: { type: 'integer' },
        title: { type: 'string' },
        suggestion: { type: 'string' },
        parent_ticket_id: { type: 'integer' },
        parent_ticket_state_id: { type: 'integer' },
      },
      additionalProperties: { description: 'custom field values by field key' },
    },
    variables: (i) => ({
      input: {
        workflowId: bodyInt(i, 'workflow_id', { required: true })!,
        transitionId: bodyInt(i, 'transition_id', { required: true })!,
        title: bodyString(i, 'title'),
        suggestion: bodyString(i, 'suggestion'),
        parentTicketId: bodyInt(i, 'parent_ticket_id', { required: false }),
        parentTicketStateId: bodyInt(i, 'parent_ticket_state_id', { required: false }),
        fields: otherKeys(i, CREATE_KEYS),
      },
    }),
    present: (d) => ({ ticket_id: d.createTicket.id }),
    example: { ticket_id: 1 },
  }),
  route({
    method: 'get',
    path: '/tickets/states',
    summary: 'Current states of several tickets',
    document: op.TicketStatesDocument,
    params: [{ name: 'ticket_ids', in: 'query', required: true, type: 'string', description: 'comma-separated ticket ids' }],
    variables: (i) => ({ ids: queryIds(i, 'ticket_ids', { required: true })! }),
    present: (d) => Object.fromEntries(d.ticketStates.map((t) => [String(t.id), { state_id: t.stateId, state_name: t.state.name }])),
    example: { '1': { state_id: 2, state_name: 'tl审批中' } },
  }),
  route({
    method: 'get',
    path: '/tickets/num_statistics',
    summary: 'Tickets created per day',
    document: op.TicketNumStatisticsDocument,
    params: [
      { name: 'start_date', in: 'query', type: 'string', description: 'first day (YYYY-MM-DD), default 30 days ago' },
      { name: 'end_date', in: 'query', type: 'string', description: 'last day (YYYY-MM-DD), default today' },
    ],
    variables: (i) => ({ startDate: queryString(i, 'start_date'), endDate: queryString(i, 'end_date') }),
    present: (d) => d.ticketCountsByDay.map((c) => ({ day: c.day, count: c.count })),
  }),
  route({
    method: 'get',
    path: '/tickets/{id}',
    summary: 'Ticket detail',
    document: op.TicketDetailDocument,
    params: [ID_PARAM],
    variables: (i) => ({ id: pathId(i) }),
    present: (d, p) => presentTicketDetail(d.ticket, p),
  }),
  route({
    method: 'patch',
    path: '/tickets/{id}',
    summary: 'Handle a ticket through a transition',
    document: op.HandleTicketDocument,
    params: [ID_PARAM],
    body: {
      type: 'object',
      required: ['transition_id'],
      properties: { transition_id: { type: 'integer' }, suggestion: { type: 'string' } },
      additionalProperties: { description: 'values of fields writable in the current state' },
    },
    variables: (i) => {
      if (!i.hasBody) throw AppError.badInput('patch参数为空');
      if (i.body.transition_id === undefined) throw AppError.badInput('参数不合法,请提供username，transition_id', { parameter: 'transition_id' });
      return {
        input: {
          ticketId: pathId(i),
          transitionId: bodyInt(i, 'transition_id', { required: true })!,
          suggestion: bodyString(i, 'suggestion'),
          fields: otherKeys(i, HANDLE_KEYS),
        },
      };
    },
    present: () => ({ value: true }),
    example: { value: true },
  }),
  route({
    method: 'delete',
    path: '/tickets/{id}',
    summary: 'Soft-delete a ticket (workflow admins)',
    document: op.DeleteTicketDocument,
    params: [ID_PARAM],
    variables: (i) => action(i),
    present: () => ({}),
  }),
  route({
    method: 'get',
    path: '/tickets/{id}/transitions',
    summary: 'What the user may do now',
    document: op.TicketTransitionsDocument,
    params: [ID_PARAM],
    variables: (i) => ({ id: pathId(i) }),
    present: (d) => ({
      value: d.ticketTransitions.map((t) => ({
        transition_id: t.transitionId,
        transition_name: t.transitionName,
        field_require_check: t.fieldRequireCheck,
        is_accept: t.isAccept,
        in_add_node: t.inAddNode,
        alert_enable: t.alertEnable,
        enable_alert: t.alertEnable,
        alert_text: t.alertText,
        attribute_type_id: t.attributeTypeId,
      })),
    }),
  }),
  route({
    method: 'get',
    path: '/tickets/{id}/actions',
    summary: 'Every action of the current state for the user: available, or why not (loongate)',
    document: op.TicketActionsDocument,
    params: [
      ID_PARAM,
      { name: 'expected_version', in: 'query', type: 'integer', description: 'the version the caller saw; another one refuses every action (VERSION_STALE)' },
    ],
    variables: (i) => ({ id: pathId(i), expectedVersion: queryInt(i, 'expected_version') }),
    present: (d) => ({
      value: d.ticketActions.map((a) => ({
        kind: a.kind,
        transition_id: a.transitionId,
        name: a.name,
        available: a.available,
        reason: a.reason,
        code: a.code,
        message: a.message,
        details: a.details,
      })),
    }),
  }),
  route({
    method: 'post',
    path: '/tickets/{id}/accept',
    summary: 'Accept a ticket offered to several handlers',
    document: op.AcceptTicketDocument,
    params: [ID_PARAM],
    variables: (i) => action(i),
    present: () => ({}),
  }),
  route({
    method: 'post',
    path: '/tickets/{id}/deliver',
    summary: 'Hand the ticket to another user',
    document: op.DeliverTicketDocument,
    params: [ID_PARAM],
    body: {
      type: 'object',
      required: ['target_username'],
      properties: { target_username: { type: 'string', minLength: 1 }, suggestion: { type: 'string' }, from_admin: { type: 'integer' } },
      additionalProperties: false,
    },
    variables: (i) => {
      onlyKeys(i, ['target_username', 'suggestion', 'from_admin']);
      const fromAdmin = i.body.from_admin;
      if (fromAdmin !== undefined && typeof fromAdmin !== 'number' && typeof fromAdmin !== 'boolean') throw invalidBody('from_admin: must be 0 or 1');
      return action(i, { targetUsername: bodyString(i, 'target_username', { required: true, nonEmpty: true })!, fromAdmin: !!fromAdmin });
    },
    present: () => true,
    example: true,
  }),
  route({
    method: 'post',
    path: '/tickets/{id}/add_node',
    summary: 'Ask another user to act first',
    document: op.AddNodeDocument,
    params: [ID_PARAM],
    body: {
      type: 'object',
      required: ['target_username'],
      properties: { target_username: { type: 'string', minLength: 1 }, suggestion: { type: 'string' } },
      additionalProperties: false,
    },
    variables: (i) => {
      onlyKeys(i, ['target_username', 'suggestion']);
      return action(i, { targetUsername: bodyString(i, 'target_username', { required: true, nonEmpty: true })! });
    },
    present: () => ({}),
  }),
  route({
    method: 'post',
    path: '/tickets/{id}/add_node_end',
    summary: 'Finish an add-node',
    document: op.FinishAddNodeDocument,
    params: [ID_PARAM],
    body: suggestionBody(false),
    variables: (i) => {
      if (!i.hasBody) throw invalidBody('a JSON body is required ({} is fine)');
      onlyKeys(i, ['suggestion']);
      return action(i);
    },
    present: () => ({}),
  }),
  route({
    method: 'get',
    path: '/tickets/{id}/flowlogs',
    summary: 'The ticket history, newest first',
    document: op.TicketFlowLogsDocument,
    params: [
      ID_PARAM,
      ...PAGE_PARAMS,
      { name: 'ticket_data', in: 'query', type: 'integer', description: '1: include the ticket snapshot of each log' },
      { name: 'desc', in: 'query', type: 'integer', description: '0: oldest first' },
    ],
    variables: (i) => ({ id: pathId(i), ...page(i), withTicketData: queryFlag(i, 'ticket_data') ?? false, ascending: queryFlag(i, 'desc') === false }),
    present: (d, p) =>
      paged(
        d.ticket.flowLogs.items.map((l) => presentFlowLog(l, p)),
        d.ticket.flowLogs.page,
        d.ticket.flowLogs.perPage,
        d.ticket.flowLogs.total,
      ),
  }),
  route({
    method: 'get',
    path: '/tickets/{id}/flowsteps',
    summary: 'States in order with the logs of each',
    document: op.TicketFlowStepsDocument,
    params: [ID_PARAM],
    variables: (i) => ({ id: pathId(i) }),
    present: (d, p) => ({
      value: d.ticket.flowSteps.map((s) => ({
        state_id: s.stateId,
        state_name: s.stateName,
        order_id: s.orderId,
        state_flow_log_list: s.logs.map((l) => presentStepLog(l, p)),
      })),
      current_state_id: d.ticket.stateId,
    }),
  }),
  route({
    method: 'put',
    path: '/tickets/{id}/state',
    summary: 'Force the ticket into a state (workflow admins)',
    document: op.ChangeTicketStateDocument,
    params: [ID_PARAM],
    body: {
      type: 'object',
      required: ['state_id'],
      properties: { state_id: { type: 'integer' }, suggestion: { type: 'string' } },
      additionalProperties: false,
    },
    variables: (i) => {
      onlyKeys(i, ['state_id', 'suggestion']);
      return action(i, { stateId: bodyInt(i, 'state_id', { required: true })! });
    },
    present: () => ({}),
  }),
  route({
    method: 'patch',
    path: '/tickets/{id}/fields',
    summary: 'Rewrite field values',
    document: op.UpdateTicketFieldsDocument,
    params: [ID_PARAM],
    body: { type: 'object', additionalProperties: { description: 'custom field values by key, and title; null clears' } },
    variables: (i) => {
      requireBody(i, 'post参数为空');
      return { input: { ticketId: pathId(i), fields: otherKeys(i, ['username']) } };
    },
    present: () => ({}),
  }),
  route({
    method: 'post',
    path: '/tickets/{id}/retry_script',
    summary: 'Run the hook or script of the current state again',
    document: op.RetryTicketScriptDocument,
    params: [ID_PARAM],
    variables: (i) => ({ input: { ticketId: pathId(i) } }),
    present: () => ({}),
    message: 'Ticket script or hook retry start successful',
  }),
  route({
    method: 'post',
    path: '/tickets/{id}/comments',
    summary: 'Add a comment',
    document: op.AddTicketCommentDocument,
    params: [ID_PARAM],
    body: suggestionBody(true),
    variables: (i) => {
      onlyKeys(i, ['suggestion']);
      bodyString(i, 'suggestion', { required: true, nonEmpty: true });
      return action(i);
    },
    present: () => ({}),
    message: 'add ticket comment successful',
  }),
  route({
    method: 'post',
    path: '/tickets/{id}/close',
    summary: 'Close a ticket',
    document: op.CloseTicketDocument,
    params: [ID_PARAM],
    body: suggestionBody(false),
    variables: (i) => action(i),
    present: () => ({}),
  }),
  route({
    method: 'post',
    path: '/tickets/{id}/retreat',
    summary: 'Withdraw a ticket to the start state (creator)',
    document: op.RetreatTicketDocument,
    params: [ID_PARAM],
    body: suggestionBody(false),
    variables: (i) => action(i),
    present: () => ({}),
  }),
  route({
    method: 'post',
    path: '/tickets/{id}/hook_call_back',
    summary: 'A hook reports its result for a ticket waiting in a hook state',
    document: op.HookCallbackDocument,
    params: [ID_PARAM],
    body: {
      type: 'object',
      properties: { result: { type: 'boolean', default: true }, msg: { type: 'string' }, field_value: { type: 'object' } },
      additionalProperties: false,
    },
    variables: (i) => {
      onlyKeys(i, ['result', 'msg', 'field_value']);
      const { result = true, field_value: fieldValue = {} } = i.body;
      if (typeof result !== 'boolean') throw invalidBody('result: must be true or false');
      if (typeof fieldValue !== 'object' || fieldValue === null || Array.isArray(fieldValue))
        throw invalidBody('field_value: must be an object of field values');
      return { input: { ticketId: pathId(i), result, msg: bodyString(i, 'msg') ?? '', fieldValue: fieldValue as Record<string, unknown> } };
    },
    present: () => ({}),
  }),
  route({
    method: 'get',
    path: '/tickets/{id}/participant_info',
    summary: 'The users who handle the ticket now',
    document: op.TicketParticipantInfoDocument,
    params: [ID_PARAM],
    variables: (i) => ({ id: pathId(i) }),
    present: (d) => ({
      participant_username_list: d.ticket.participantUsers.map((u) => u.username),
      participant_info_list: d.ticket.participantUsers.map((u) => ({ username: u.username, alias: u.alias, phone: u.phone, email: u.email })),
    }),
  }),
  route({
    method: 'get',
    path: '/workflows',
    summary: 'Workflows the app may use',
    document: op.WorkflowListDocument,
    params: [{ name: 'name', in: 'query', type: 'string', description: 'name substring' }, ...PAGE_PARAMS],
    variables: (i) => ({ name: queryString(i, 'name') }),
    present: (d, p, i) => {
      const { page: n, perPage } = page(i);
      const all = d.workflows.map((w) => presentWorkflow(w, p));
      const current = servedPage(n, perPage, all.length);
      return paged(all.slice((current - 1) * perPage, current * perPage), current, perPage, all.length);
    },
  }),
  route({
    method: 'get',
    path: '/workflows/states/{id}',
    summary: 'One state',
    document: op.WorkflowStateDocument,
    params: [{ ...ID_PARAM, description: 'state id' }],
    variables: (i) => ({ id: pathId(i) }),
    present: (d, p) => presentState(d.state, p),
  }),
  route({
    method: 'get',
    path: '/workflows/{id}',
    summary: 'One workflow',
    document: op.WorkflowDetailDocument,
    params: [{ ...ID_PARAM, description: 'workflow id' }],
    variables: (i) => ({ id: pathId(i) }),
    present: (d, p) => ({ ...presentWorkflow(d.workflow, p), workflow_admin: d.workflow.admins.join(',') }),
  }),
  route({
    method: 'get',
    path: '/workflows/{id}/init_state',
    summary: 'The start state with its transitions and form',
    document: op.WorkflowInitStateDocument,
    params: [{ ...ID_PARAM, description: 'workflow id' }],
    variables: (i) => ({ id: pathId(i) }),
    present: (d, p) => {
      const s = d.workflow.initState;
      return {
        ...presentState(s, p),
        transition: s.transitions.map((t) => ({
          transition_id: t.id,
          transition_name: t.name,
          field_require_check: t.fieldRequireCheck,
          alert_enable: t.alertEnable,
          enable_alert: t.alertEnable,
          alert_text: t.alertText,
          attribute_type_id: t.attributeTypeId,
        })),
        field_list: s.fieldList.map(presentField),
      };
    },
  }),
  route({
    method: 'get',
    path: '/workflows/{id}/states',
    summary: 'States of a workflow',
    document: op.WorkflowStatesDocument,
    params: [{ ...ID_PARAM, description: 'workflow id' }],
    variables: (i) => ({ id: pathId(i) }),
    present: (d, p) =>
      paged(
        d.workflow.states.map((s) => presentState(s, p)),
        1,
        d.workflow.states.length,
        d.workflow.states.length,
      ),
  }),
  route({
    method: 'get',
    path: '/workflows/{id}/transitions',
    summary: 'Transitions of a workflow',
    document: op.WorkflowTransitionsDocument,
    params: [{ ...ID_PARAM, description: 'workflow id' }],
    variables: (i) => ({ id: pathId(i) }),
    present: (d, p) =>
      paged(
        d.workflow.transitions.map((t) => presentTransition(t, p)),
        1,
        d.workflow.transitions.length,
        d.workflow.transitions.length,
      ),
  }),
  route({
    method: 'get',
    path: '/workflows/{id}/custom_fields',
    summary: 'Custom fields of a workflow',
    document: op.WorkflowCustomFieldsDocument,
    params: [{ ...ID_PARAM, description: 'workflow id' }],
    variables: (i) => ({ id: pathId(i) }),
    present: (d, p) =>
      paged(
        d.workflow.customFields.map((f) => presentCustomField(f, p)),
        1,
        d.workflow.customFields.length,
        d.workflow.customFields.length,
      ),
  }),
];

/** Every loonflow v1.0 route, each mapped onto one GraphQL operation (admin rows in routes-admin*.ts). */
/** The `types` filter of the event feed: comma-separated event type names. */
function eventTypes(input: RouteInput): op.TicketEventType[] | undefined {
  const types = queryString(input, 'types')
    ?.split(',')
    .map((t) => t.trim())
    .filter(Boolean);
  const problem = unknownEventTypes(types ?? []);
  if (problem) throw AppError.badInput(problem, { parameter: 'types' });
  return types as op.TicketEventType[] | undefined;
}

/** The event feed for pollers (docs/events.md). */
const EVENT_ROUTES = [
  route({
    method: 'get',
    path: '/events',
    summary: 'Ticket events after a cursor, as the user may see them',
    document: op.EventFeedDocument,
    params: [
      { name: 'after', in: 'query', type: 'integer', description: 'the cursor to read after: the `cursor` of the previous page (default 0, the start)' },
      { name: 'limit', in: 'query', type: 'integer', description: `how many events to scan, 1 to ${MAX_FEED_LIMIT} (default 100)` },
      { name: 'ticket_id', in: 'query', type: 'integer', description: 'only events of this ticket' },
      { name: 'workflow_ids', in: 'query', type: 'string', description: 'comma-separated workflow ids' },
      { name: 'types', in: 'query', type: 'string', description: 'comma-separated event types (CREATED, MOVED, …)' },
    ],
    variables: (i) => ({
      after: queryInt(i, 'after', { default: 0, min: 0 })!,
      limit: queryInt(i, 'limit', { default: 100, min: 1, max: MAX_FEED_LIMIT })!,
      ticketId: queryInt(i, 'ticket_id'),
      workflowIds: queryIds(i, 'workflow_ids'),
      types: eventTypes(i),
    }),
    present: (d, p) => ({ value: d.ticketEvents.items.map((e) => presentEvent(e, p)), cursor: d.ticketEvents.cursor, has_more: d.ticketEvents.hasMore }),
  }),
];

export const ROUTES = [...TICKET_ROUTES, ...EVENT_ROUTES, ...WEBHOOK_ROUTES, ...SLA_ROUTES, ...ADMIN_ROUTES];
