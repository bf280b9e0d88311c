import { ActState, Attribute, Distribute, FieldAttribute, Intervene, ParticipantType, ROBOT, StateType } from '../constants';
import { countVote, handVote, LOONFLOW_POLICY, pendingVoters, type VoteOutcome } from '../countersign';
import { AppError } from '../errors';
import { keysWithAttribute, missingRequired, ticketTitle } from '../fields';
import type { Resolution } from '../participants';
import { mergeRelation } from '../permissions';
import { actStateAfter, actStateAfterIntervention, actStateEntering, chooseDestination } from '../transitions';
import { assignTo, enterState, firstStateOf, NOBODY, personal, resolveHandlers, stateIn } from './enter';
import { creationLimitRefusal, type CreationFacts, type CreationLimit } from './limits';
import type { VoteEntry } from '../ticket-types';
import {
  NO_JOBS,
  NOTIFY,
  type Actor,
  type CreateAction,
  type MachineDefinition,
  type MachinePorts,
  type MachineState,
  type MachineTransition,
  type TicketAction,
  type TicketChange,
  type TicketColumns,
  type TicketSnapshot,
  untouchedColumns,
} from './model';
import { authorizeCreate, requireAllowed } from './policy';
import type { DecisionTrace } from './trace';
import { Refusal, refuse, RefusalReason as R } from './refusal';
import { allValues, pick, validateWrites } from './values';

/** The engine's answer: what the action would change, or why it may not happen. Nothing is written. */
export type Decision<C extends TicketChange = TicketChange> = { allowed: true; change: C } | { allowed: false; refusal: Refusal };

/** A creation's change sets every column of the new ticket. */
export type NewTicket = TicketChange & { set: TicketColumns };

type Of<K extends TicketAction['kind']> = Extract<TicketAction, { kind: K }>;

interface Situation {
  snapshot: TicketSnapshot;
  definition: MachineDefinition;
  actor: Actor;
  ports: MachinePorts;
  trace?: DecisionTrace;
}

async function settle<C extends TicketChange>(run: () => Promise<C>): Promise<Decision<C>> {
  try {
    return { allowed: true, change: await run() };
  } catch (err) {
    if (err instanceof AppError) return { allowed: false, refusal: Refusal.from(err) };
    throw err;
  }
}

/** Input problems a caller must hear about before any permission is looked at. */
function checkInput(action: TicketAction): void {
  if (action.kind === 'comment' && !action.suggestion.trim()) refuse(R.INVALID_INPUT, 'suggestion: must be a non-empty string');
  if (action.kind === 'updateFields' && !Object.keys(action.fields).length) refuse(R.NOTHING_TO_UPDATE, 'fields: nothing to update');
}

/**
 * Decide an action on an existing ticket: the policy first (who may), then the action's own rules, then
 * the change — columns, duty index, values, flow log and jobs — for the caller to apply in one transaction.
 * A trace, when given, hears the conditions tried and the handlers resolved (the simulation's report).
 */
export function decide(
  snapshot: TicketSnapshot,
  definition: MachineDefinition,
  actor: Actor,
  action: TicketAction,
  ports: MachinePorts,
  trace?: DecisionTrace,
): Promise<Decision> {
  return settle(async () => {
    checkInput(action);
    requireAllowed(actor, action.kind, { ticket: snapshot.ticket, handlers: snapshot.handlers, definition }, action);
    return change({ snapshot, definition, actor, ports, trace }, action);
  });
}

function change(s: Situation, action: TicketAction): Promise<TicketChange> | TicketChange {
  switch (action.kind) {
    case 'handle':
      return handle(s, action);
    case 'accept':
      return reassign(s, personal(s.actor.username), Intervene.ACCEPT, action.suggestion || '接单处理');
    case 'deliver':
      return deliver(s, action);
    case 'addNode':
      return addNode(s, action);
    case 'deliverToGroup':
      return deliverToGroup(s, action);
    case 'addWatcher':
      return addWatcher(s, action);
    case 'addNodeEnd':
      return addNodeEnd(s, action);
    case 'changeState':
      return changeState(s, action);
    case 'close':
      return close(s, action);
    case 'retreat':
      return retreat(s, action);
    case 'delete':
      return logOnly(s, { isDeleted: true }, Intervene.DELETE, action.suggestion, NO_JOBS);
    case 'comment':
      return logOnly(s, {}, Intervene.COMMENT, action.suggestion, NOTIFY);
    case 'updateFields':
      return updateFields(s, action);
    case 'retryAutomation':
      return retryAutomation(s);
    case 'recordAutomation':
      return recordAutomation(s, action);
  }
}

/** A flow log of an intervention by the actor in the given state. */
function interventionLog(s: Situation, stateId: number, interveneTypeId: number, suggestion: string) {
  return { stateId, transitionId: 0, interveneTypeId, suggestion, participant: s.actor.username, participantTypeId: ParticipantType.PERSONAL };
}

function logOnly(s: Situation, set: Partial<TicketColumns>, interveneTypeId: number, suggestion: string, jobs: TicketChange['jobs']): TicketChange {
  const stateId = s.snapshot.ticket.stateId;
  return { set, values: [], log: interventionLog(s, stateId, interveneTypeId, suggestion), jobs, stateId };
}

/** The ticket stays in its state with other handlers (accept, deliver, add-node). */
function reassign(s: Situation, to: Resolution, interveneTypeId: number, suggestion: string, extra: Partial<TicketColumns> = {}): TicketChange {
  const change = logOnly(s, { ...assignTo(s.snapshot.ticket, to), ...extra }, interveneTypeId, suggestion, NOTIFY);
  return { ...change, duty: { users: to.users } };
}

async function requireActiveTarget(s: Situation, target: string): Promise<void> {
  if (!target) refuse(R.TARGET_INVALID, 'targetUsername: a target user is required', { target, problem: 'missing' });
  if (!(await s.ports.directory.activeUsers([target])).has(target))
    refuse(R.TARGET_INVALID, `targetUsername: "${target}" is not an existing active user`, { target, problem: 'unknown' });
}

/** The ticket's countersign round, when it has one (a ledger with at least one pending voter). */
function openRound(s: Situation): Record<string, VoteEntry> | null {
  const ledger = s.snapshot.ticket.multiAllPerson;
  return pendingVoters(ledger).length ? ledger : null;
}

/** The ticket stays in its countersign round with these voters (pending ones handle it). */
function keepRound(s: Situation, ledger: Record<string, VoteEntry>, interveneTypeId: number, suggestion: string): TicketChange {
  const pending = pendingVoters(ledger);
  const set = { participant: pending.join(','), multiAllPerson: ledger, relation: mergeRelation(s.snapshot.ticket.relation, pending) };
  return { ...logOnly(s, set, interveneTypeId, suggestion, NOTIFY), duty: { users: pending } };
}

/**
 * Hand a pending vote to the target: a voter delivering their own, or a manager naming whose vote (`voter`).
 * Outside a countersign round one person takes the ticket over.
 */
async function deliver(s: Situation, action: Of<'deliver'>): Promise<TicketChange> {
  await requireActiveTarget(s, action.target);
  const ledger = openRound(s);
  const pending = ledger ? pendingVoters(ledger) : [];
  if (action.voter !== undefined && !pending.includes(action.voter))
    refuse(R.INVALID_INPUT, `fromUsername: "${action.voter}" has no pending vote on this ticket`, { voter: action.voter });
  const voter = action.voter ?? s.actor.username;
  if (!ledger || !pending.includes(voter)) return reassign(s, personal(action.target), Intervene.DELIVER, action.suggestion);
  if (ledger[action.target]) refuse(R.TARGET_INVALID, `targetUsername: "${action.target}" already votes here`, { target: action.target, problem: 'voter' });
  return keepRound(s, handVote(ledger, voter, action.target), Intervene.DELIVER, action.suggestion);
}

/**
 * Hand the ticket to the members of a role or dept: resolved as if its state named them (active users only, in order,
 * the state's distribution; nobody left is a refusal), so a countersign round starts afresh among them.
 */
async function deliverToGroup(s: Situation, action: Of<'deliverToGroup'>): Promise<TicketChange> {
  const { ticket, values } = s.snapshot;
  const state = stateIn(s.definition, ticket.stateId);
  const rule = { ...state, typeId: StateType.NORMAL, ...action.group };
  return reassign(s, await resolveHandlers(rule, { creator: ticket.creator, values }, s.ports), Intervene.DELIVER, action.suggestion);
}

/** Let a user read the ticket and find it in their relation list; the handlers stay, the change is logged as a note. */
async function addWatcher(s: Situation, action: Of<'addWatcher'>): Promise<TicketChange> {
  await requireActiveTarget(s, action.target);
  const relation = mergeRelation(s.snapshot.ticket.relation, [action.target]);
  return { ...logOnly(s, { relation }, Intervene.COMMENT, action.suggestion, NOTIFY), watcher: action.target };
}

/** Ask another person to act first; in a countersign round the target joins the round as one more voter instead. */
async function addNode(s: Situation, action: Of<'addNode'>): Promise<TicketChange> {
  await requireActiveTarget(s, action.target);
  if (action.target === s.actor.username) refuse(R.TARGET_INVALID, 'targetUsername: you cannot add yourself', { target: action.target, problem: 'self' });
  const ledger = openRound(s);
  if (ledger) {
    if (ledger[action.target]) refuse(R.TARGET_INVALID, `targetUsername: "${action.target}" already votes here`, { target: action.target, problem: 'voter' });
    return keepRound(s, { ...ledger, [action.target]: {} }, Intervene.ADD_NODE, action.suggestion);
  }
  const addNodeStack = [...s.snapshot.ticket.addNodeStack, s.actor.username];
  return reassign(s, personal(action.target), Intervene.ADD_NODE, action.suggestion, { inAddNode: true, addNodeMan: s.actor.username, addNodeStack });
}

/** Back to whoever added the actor; nested add-nodes unwind one at a time. */
function addNodeEnd(s: Situation, action: Of<'addNodeEnd'>): TicketChange {
  const stack = [...s.snapshot.ticket.addNodeStack];
  const back = stack.pop() ?? s.snapshot.ticket.addNodeMan;
  return reassign(s, personal(back), Intervene.ADD_NODE_END, action.suggestion, {
    inAddNode: stack.length > 0,
    addNodeMan: stack.at(-1) ?? '',
    addNodeStack: stack,
  });
}

/** A forced move: the target state's handlers, act state by the state's type. */
async function changeState(s: Situation, action: Of<'changeState'>): Promise<TicketChange> {
  const { ticket, values } = s.snapshot;
  const target =
    s.definition.states.get(action.stateId) ??
    refuse(R.STATE_NOT_IN_WORKFLOW, `state_id ${action.stateId} is not a state of workflow ${ticket.workflowId}`, { stateId: action.stateId });
  const handlers = await resolveHandlers(target, { creator: ticket.creator, values }, s.ports);
  return {
    set: { ...enterState(ticket, target, handlers), actStateId: actStateAfterIntervention(target.typeId) },
    duty: { users: handlers.users },
    values: [],
    log: interventionLog(s, ticket.stateId, Intervene.CHANGE_STATE, action.suggestion),
    jobs: { notify: true, timers: true, automation: true, parentCheck: false },
    stateId: target.id,
  };
}

function close(s: Situation, action: Of<'close'>): TicketChange {
  const end = firstStateOf(s.definition, StateType.END) ?? refuse(R.NO_END_STATE, `workflow ${s.snapshot.ticket.workflowId} has no end state`);
  return {
    set: { ...enterState(s.snapshot.ticket, end, NOBODY), actStateId: ActState.CLOSED },
    duty: { users: [] },
    values: [],
    log: interventionLog(s, end.id, Intervene.CLOSE, `强制关闭工单:${action.suggestion}`),
    jobs: NOTIFY,
    stateId: end.id,
  };
}

function retreat(s: Situation, action: Of<'retreat'>): TicketChange {
  const start = firstStateOf(s.definition, StateType.START) ?? refuse(R.INVALID_INPUT, `workflow ${s.snapshot.ticket.workflowId} has no start state`);
  const creator = personal(s.snapshot.ticket.creator);
  return {
    set: { ...enterState(s.snapshot.ticket, start, creator), actStateId: ActState.RETREATED },
    duty: { users: creator.users },
    values: [],
    log: interventionLog(s, start.id, Intervene.RETREAT, action.suggestion),
    jobs: NOTIFY,
    stateId: start.id,
  };
}

async function updateFields(s: Situation, action: Of<'updateFields'>): Promise<TicketChange> {
  const { title, ...rest } = action.fields;
  const set: Partial<TicketColumns> = title === undefined ? {} : { title: ticketTitle(title) };
  return { set, values: await validateWrites(s.definition, rest, s.ports), jobs: NO_JOBS, stateId: s.snapshot.ticket.stateId };
}

function retryAutomation(s: Situation): TicketChange {
  const type = s.snapshot.ticket.participantTypeId;
  if (type !== ParticipantType.SCRIPT && type !== ParticipantType.HOOK)
    refuse(R.NOT_AUTOMATED, "The ticket's participant_type is not robot or hook, do not allow retry");
  return { ...logOnly(s, { scriptRunLastResult: true }, Intervene.HOOK, 'retry requested', NO_JOBS), jobs: { ...NO_JOBS, automation: true } };
}

function recordAutomation(s: Situation, action: Of<'recordAutomation'>): TicketChange {
  const stateId = s.snapshot.ticket.stateId;
  const log = {
    stateId,
    transitionId: 0,
    interveneTypeId: action.interveneTypeId,
    suggestion: action.suggestion,
    participant: action.participant,
    participantTypeId: action.participantTypeId,
  };
  return { set: action.ok ? {} : { scriptRunLastResult: false }, values: [], log, jobs: NO_JOBS, stateId };
}

/** The transition `id` out of `source`, refused when there is none. */
function transitionFrom(definition: MachineDefinition, source: MachineState, id: number): MachineTransition {
  return (
    definition.transitions.find((t) => t.id === id && t.sourceStateId === source.id) ??
    refuse(R.TRANSITION_NOT_AVAILABLE, 'transition_id is invalid', { transitionId: id, stateId: source.id })
  );
}

/** Who handles the ticket in the state it moves to; remember_last_man prefers whoever last moved it out of there. */
async function handlersOf(s: Situation, destination: MachineState, values: Record<string, unknown>): Promise<Resolution> {
  if (destination.rememberLastMan && destination.distributeTypeId !== Distribute.ALL) {
    const last = await s.ports.lastHandlerIn(destination.id);
    if (last) {
      s.trace?.resolved(destination, 'remember_last_man', personal(last));
      return personal(last);
    }
  }
  const resolution = await resolveHandlers(destination, { creator: s.snapshot.ticket.creator, values }, s.ports);
  s.trace?.resolved(destination, 'rule', resolution);
  return resolution;
}

/** The log's note on what a vote did, when it did more than wait or move by the voter's own choice. */
function voteNote(s: Situation, outcome: VoteOutcome | null, voted: number): string {
  if (outcome?.kind === 'revote') return ' (handlers chose different actions; every handler votes again)';
  if (outcome?.kind === 'to_state') return ` (handlers disagreed; the countersign policy sends the ticket to ${stateIn(s.definition, outcome.stateId).name})`;
  if (outcome?.kind === 'move' && outcome.transitionId !== voted) {
    const winner = s.definition.transitions.find((t) => t.id === outcome.transitionId);
    return ` (the majority chose ${winner?.name ?? outcome.transitionId})`;
  }
  return '';
}

/**
 * Move a ticket through a transition. In a countersign state a person's choice is a vote, counted by the
 * state's policy (loonflow's when it has none): the ticket waits, moves, starts a new round or goes to the
 * policy's state (docs/countersign.md).
 */
async function handle(s: Situation, action: Of<'handle'>): Promise<TicketChange> {
  const { ticket, values: stored } = s.snapshot;
  const system = !!s.actor.system;
  const source = stateIn(s.definition, ticket.stateId);
  const transition = transitionFrom(s.definition, source, action.transitionId);
  const updates = pick(action.fields, keysWithAttribute(source.fields, FieldAttribute.REQUIRED, FieldAttribute.OPTIONAL));
  if (transition.fieldRequireCheck && !system) {
    const missing = missingRequired(source.fields, { ...stored, title: ticket.title, ...updates });
    if (missing.length) refuse(R.FIELDS_MISSING, `required fields are missing: ${missing.join(', ')}`, { missing });
  }
  const values = await validateWrites(s.definition, updates, s.ports);
  const set: Partial<TicketColumns> = updates.title != null ? { title: ticketTitle(updates.title) } : {};
  const actor = system ? ROBOT : s.actor.username;
  const worker = system ? undefined : actor;

  const ballot = { voter: actor, transition: { id: transition.id, name: transition.name, refuses: transition.attributeTypeId === Attribute.REFUSE } };
  const outcome = !system && openRound(s) ? countVote(source.countersign ?? LOONFLOW_POLICY, ticket.multiAllPerson, ballot) : null;
  const taken = outcome?.kind === 'move' ? transitionFrom(s.definition, source, outcome.transitionId) : transition;
  const conditionValues = {
    ...allValues(ticket, stored, s.ports.timeZone),
    ...updates,
    transition_id: taken.id,
    suggestion: action.suggestion,
    username: actor,
  };
  let destination = source;
  let duty: TicketChange['duty'];
  if (outcome?.kind === 'wait' || outcome?.kind === 'revote') {
    // The participant type stays what it was (multi) while the pending voters are listed.
    Object.assign(set, { participant: outcome.pending.join(','), multiAllPerson: outcome.ledger, relation: mergeRelation(ticket.relation, outcome.pending) });
    duty = { users: outcome.pending, worker };
    set.actStateId = actStateAfter(destination.typeId, transition.attributeTypeId);
  } else {
    destination = stateIn(
      s.definition,
      outcome?.kind === 'to_state' ? outcome.stateId : chooseDestination(taken, conditionValues, s.trace && ((step) => s.trace!.condition(step))),
    );
    const handlers = await handlersOf(s, destination, conditionValues);
    Object.assign(set, enterState(ticket, destination, handlers));
    duty = { users: handlers.users, worker };
    set.actStateId = outcome?.kind === 'to_state' ? actStateEntering(destination.typeId) : actStateAfter(destination.typeId, taken.attributeTypeId);
  }
  const moved = destination.id !== source.id || !outcome;
  const log = action.system?.skipLog
    ? undefined
    : {
        stateId: source.id,
        transitionId: transition.id,
        interveneTypeId: Intervene.NORMAL,
        suggestion: action.suggestion + voteNote(s, outcome, transition.id),
        participant: action.system?.logAs?.participant ?? actor,
        participantTypeId: action.system?.logAs?.participantTypeId ?? ParticipantType.PERSONAL,
      };
  const vote = outcome && { voter: actor, transitionId: transition.id, suggestion: action.suggestion, outcome: outcome.kind };
  return {
    set,
    duty,
    values,
    log,
    jobs: { notify: true, timers: true, automation: moved, parentCheck: moved },
    stateId: destination.id,
    ...(vote && { vote }),
  };
}

/**
 * Decide a creation: app scope and creation limits, the transition out of the start state, required and
 * valid fields, the destination and its handlers. The change holds every column of the new ticket; a trace, when
 * given, hears the conditions tried and the handlers resolved.
 */
export function decideCreate(
  definition: MachineDefinition & { workflow: { limitExpression: CreationLimit } },
  actor: Actor,
  action: CreateAction,
  facts: CreationFacts,
  ports: MachinePorts,
  trace?: DecisionTrace,
): Promise<Decision<NewTicket>> {
  return settle(async (): Promise<NewTicket> => {
    const refusal = authorizeCreate(actor, definition.workflow.id);
    if (refusal) throw refusal;
    const start = firstStateOf(definition, StateType.START) ?? refuse(R.INVALID_INPUT, `workflow ${definition.workflow.id} has no start state`);
    const transition = transitionFrom(definition, start, action.transitionId);
    const body: Record<string, unknown> = { ...action.fields, title: action.title ?? action.fields.title };
    const title = body.title == null ? '' : ticketTitle(body.title);
    if (transition.fieldRequireCheck) {
      const missing = missingRequired(start.fields, body);
      const required = keysWithAttribute(start.fields, FieldAttribute.REQUIRED);
      if (missing.length)
        refuse(R.FIELDS_MISSING, `required fields are missing: ${missing.join(', ')} (required here: ${required.join(', ')})`, { missing, required });
    }
    const values = await validateWrites(
      definition,
      pick(action.fields, keysWithAttribute(start.fields, FieldAttribute.REQUIRED, FieldAttribute.OPTIONAL)),
      ports,
    );
    const conditionValues = { ...body, transition_id: transition.id, suggestion: action.suggestion, username: actor.username };
    const destination = stateIn(definition, chooseDestination(transition, conditionValues, trace && ((step) => trace.condition(step))));
    const handlers = await resolveHandlers(destination, { creator: actor.username, values: body }, ports);
    trace?.resolved(destination, 'rule', handlers);
    const limited = creationLimitRefusal(actor.username, definition.workflow.limitExpression, facts);
    if (limited) throw limited;
    const set: TicketColumns = {
      ...untouchedColumns(),
      title,
      stateId: destination.id,
      creator: actor.username,
      relation: actor.username,
      actStateId: actStateEntering(destination.typeId),
      parentTicketId: action.parentTicketId,
      parentTicketStateId: action.parentTicketStateId,
    };
    Object.assign(set, assignTo(set, handlers));
    const log = {
      stateId: start.id,
      transitionId: transition.id,
      interveneTypeId: Intervene.NORMAL,
      suggestion: action.suggestion,
      participant: actor.username,
      participantTypeId: ParticipantType.PERSONAL,
    };
    return {
      set,
      duty: { users: handlers.users, creator: actor.username },
      values,
      log,
      jobs: { notify: true, timers: true, automation: true, parentCheck: true },
      stateId: destination.id,
    };
  });
}
