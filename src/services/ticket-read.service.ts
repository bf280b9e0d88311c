import { type CustomField, FlowLog, Ticket, User } from '../db/entities';
import { Attribute, Distribute, FieldAttribute, FieldType } from '../domain/constants';
import { AppError } from '../domain/errors';
import { servedPage, servedPageSize } from '../domain/paging';
import { formatParticipant } from '../domain/participant-info';
import { appAllows, isHandler, mustAccept, usernameRequired } from '../domain/machine/policy';
import { TicketRepository } from '../db/ticket-repository';
import { formatDateTime } from '../domain/time';
import { parseStorableDateTime } from '../domain/fields';
import { requireFilterIds } from '../domain/filters';
import type { ServiceContext } from './context';
import { outgoing, shownDefs, ticketDefs, stateOf } from './definitions';
import { findTicket, requireReader, subjectOf } from './ticket-access';
import { participantLookups } from './lookups';
import { actorOf, handlersOf } from './ticket-engine';

/** A field as the detail view shows it (docs/engine.md, fields). */
export interface TicketFieldView {
  fieldKey: string;
  fieldName: string;
  fieldValue: unknown;
  orderId: number;
  fieldTypeId: number;
  fieldAttribute: number;
  description: string;
  placeholder: string;
  fieldChoice: Record<string, string>;
  booleanFieldDisplay: Record<string, string>;
  defaultValue: unknown;
  fieldTemplate: string;
  label: Record<string, unknown>;
}

/** An action a user may take now: a transition, or the synthetic accept or finish add-node entry. */
export interface AvailableTransition {
  transitionId: number;
  transitionName: string;
  fieldRequireCheck: boolean;
  isAccept: boolean;
  inAddNode: boolean;
  alertEnable: boolean;
  alertText: string;
  attributeTypeId: number;
}

/** A ticket the acting user may read (handler, viewer or manager). */
export async function getTicket(ctx: ServiceContext, id: number): Promise<Ticket> {
  const ticket = await findTicket(ctx, ctx.em, id);
  await requireReader(ctx, ctx.em, ticket, await ticketDefs(ctx.em, ticket));
  return ticket;
}

const BUILTINS: [string, string, number][] = [
  ['sn', '流水号', 10],
  ['title', '标题', 20],
  ['state_id', '状态id', 40],
  ['state.state_name', '状态名', 41],
  ['participant_info.participant_name', '当前处理人', 50],
  ['participant_info.participant_alias', '当前处理人', 55],
  ['workflow.workflow_name', '工作流名称', 60],
  ['creator', '创建人', 80],
  ['gmt_created', '创建时间', 100],
  ['gmt_modified', '更新时间', 120],
];

/**
 * A form: the built-in fields, then the custom fields, that `attributes` names, each with its attribute and value,
 * in field order.
 */
function formFields(fields: readonly CustomField[], attributes: ReadonlyMap<string, number>, valueFor: (key: string) => unknown): TicketFieldView[] {
  const blank = { description: '', placeholder: '', fieldChoice: {}, booleanFieldDisplay: {}, defaultValue: null, fieldTemplate: '', label: {} };
  const builtins: TicketFieldView[] = BUILTINS.filter(([key]) => attributes.has(key)).map(([fieldKey, fieldName, orderId]) => ({
    ...blank,
    fieldKey,
    fieldName,
    orderId,
    fieldValue: valueFor(fieldKey),
    fieldTypeId: FieldType.STRING,
    fieldAttribute: attributes.get(fieldKey)!,
  }));
  const custom = fields
    .filter((f) => attributes.has(f.fieldKey))
    .map((f) => ({
      fieldKey: f.fieldKey,
      fieldName: f.fieldName,
      fieldValue: valueFor(f.fieldKey),
      orderId: f.orderId,
      fieldTypeId: f.fieldTypeId,
      fieldAttribute: attributes.get(f.fieldKey)!,
      description: f.description,
      placeholder: f.placeholder,
      fieldChoice: f.fieldChoice,
      booleanFieldDisplay: f.booleanFieldDisplay,
      defaultValue: f.defaultValue ?? null,
      fieldTemplate: f.fieldTemplate,
      label: f.label,
    }));
  return [...builtins, ...custom].sort((a, b) => a.orderId - b.orderId);
}

/** Custom values keyed by field key, for a handler, viewer or manager. */
export async function readableValues(ctx: ServiceContext, ticket: Ticket): Promise<Record<string, unknown>> {
  const defs = await ticketDefs(ctx.em, ticket);
  await requireReader(ctx, ctx.em, ticket, defs);
  return new TicketRepository(ctx.em).values(ticket.id, defs.fields, ctx.config.timeZone);
}

/** The fields of the detail view: the state's fields for a handler, the display form for a viewer (docs/engine.md). */
export async function ticketFieldList(ctx: ServiceContext, ticket: Ticket): Promise<TicketFieldView[]> {
  const defs = await ticketDefs(ctx.em, ticket);
  const state = stateOf(defs, ticket.stateId);
  const handler = (await requireReader(ctx, ctx.em, ticket, defs)).isHandler;
  const shown: Map<string, number> = handler
    ? new Map(Object.entries(state.fields))
    : new Map(defs.workflow.displayForm.map((k) => [k, FieldAttribute.READONLY]));
  const info = formatParticipant(ticket, await participantLookups(ctx.em, [ticket]));
  const tz = ctx.config.timeZone;
  const builtinValue: Record<string, unknown> = {
    sn: ticket.sn,
    title: ticket.title,
    state_id: ticket.stateId,
    'state.state_name': state.name,
    'participant_info.participant_name': info.participantName,
    'participant_info.participant_alias': info.participantAlias,
    'workflow.workflow_name': defs.workflow.name,
    creator: ticket.creator,
    gmt_created: formatDateTime(ticket.createdAt, tz),
    gmt_modified: formatDateTime(ticket.updatedAt, tz),
  };
  // Built-in fields carry the state's attribute too: the creator of a ticket sent back to the start state edits its title there.
  const values = await new TicketRepository(ctx.em).values(ticket.id, defs.fields, tz);
  return formFields(defs.fields, shown, (key) => (key in builtinValue ? builtinValue[key] : (values[key] ?? null)));
}

const SYNTHETIC = { fieldRequireCheck: false, alertEnable: false, alertText: '', attributeTypeId: Attribute.OTHER };

/** What the acting user may do now: add-node completion, accept, or the state's transitions (docs/engine.md). */
export async function availableTransitions(ctx: ServiceContext, ticket: Ticket): Promise<AvailableTransition[]> {
  const defs = await ticketDefs(ctx.em, ticket);
  const subject = await subjectOf(ctx.em, ticket, defs);
  if (!isHandler(actorOf(ctx), subject)) return [];
  if (ticket.inAddNode) return [{ ...SYNTHETIC, transitionId: 0, transitionName: '完成', isAccept: false, inAddNode: true }];
  if (mustAccept(subject)) return [{ ...SYNTHETIC, transitionId: 0, transitionName: '接单', isAccept: true, inAddNode: false }];
  return outgoing(defs, ticket.stateId).map((t) => ({
    transitionId: t.id,
    transitionName: t.name,
    fieldRequireCheck: t.fieldRequireCheck,
    isAccept: false,
    inAddNode: false,
    alertEnable: t.alertEnable,
    alertText: t.alertText,
    attributeTypeId: t.attributeTypeId,
  }));
}

/** What the acting user may do on a ticket the app may see; without handle permission an empty list (no view check, docs/permissions.md). */
export async function ticketTransitions(ctx: ServiceContext, id: number): Promise<AvailableTransition[]> {
  if (!ctx.username) throw usernameRequired('view');
  return availableTransitions(ctx, await findTicket(ctx, ctx.em, id));
}

/** A page of a ticket's history. */
export interface FlowLogPage {
  items: FlowLog[];
  total: number;
  page: number;
  perPage: number;
}

/** The flow logs of a ticket, newest first unless ascending (handlers, viewers and managers). */
export async function ticketFlowLogs(ctx: ServiceContext, ticket: Ticket, opts: { page: number; perPage: number; ascending: boolean }): Promise<FlowLogPage> {
  const perPage = servedPageSize(opts.perPage);
  await requireReader(ctx, ctx.em, ticket, await ticketDefs(ctx.em, ticket));
  const repo = new TicketRepository(ctx.em);
  const total = await repo.flowLogCount(ticket.id);
  const page = servedPage(opts.page, perPage, total);
  const items = await repo.flowLogs(ticket.id, { offset: (page - 1) * perPage, limit: perPage, ascending: opts.ascending });
  return { items, total, page, perPage };
}

/** One step of flowsteps: a state with the logs recorded in it. */
export interface FlowStep {
  stateId: number;
  stateName: string;
  orderId: number;
  logs: FlowLog[];
}

/** The steps of a ticket: visible states in order, each with its logs newest first (handlers, viewers and managers). */
export async function ticketFlowSteps(ctx: ServiceContext, ticket: Ticket): Promise<FlowStep[]> {
  const defs = await ticketDefs(ctx.em, ticket);
  await requireReader(ctx, ctx.em, ticket, defs);
  const logs = await ctx.em.find(FlowLog, { ticketId: ticket.id, isDeleted: false }, { orderBy: { id: 'desc' } });
  return [...defs.states.values()]
    .filter((s) => !s.isHidden || s.id === ticket.stateId)
    .map((s) => ({ stateId: s.id, stateName: s.name, orderId: s.orderId, logs: logs.filter((l) => l.stateId === s.id) }));
}

/** Current states of several tickets the app may see; unknown ids are left out. */
export async function ticketStates(ctx: ServiceContext, ids: number[]): Promise<Ticket[]> {
  requireFilterIds('ticket_ids', ids);
  const tickets = ids.length ? await ctx.em.find(Ticket, { id: ids, isDeleted: false }) : [];
  return tickets.filter((t) => appAllows(ctx.app, t.workflowId));
}

/** Whether the state distributes to all handlers (used by the presenters). */
export const isAllMode = (distributeTypeId: number) => distributeTypeId === Distribute.ALL;

/** The form of a state before a ticket exists (init state): its fields with attributes and default values. */
export async function stateFieldList(ctx: ServiceContext, state: { workflowId: number; fields: Record<string, number> }): Promise<TicketFieldView[]> {
  const defs = await shownDefs(ctx.em, state, state.workflowId);
  return formFields(defs.fields, new Map(Object.entries(state.fields)), (key) => defs.fieldsByKey.get(key)?.defaultValue ?? null);
}

/** The users who handle the ticket now (legacy dept and role participants expanded). */
export async function currentHandlerUsers(ctx: ServiceContext, ticket: Ticket): Promise<User[]> {
  const names = await handlersOf(ctx.em, ticket);
  if (!names.length) return [];
  const users = await ctx.em.find(User, { username: names, isDeleted: false });
  const byName = new Map(users.map((u) => [u.username, u]));
  return names.map((n) => byName.get(n)).filter((u): u is User => !!u);
}

/** Tickets created per day (in LOONGATE_TZ) in the app's workflows, default the last 30 days. */
export async function ticketCountsByDay(ctx: ServiceContext, startDate?: string | null, endDate?: string | null): Promise<{ day: string; count: number }[]> {
  const tz = ctx.config.timeZone;
  const end = endDate ? parseStorableDateTime(endDate, tz) : new Date();
  const start = startDate ? parseStorableDateTime(startDate, tz) : new Date((end ?? new Date()).getTime() - 30 * 86400_000);
  if (!start) throw AppError.badInput(`start_date: "${startDate}" is not a date (YYYY-MM-DD)`);
  if (!end) throw AppError.badInput(`end_date: "${endDate}" is not a date (YYYY-MM-DD)`);
  const where: Record<string, unknown> = {
    isDeleted: false,
    createdAt: { $gte: start, $lte: endDate && endDate.length <= 10 ? new Date(end.getTime() + 86400_000 - 1) : end },
  };
  if (!ctx.app.allWorkflows) where.workflowId = { $in: ctx.app.workflowIds };
  const rows = await ctx.em.find(Ticket, where, { fields: ['id', 'createdAt'] });
  const counts = new Map<string, number>();
  for (const t of rows) {
    const day = formatDateTime(t.createdAt, tz).slice(0, 10);
    counts.set(day, (counts.get(day) ?? 0) + 1);
  }
  return [...counts.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([day, count]) => ({ day, count }));
}
