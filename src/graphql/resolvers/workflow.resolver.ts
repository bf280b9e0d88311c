import { Arg, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import type { CustomField, State, Transition, Workflow } from '../../db/entities';
import { Distribute, ParticipantType } from '../../domain/constants';
import { LOONFLOW_POLICY } from '../../domain/countersign';
import { outgoing, shownDefs } from '../../services/definitions';
import { stateFieldList, type TicketFieldView } from '../../services/ticket-read.service';
import * as workflows from '../../services/workflow.service';
import type { GqlContext } from '../context';
import { AttributeTypeEnum, DistributeTypeEnum, FieldAttributeEnum, FieldTypeEnum, ParticipantTypeEnum, StateTypeEnum, TransitionTypeEnum } from '../enums';
import { CountersignPolicyType, policyView } from '../types/countersign.type';
import { TicketFieldType } from '../types/ticket.type';
import { CustomFieldType, StateType, TransitionType, WorkflowType } from '../types/workflow.type';

/** Workflow queries and fields. */
@Resolver(() => WorkflowType)
export class WorkflowResolver {
  @Query(() => [WorkflowType], { description: "Workflows the caller's app may use." })
  workflows(
    @Ctx() ctx: GqlContext,
    @Arg('name', () => String, { nullable: true, description: 'Only workflows whose name contains this text.' }) name?: string | null,
  ): Promise<Workflow[]> {
    return workflows.listWorkflows(ctx, { name });
  }

  @Query(() => WorkflowType, { description: "One workflow the caller's app may use." })
  workflow(@Ctx() ctx: GqlContext, @Arg('id', () => Int, { description: 'The workflow id.' }) id: number): Promise<Workflow> {
    return workflows.getWorkflow(ctx, id);
  }

  @Query(() => StateType, { description: "One state of a workflow the caller's app may use." })
  state(@Ctx() ctx: GqlContext, @Arg('id', () => Int, { description: 'The state id.' }) id: number): Promise<State> {
    return workflows.getState(ctx, id);
  }

  @FieldResolver(() => [StateType], { description: 'The states of the workflow in display order.' })
  states(@Ctx() ctx: GqlContext, @Root() w: Workflow): Promise<State[]> {
    return workflows.workflowStates(ctx, w);
  }

  @FieldResolver(() => [TransitionType], { description: 'The transitions of the workflow.' })
  transitions(@Ctx() ctx: GqlContext, @Root() w: Workflow): Promise<Transition[]> {
    return workflows.workflowTransitions(ctx, w);
  }

  @FieldResolver(() => [CustomFieldType], { description: 'The custom fields of the workflow in display order.' })
  customFields(@Ctx() ctx: GqlContext, @Root() w: Workflow): Promise<CustomField[]> {
    return workflows.workflowCustomFields(ctx, w);
  }

  @FieldResolver(() => StateType, { description: 'The start state: its transitions and fieldList make the create form.' })
  initState(@Ctx() ctx: GqlContext, @Root() w: Workflow): Promise<State> {
    return workflows.workflowInitState(ctx, w);
  }

  @FieldResolver(() => WorkflowType, {
    nullable: true,
    description:
      'The draft of a versioned workflow: its live definition, which admin changes edit and publishWorkflow publishes as the next version; null while the workflow was never published.',
  })
  draft(@Ctx() ctx: GqlContext, @Root() w: Workflow): Promise<Workflow | null> {
    return workflows.workflowDraft(ctx, w);
  }

  @FieldResolver(() => [String], { description: "Users who may intervene on this workflow's tickets." })
  admins(@Ctx() ctx: GqlContext, @Root() w: Workflow): Promise<string[]> {
    return workflows.workflowAdmins(ctx, w.id);
  }
}

/** State fields. */
@Resolver(() => StateType)
export class StateResolver {
  @FieldResolver(() => StateTypeEnum)
  type(@Root() s: State): number {
    return s.typeId;
  }

  @FieldResolver(() => ParticipantTypeEnum)
  participantType(@Root() s: State): number {
    return s.participantTypeId;
  }

  @FieldResolver(() => String)
  participant(@Root() s: State): string {
    return s.participantTypeId === ParticipantType.HOOK ? 'hook' : s.participant;
  }

  @FieldResolver(() => DistributeTypeEnum)
  distributeType(@Root() s: State): number {
    return s.distributeTypeId;
  }

  @FieldResolver(() => CountersignPolicyType, {
    nullable: true,
    description: "How the state counts its handlers' votes when it distributes to all (loonflow's rule unless set); null for other states.",
  })
  countersign(@Root() s: State): CountersignPolicyType | null {
    return s.distributeTypeId === Distribute.ALL ? policyView(s.countersign ?? LOONFLOW_POLICY) : null;
  }

  @FieldResolver(() => [TransitionType], { description: 'Transitions out of this state.' })
  async transitions(@Ctx() ctx: GqlContext, @Root() s: State): Promise<Transition[]> {
    return outgoing(await shownDefs(ctx.em, s, s.workflowId), s.id);
  }

  @FieldResolver(() => [TicketFieldType], { description: 'The fields of this state with their attributes (the create form for the init state).' })
  fieldList(@Ctx() ctx: GqlContext, @Root() s: State): Promise<TicketFieldView[]> {
    return stateFieldList(ctx, s);
  }
}

/** Transition fields. */
@Resolver(() => TransitionType)
export class TransitionResolver {
  @FieldResolver(() => TransitionTypeEnum)
  type(@Root() t: Transition): number {
    return t.typeId;
  }

  @FieldResolver(() => AttributeTypeEnum)
  attributeType(@Root() t: Transition): number {
    return t.attributeTypeId;
  }
}

/** Custom field fields. */
@Resolver(() => CustomFieldType)
export class CustomFieldResolver {
  @FieldResolver(() => FieldTypeEnum)
  fieldType(@Root() f: CustomField): number {
    return f.fieldTypeId;
  }
}

/** Ticket field fields. */
@Resolver(() => TicketFieldType)
export class TicketFieldResolver {
  @FieldResolver(() => FieldTypeEnum)
  fieldType(@Root() f: TicketFieldView): number {
    return f.fieldTypeId;
  }

  @FieldResolver(() => FieldAttributeEnum, { nullable: true })
  fieldAttributeType(@Root() f: TicketFieldView): number | null {
    return [1, 2, 3].includes(f.fieldAttribute) ? f.fieldAttribute : null;
  }
}
