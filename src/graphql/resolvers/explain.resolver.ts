import { Arg, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import { GraphQLJSONObject } from 'graphql-scalars';
import type { Ticket, Workflow } from '../../db/entities';
import { AppError } from '../../domain/errors';
import type { ExplainedAction } from '../../domain/machine/explain';
import type { Refusal } from '../../domain/machine/refusal';
import { actionsOf, creationRefusal, ticketActions } from '../../services/explain.service';
import { simulateDefinition } from '../../services/simulate-definition.service';
import { simulateWorkflow, type WorkflowStep } from '../../services/simulate-workflow.service';
import { simulateCreate, simulateTransition, type Simulation } from '../../services/simulate.service';
import type { GqlContext } from '../context';
import { TicketType } from '../types/ticket.type';
import { AvailabilityType, ExplainedActionType, SimulationStepType, SimulationType } from '../types/explain.type';
import { WorkflowType } from '../types/workflow.type';

const VERSION_DOC = 'The version the caller saw: when the ticket has another, every action is refused with VERSION_STALE.';

/** The availability of an action from the refusal it would meet (null: available). */
function availability(refusal: Refusal | null): AvailabilityType {
  if (!refusal) return { available: true, reason: null, code: null, message: null, details: null };
  const { reason: _reason, ...details } = refusal.detail;
  return { available: false, reason: refusal.reason, code: refusal.code, message: refusal.message, details };
}

function explained(actions: ExplainedAction[]): ExplainedActionType[] {
  return actions.map((a) => ({ kind: a.kind, transitionId: a.transitionId, name: a.name, ...availability(a.refusal) }));
}

function simulation(s: Simulation): SimulationType {
  return {
    ...s,
    availability: availability(s.refusal),
    participants: s.participants && {
      stateId: s.participants.stateId,
      source: s.participants.source,
      ruleTypeId: s.participants.ruleTypeId,
      rule: s.participants.rule,
      distributeTypeId: s.participants.distributeTypeId,
      participantTypeId: s.participants.resolution.participantTypeId,
      participant: s.participants.resolution.participant,
      users: s.participants.resolution.users,
    },
  };
}

function steps(list: WorkflowStep[]): SimulationStepType[] {
  return list.map((s) => ({ ...s, simulation: simulation(s.simulation) }));
}

/** Explain and simulate: why an action is unavailable, and what a transition would do (docs/explain.md). */
@Resolver()
export class ExplainResolver {
  @Query(() => [ExplainedActionType], {
    description: "Every action of a ticket's current state for the acting user, each available or with the reason it would be refused (as Ticket.actions).",
  })
  async ticketActions(
    @Ctx() ctx: GqlContext,
    @Arg('id', () => Int, { description: 'The ticket id.' }) id: number,
    @Arg('expectedVersion', () => Int, { nullable: true, description: VERSION_DOC }) expectedVersion?: number | null,
  ): Promise<ExplainedActionType[]> {
    return explained(await ticketActions(ctx, id, expectedVersion));
  }

  @Query(() => AvailabilityType, { description: 'Whether the acting user may create a ticket of the workflow now: the app scope and the creation limits.' })
  async canCreate(@Ctx() ctx: GqlContext, @Arg('workflowId', () => Int, { description: 'The workflow.' }) workflowId: number): Promise<AvailabilityType> {
    return availability(await creationRefusal(ctx, workflowId));
  }

  @Query(() => SimulationType, { description: 'What handling the ticket through the transition would do now, as the acting user; nothing is written.' })
  async simulateTransition(
    @Ctx() ctx: GqlContext,
    @Arg('ticketId', () => Int, { description: 'The ticket.' }) ticketId: number,
    @Arg('transitionId', () => Int, { description: 'The transition to try.' }) transitionId: number,
    @Arg('fields', () => GraphQLJSONObject, { nullable: true, description: 'Values the handle would send, keyed by field key.' })
    fields?: Record<string, unknown> | null,
    @Arg('expectedVersion', () => Int, { nullable: true, description: VERSION_DOC }) expectedVersion?: number | null,
  ): Promise<SimulationType> {
    return simulation(await simulateTransition(ctx, { ticketId, transitionId, fields: fields ?? {}, expectedVersion }));
  }

  @Query(() => SimulationType, { description: 'What creating a ticket through the transition would do now, as the acting user; nothing is written.' })
  async simulateCreate(
    @Ctx() ctx: GqlContext,
    @Arg('workflowId', () => Int, { description: 'The workflow.' }) workflowId: number,
    @Arg('transitionId', () => Int, { description: 'A transition out of the start state.' }) transitionId: number,
    @Arg('fields', () => GraphQLJSONObject, { nullable: true, description: 'Values the creation would send (title included), keyed by field key.' })
    fields?: Record<string, unknown> | null,
  ): Promise<SimulationType> {
    const values = fields ?? {};
    const title = typeof values.title === 'string' ? values.title : null;
    return simulation(await simulateCreate(ctx, { workflowId, transitionId, title, fields: values }));
  }

  @Query(() => [SimulationStepType], {
    description:
      'Walk a hypothetical ticket through transitions (the first out of the start state) without writing anything: of a workflow by id, or of a definitions document (YAML) by workflow name before it is imported.',
  })
  async simulateWorkflow(
    @Ctx() ctx: GqlContext,
    @Arg('path', () => [Int], { description: 'The transition ids to take, in order.' }) path: number[],
    @Arg('workflowId', () => Int, { nullable: true, description: 'A workflow of this server (the acting user creates the ticket).' }) workflowId?:
      | number
      | null,
    @Arg('definition', () => String, { nullable: true, description: 'A definitions document (YAML or JSON), instead of workflowId (superusers).' }) definition?:
      | string
      | null,
    @Arg('workflowName', () => String, { nullable: true, description: 'With definition: the workflow to walk.' }) workflowName?: string | null,
    @Arg('createAs', () => String, {
      nullable: true,
      description: "With definition: the document's user who creates the ticket (default: the workflow's creator, else its first admin).",
    })
    createAs?: string | null,
    @Arg('fields', () => GraphQLJSONObject, { nullable: true, description: 'Values sent with every step (title included), keyed by field key.' })
    fields?: Record<string, unknown> | null,
  ): Promise<SimulationStepType[]> {
    if ((workflowId == null) === (definition == null)) throw AppError.badInput('give exactly one of workflowId and definition', { parameter: 'workflowId' });
    if (workflowId != null) return steps(await simulateWorkflow(ctx, { workflowId, path, fields: fields ?? {} }));
    if (!ctx.user?.isAdmin)
      throw AppError.forbidden('definition: only superusers may try a definitions document (a workflow of this server may be walked by id)');
    if (!workflowName) throw AppError.badInput('workflowName: name the workflow of the definition to walk', { parameter: 'workflowName' });
    const run = await simulateDefinition(ctx.config, { definition: definition!, source: 'definition', workflowName, path, fields: fields ?? {}, createAs });
    return steps(run.steps);
  }
}

/** Ticket.actions: the explain list of the ticket. */
@Resolver(() => TicketType)
export class TicketActionsResolver {
  @FieldResolver(() => [ExplainedActionType], {
    description:
      "Every action of the ticket's current state for the acting user: transitions, accept, deliver, add node, finish add-node, close, retreat, comment, change state and delete, each available or with the reason it would be refused.",
  })
  async actions(
    @Ctx() ctx: GqlContext,
    @Root() t: Ticket,
    @Arg('expectedVersion', () => Int, { nullable: true, description: VERSION_DOC }) expectedVersion?: number | null,
  ): Promise<ExplainedActionType[]> {
    return explained(await actionsOf(ctx, t, expectedVersion));
  }
}

/** Workflow.canCreate. */
@Resolver(() => WorkflowType)
export class WorkflowCanCreateResolver {
  @FieldResolver(() => AvailabilityType, {
    description: 'Whether the acting user may create a ticket of this workflow now: the app scope and the creation limits.',
  })
  async canCreate(@Ctx() ctx: GqlContext, @Root() w: Workflow): Promise<AvailabilityType> {
    return availability(await creationRefusal(ctx, w.id));
  }
}
