import { Arg, Ctx, Int, Mutation, Resolver } from 'type-graphql';
import type { CustomField, State, Transition } from '../../../db/entities';
import * as fields from '../../../services/admin/custom-field.service';
import * as states from '../../../services/admin/state.service';
import * as transitions from '../../../services/admin/transition.service';
import type { GqlContext } from '../../context';
import { CustomFieldType, StateType, TransitionType } from '../../types/workflow.type';
import {
  CreateCustomFieldInput,
  CreateStateInput,
  CreateTransitionInput,
  UpdateCustomFieldInput,
  UpdateStateInput,
  UpdateTransitionInput,
} from './workflow-admin.input';

const IN_WORKFLOW = { nullable: true, description: 'When given, the row must belong to this workflow.' };
const FORCE = { nullable: true, description: 'Go ahead even when live tickets would be stranded.' };

/** States, transitions and custom fields of a workflow; every change keeps the workflow valid. */
@Resolver()
export class StateAdminResolver {
  @Mutation(() => StateType, { description: 'Add a state, with the transitions that connect it (links, redirectTransitionIds).' })
  createState(
    @Ctx() ctx: GqlContext,
    @Arg('input', { description: 'The new state with the transitions that connect it.' }) input: CreateStateInput,
  ): Promise<State> {
    return states.createState(ctx, input);
  }

  @Mutation(() => StateType, { description: "Change a state (superusers and the workflow's admins); the workflow must stay valid." })
  updateState(
    @Ctx() ctx: GqlContext,
    @Arg('id', () => Int, { description: 'The state id.' }) id: number,
    @Arg('input', { description: 'What to change; fields left out stay as they are.' }) input: UpdateStateInput,
    @Arg('workflowId', () => Int, IN_WORKFLOW) workflowId?: number | null,
  ): Promise<State> {
    return states.updateState(ctx, id, input, workflowId);
  }

  @Mutation(() => Boolean, { description: 'Soft-delete a state and the transitions from it; refused while live tickets are in it unless forced.' })
  deleteState(
    @Ctx() ctx: GqlContext,
    @Arg('id', () => Int, { description: 'The state id.' }) id: number,
    @Arg('workflowId', () => Int, IN_WORKFLOW) workflowId?: number | null,
    @Arg('redirectTo', () => Int, { nullable: true, description: 'Transitions into the state lead here instead of being deleted.' }) redirectTo?: number | null,
    @Arg('force', () => Boolean, FORCE) force?: boolean | null,
  ): Promise<boolean> {
    return states.deleteState(ctx, id, { workflowId, redirectTo, force });
  }

  @Mutation(() => TransitionType, { description: "Add a transition between two states of a workflow (superusers and the workflow's admins)." })
  createTransition(@Ctx() ctx: GqlContext, @Arg('input', { description: 'The new transition.' }) input: CreateTransitionInput): Promise<Transition> {
    return transitions.createTransition(ctx, input);
  }

  @Mutation(() => TransitionType, { description: "Change a transition (superusers and the workflow's admins); the workflow must stay valid." })
  updateTransition(
    @Ctx() ctx: GqlContext,
    @Arg('id', () => Int, { description: 'The transition id.' }) id: number,
    @Arg('input', { description: 'What to change; fields left out stay as they are.' }) input: UpdateTransitionInput,
    @Arg('workflowId', () => Int, IN_WORKFLOW) workflowId?: number | null,
  ): Promise<Transition> {
    return transitions.updateTransition(ctx, id, input, workflowId);
  }

  @Mutation(() => Boolean, { description: 'Soft-delete a transition; refused when a state would become unreachable or lose its way out.' })
  deleteTransition(
    @Ctx() ctx: GqlContext,
    @Arg('id', () => Int, { description: 'The transition id.' }) id: number,
    @Arg('workflowId', () => Int, IN_WORKFLOW) workflowId?: number | null,
  ): Promise<boolean> {
    return transitions.deleteTransition(ctx, id, workflowId);
  }

  @Mutation(() => CustomFieldType, { description: "Add a custom field to a workflow (superusers and the workflow's admins)." })
  createCustomField(@Ctx() ctx: GqlContext, @Arg('input', { description: 'The new custom field.' }) input: CreateCustomFieldInput): Promise<CustomField> {
    return fields.createCustomField(ctx, input);
  }

  @Mutation(() => CustomFieldType, { description: "Change a custom field (superusers and the workflow's admins); its key cannot change." })
  updateCustomField(
    @Ctx() ctx: GqlContext,
    @Arg('id', () => Int, { description: 'The custom field id.' }) id: number,
    @Arg('input', { description: 'What to change; fields left out stay as they are.' }) input: UpdateCustomFieldInput,
    @Arg('workflowId', () => Int, IN_WORKFLOW) workflowId?: number | null,
  ): Promise<CustomField> {
    return fields.updateCustomField(ctx, id, input, workflowId);
  }

  @Mutation(() => Boolean, {
    description: 'Soft-delete a custom field and drop it from every state; refused while a state with live tickets requires it, unless forced.',
  })
  deleteCustomField(
    @Ctx() ctx: GqlContext,
    @Arg('id', () => Int, { description: 'The custom field id.' }) id: number,
    @Arg('workflowId', () => Int, IN_WORKFLOW) workflowId?: number | null,
    @Arg('force', () => Boolean, FORCE) force?: boolean | null,
  ): Promise<boolean> {
    return fields.deleteCustomField(ctx, id, { workflowId, force });
  }
}
