import { Arg, Ctx, FieldResolver, Int, Mutation, Resolver, Root } from 'type-graphql';
import type { Notice, Workflow } from '../../../db/entities';
import * as admin from '../../../services/admin/workflow.service';
import type { GqlContext } from '../../context';
import { WorkflowType } from '../../types/workflow.type';
import { NoticeType } from './admin.type';
import { CreateNoticeInput, CreateWorkflowInput, UpdateNoticeInput, UpdateWorkflowInput } from './workflow-admin.input';

const FORCE = { nullable: true, description: 'Go ahead even when live tickets would be stranded.' };

/** Workflow definitions: create, change and delete workflows and their notice hooks. */
@Resolver(() => WorkflowType)
export class WorkflowAdminResolver {
  @Mutation(() => WorkflowType, {
    description: 'Create a workflow (superusers): a start and an end state joined by one transition; the calling app may use it at once.',
  })
  createWorkflow(@Ctx() ctx: GqlContext, @Arg('input', { description: 'The new workflow.' }) input: CreateWorkflowInput): Promise<Workflow> {
    return admin.createWorkflow(ctx, input);
  }

  @Mutation(() => WorkflowType, { description: 'Change a workflow (superusers and its admins).' })
  updateWorkflow(
    @Ctx() ctx: GqlContext,
    @Arg('id', () => Int, { description: 'The workflow id.' }) id: number,
    @Arg('input', { description: 'What to change; fields left out stay as they are.' }) input: UpdateWorkflowInput,
  ): Promise<Workflow> {
    return admin.updateWorkflow(ctx, id, input);
  }

  @Mutation(() => Boolean, { description: 'Soft-delete a workflow; refused while it has live tickets unless forced.' })
  deleteWorkflow(
    @Ctx() ctx: GqlContext,
    @Arg('id', () => Int, { description: 'The workflow id.' }) id: number,
    @Arg('force', () => Boolean, FORCE) force?: boolean | null,
  ): Promise<boolean> {
    return admin.deleteWorkflow(ctx, id, force ?? false);
  }

  @Mutation(() => NoticeType, { description: 'Add a notice hook to a workflow.' })
  createNotice(@Ctx() ctx: GqlContext, @Arg('input', { description: 'The new notice hook.' }) input: CreateNoticeInput): Promise<Notice> {
    return admin.createNotice(ctx, input.workflowId, input);
  }

  @Mutation(() => NoticeType, { description: "Change a notice hook (superusers and the workflow's admins)." })
  updateNotice(
    @Ctx() ctx: GqlContext,
    @Arg('id', () => Int, { description: 'The notice id.' }) id: number,
    @Arg('input', { description: 'What to change; fields left out stay as they are.' }) input: UpdateNoticeInput,
  ): Promise<Notice> {
    return admin.updateNotice(ctx, id, input);
  }

  @Mutation(() => Boolean, { description: "Soft-delete a notice hook (superusers and the workflow's admins)." })
  deleteNotice(@Ctx() ctx: GqlContext, @Arg('id', () => Int, { description: 'The notice id.' }) id: number): Promise<boolean> {
    return admin.deleteNotice(ctx, id);
  }

  @FieldResolver(() => [NoticeType], { description: 'Hooks called after ticket changes.' })
  notices(@Ctx() ctx: GqlContext, @Root() w: Workflow): Promise<Notice[]> {
    return admin.workflowNotices(ctx, w.id);
  }
}
