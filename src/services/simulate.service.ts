import { StateType } from '../domain/constants';
import { AppError } from '../domain/errors';
import { fromStored, type FieldValue } from '../domain/fields';
import { decide, decideCreate, type Decision } from '../domain/machine/decide';
import { type CastVote, type TicketChange, type TicketRecord, untouchedColumns } from '../domain/machine/model';
import { authorizeCreate, ticketRefusal } from '../domain/machine/policy';
import { Refusal, RefusalReason } from '../domain/machine/refusal';
import { firstStateOf } from '../domain/machine/enter';
import { DecisionTrace, type ParticipantsStep } from '../domain/machine/trace';
import { validateWrites } from '../domain/machine/values';
import type { ConditionStep } from '../domain/transitions';
import { pendingVoters } from '../domain/countersign';
import type { ServiceContext } from './context';
import { requireWorkflowDefs, ticketDefs, type WorkflowDefs } from './definitions';
import { creationFacts } from './limits';
import { actorOf, plannedJobs, portsFor, snapshotOf, type PlannedJob } from './ticket-engine';
import { checkParentLink } from './ticket-parent';
import { findTicket, requireReader } from './ticket-access';
import { DbDirectory } from './directory';
import type { CreateTicketInput } from './ticket-create.service';

/** What a transition would do, or why it would be refused: the engine's own decision, reported step by step. */
export interface Simulation {
  allowed: boolean;
  refusal: Refusal | null;
  /** The state the ticket is in before the move (the start state on create). */
  sourceStateId: number;
  /** The state it would be in afterwards; null when refused. */
  destinationStateId: number | null;
  /** The 1-based condition that chose the destination; 0: the transition's own destination. */
  chosenByCondition: number;
  /** Each condition tried, in order, with the values its placeholders saw. */
  conditions: ConditionStep[];
  /** How the destination's handlers were found (none when the ticket stays, e.g. a countersign vote still pending). */
  participants: ParticipantsStep | null;
  /** The handlers and duty after the move. */
  handlers: string[];
  actStateId: number | null;
  /** The custom values the move would store (validated, as they would read back); null clears a value. */
  values: Record<string, FieldValue>;
  /** Values sent that do not fit their field, each with the reason. */
  invalidFields: { fieldKey: string; message: string }[];
  /** The notices, timers, hook, script and parent check the move would queue. */
  jobs: PlannedJob[];
  /** The countersign outcome of a vote in an all-must-handle state. */
  countersign: { outcome: CastVote['outcome']; pending: string[] } | null;
  /** The ticket as the move would leave it (the next step of a workflow dry run starts from it). */
  after: TicketRecord | null;
}

/** The report of a decision made with a trace. */
export function simulationOf(
  defs: WorkflowDefs,
  before: TicketRecord,
  decision: Decision,
  trace: DecisionTrace,
  invalidFields: Simulation['invalidFields'],
  timeZone: string,
): Simulation {
  if (!decision.allowed) return refusedSimulation(before, decision.refusal, trace, invalidFields);
  const change: TicketChange = decision.change;
  const after: TicketRecord = { ...before, ...change.set, version: before.version + 1 };
  const values = Object.fromEntries(change.values.map((w) => [w.field.fieldKey, w.stored ? fromStored(w.field.fieldTypeId, w.stored, timeZone) : null]));
  const open = change.vote?.outcome === 'wait' || change.vote?.outcome === 'revote';
  const countersign = change.vote ? { outcome: change.vote.outcome, pending: open ? pendingVoters(after.multiAllPerson) : [] } : null;
  return {
    sourceStateId: before.stateId,
    conditions: trace.conditions,
    chosenByCondition: trace.chosenBy,
    invalidFields,
    allowed: true,
    refusal: null,
    destinationStateId: change.stateId,
    participants: open ? null : trace.participants,
    handlers: change.duty?.users ?? [],
    actStateId: after.actStateId,
    values,
    jobs: plannedJobs(after, defs, change.jobs),
    countersign,
    after,
  };
}

/** The report of a refusal, with the conditions tried before it (a condition that failed to evaluate is the last). */
function refusedSimulation(before: TicketRecord, refusal: Refusal, trace: DecisionTrace, invalidFields: Simulation['invalidFields']): Simulation {
  return {
    allowed: false,
    refusal,
    sourceStateId: before.stateId,
    destinationStateId: null,
    chosenByCondition: 0,
    conditions: trace.conditions,
    participants: null,
    handlers: [],
    actStateId: null,
    values: {},
    invalidFields,
    jobs: [],
    countersign: null,
    after: null,
  };
}

/** Every value sent that its field refuses, checked one by one as the action would check them. */
export async function invalidFieldsOf(ctx: ServiceContext, defs: WorkflowDefs, fields: Record<string, unknown>): Promise<Simulation['invalidFields']> {
  const ports = { directory: new DbDirectory(ctx.em), timeZone: ctx.config.timeZone };
  const out: Simulation['invalidFields'] = [];
  for (const [fieldKey, raw] of Object.entries(fields)) {
    try {
      await validateWrites(defs, { [fieldKey]: raw }, ports);
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      out.push({ fieldKey, message: err.message });
    }
  }
  return out;
}

/** What a handle would do: the ticket read without a lock, the engine's decision, nothing written. */
export interface SimulateTransitionInput {
  ticketId: number;
  transitionId: number;
  fields: Record<string, unknown>;
  suggestion?: string | null;
  expectedVersion?: number | null;
}

/**
 * Simulate a handle on an existing ticket as the acting user. Reads only; never flushes. Only a user who may read
 * the ticket may simulate (the report shows its values); the app's scope is checked as on every read.
 */
export async function simulateTransition(ctx: ServiceContext, input: SimulateTransitionInput): Promise<Simulation> {
  const ticket = await findTicket(ctx, ctx.em, input.ticketId);
  const defs = await ticketDefs(ctx.em, ticket);
  await requireReader(ctx, ctx.em, ticket, defs);
  const trace = new DecisionTrace();
  const invalid = await invalidFieldsOf(ctx, defs, input.fields);
  const blocked = ticketRefusal(ctx.app, ticket, input.expectedVersion);
  if (blocked) return refusedSimulation(ticket, blocked, trace, invalid);
  const snapshot = await snapshotOf(ctx, ctx.em, ticket, defs);
  const action = { kind: 'handle', transitionId: input.transitionId, fields: input.fields, suggestion: input.suggestion ?? '' } as const;
  const decision = await decide(snapshot, defs, actorOf(ctx), action, portsFor(ctx, ctx.em, ticket), trace);
  return simulationOf(defs, ticket, decision, trace, invalid, ctx.config.timeZone);
}

/** A ticket that does not exist yet: the columns a creation sets come from its change. */
function unborn(workflowId: number, stateId: number): TicketRecord {
  const now = new Date();
  return {
    ...untouchedColumns(),
    id: 0,
    workflowId,
    stateId,
    title: '',
    creator: '',
    relation: '',
    actStateId: 0,
    parentTicketId: 0,
    parentTicketStateId: 0,
    version: 0,
    sn: '',
    createdAt: now,
    updatedAt: now,
  };
}

/**
 * Simulate a creation as the acting user: the same checks, in the same order, as createTicket; nothing written. A
 * workflow the app is not granted is refused outright (APP_NOT_ALLOWED), like every read of it.
 */
export async function simulateCreate(ctx: ServiceContext, input: CreateTicketInput): Promise<Simulation> {
  const actor = actorOf(ctx);
  const trace = new DecisionTrace();
  const refused = authorizeCreate(actor, input.workflowId);
  if (refused?.reason === RefusalReason.APP_NOT_ALLOWED) throw refused;
  if (refused) return refusedSimulation(unborn(input.workflowId, 0), refused, trace, []);
  const defs = await requireWorkflowDefs(ctx.em, input.workflowId);
  const before = unborn(input.workflowId, firstStateOf(defs, StateType.START)?.id ?? 0);
  const invalid = await invalidFieldsOf(ctx, defs, input.fields);
  const parent = await checkParentLink(ctx, input.parentTicketId, input.parentTicketStateId).catch((err: unknown) => {
    if (err instanceof Refusal) return err;
    throw err;
  });
  if (parent instanceof Refusal) return refusedSimulation(before, parent, trace, invalid);
  const action = { transitionId: input.transitionId, title: input.title ?? null, suggestion: input.suggestion ?? '', fields: input.fields, ...parent };
  const facts = await creationFacts(ctx, ctx.em, input.workflowId, defs.workflow.limitExpression);
  const decision = await decideCreate(defs, actor, action, facts, portsFor(ctx, ctx.em, { id: 0, parentTicketId: parent.parentTicketId }), trace);
  return simulationOf(defs, before, decision, trace, invalid, ctx.config.timeZone);
}
