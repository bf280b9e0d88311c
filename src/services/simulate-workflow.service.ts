import { User } from '../db/entities';
import { ROBOT } from '../domain/constants';
import { AppError } from '../domain/errors';
import type { FieldValue } from '../domain/fields';
import { decide } from '../domain/machine/decide';
import type { Actor, MachinePorts, TicketAction, TicketRecord } from '../domain/machine/model';
import { mustAccept } from '../domain/machine/policy';
import { DecisionTrace } from '../domain/machine/trace';
import { noValues } from '../domain/machine/values';
import { currentHandlers } from '../domain/permissions';
import type { ServiceContext } from './context';
import { requireWorkflowDefs, type WorkflowDefs } from './definitions';
import { DbDirectory } from './directory';
import { invalidFieldsOf, simulateCreate, simulationOf, type Simulation } from './simulate.service';

/** One step of a workflow dry run: the transition, who took it, and what it did. */
export interface WorkflowStep {
  transitionId: number;
  /** Who took the transition: the creator, the ticket's first handler, or the system for a hook or script state. */
  actor: string;
  /** Who accepted the ticket first, in an accept-first state with several handlers. */
  acceptedBy: string | null;
  /** In a countersign state, every handler who voted for the transition, in order. */
  voters: string[];
  simulation: Simulation;
}

/** What a dry run walks: a workflow, the transitions to take in order (the first leaves the start state), and field values. */
export interface SimulateWorkflowInput {
  workflowId: number;
  path: number[];
  /** Values sent with every step (each step keeps those its state lets it write); `title` names the ticket. */
  fields: Record<string, unknown>;
}

/** A hypothetical ticket as the dry run carries it from step to step. */
interface Walk {
  ticket: TicketRecord;
  values: Record<string, FieldValue>;
  /** Who last moved the ticket out of each state (remember_last_man). */
  lastHandlers: Map<number, string>;
}

/**
 * Walk a hypothetical ticket through a sequence of transitions, as the acting user creating it and then as each
 * state's handler (the first one; every voter of a countersign state; an accept first where one is needed; the
 * system in a hook or script state). Every step is the engine's decision; nothing is written. The walk stops at
 * the first refusal, which is the last step.
 */
export async function simulateWorkflow(ctx: ServiceContext, input: SimulateWorkflowInput): Promise<WorkflowStep[]> {
  if (!input.path.length) throw AppError.badInput('path: give at least one transition, the first one out of the start state', { parameter: 'path' });
  const defs = await requireWorkflowDefs(ctx.em, input.workflowId);
  const [first, ...rest] = input.path;
  const title = input.fields.title ?? 'simulation';
  const created = await simulateCreate(ctx, { workflowId: input.workflowId, transitionId: first, title: String(title), fields: input.fields });
  const steps: WorkflowStep[] = [{ transitionId: first, actor: ctx.username, acceptedBy: null, voters: [], simulation: created }];
  if (!created.after) return steps;
  const walk: Walk = { ticket: created.after, values: { ...noValues(defs), ...created.values }, lastHandlers: new Map() };
  for (const transitionId of rest) {
    const step = await takeStep(ctx, defs, walk, transitionId, input.fields);
    steps.push(step);
    if (!step.simulation.allowed) break;
  }
  return steps;
}

async function actorNamed(ctx: ServiceContext, username: string | undefined): Promise<Actor> {
  if (!username) return { username: ROBOT, user: null, app: ctx.app, strict: ctx.config.strict, system: true };
  const user = await ctx.em.findOne(User, { username, isDeleted: false });
  return { username, user: user && { isAdmin: user.isAdmin }, app: ctx.app, strict: ctx.config.strict };
}

async function takeStep(ctx: ServiceContext, defs: WorkflowDefs, walk: Walk, transitionId: number, fields: Record<string, unknown>): Promise<WorkflowStep> {
  const ports: MachinePorts = {
    directory: new DbDirectory(ctx.em),
    timeZone: ctx.config.timeZone,
    lastHandlerIn: async (stateId) => walk.lastHandlers.get(stateId) ?? null,
    parentValues: async () => undefined,
  };
  const invalid = await invalidFieldsOf(ctx, defs, fields);
  const decideAs = async (username: string | undefined, action: TicketAction, trace?: DecisionTrace) => {
    const snapshot = { ticket: walk.ticket, values: walk.values, handlers: currentHandlers(walk.ticket) };
    return decide(snapshot, defs, await actorNamed(ctx, username), action, ports, trace);
  };
  const sourceStateId = walk.ticket.stateId;
  let acceptedBy: string | null = null;
  const handlers = currentHandlers(walk.ticket);
  if (mustAccept({ ticket: walk.ticket, handlers, definition: defs })) {
    const accepted = await decideAs(handlers[0], { kind: 'accept', suggestion: '' });
    if (accepted.allowed) {
      walk.ticket = { ...walk.ticket, ...accepted.change.set, version: walk.ticket.version + 1 };
      acceptedBy = handlers[0];
    }
  }
  const voters: string[] = [];
  const action: TicketAction = { kind: 'handle', transitionId, fields, suggestion: '' };
  for (;;) {
    const actor = currentHandlers(walk.ticket)[0];
    const trace = new DecisionTrace();
    const simulation = simulationOf(defs, walk.ticket, await decideAs(actor, action, trace), trace, invalid, ctx.config.timeZone);
    if (simulation.countersign) voters.push(actor);
    if (!simulation.after) return { transitionId, actor: actor ?? ROBOT, acceptedBy, voters, simulation };
    walk.ticket = simulation.after;
    walk.values = { ...walk.values, ...simulation.values };
    if (simulation.countersign?.outcome !== 'wait') {
      if (actor) walk.lastHandlers.set(sourceStateId, actor);
      return { transitionId, actor: actor ?? ROBOT, acceptedBy, voters, simulation: { ...simulation, sourceStateId } };
    }
  }
}
