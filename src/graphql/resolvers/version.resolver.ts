import { Arg, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Workflow, WorkflowVersion } from '../../db/entities';
import { publishWorkflow, workflowVersions } from '../../services/versions/publish.service';
import type { GqlContext } from '../context';
import { WorkflowDiffType, WorkflowType, WorkflowVersionType } from '../types/workflow.type';
import { workflowDiff } from '../../services/versions/diff.service';

/** Workflow versions: publish the draft, list what was published. */
@Resolver(() => WorkflowType)
export class VersionResolver {
  @Mutation(() => WorkflowVersionType, {
    description:
      "Publish the workflow's draft as its next version (superusers and its admins): new tickets run on it, existing tickets keep theirs. The first publication pins every existing ticket to version 1 and from then on admin changes edit the draft.",
  })
  async publishWorkflow(@Ctx() ctx: GqlContext, @Arg('id', () => Int, { description: 'The workflow id.' }) id: number): Promise<WorkflowVersion> {
    const { version } = await publishWorkflow(ctx, id);
    return (await workflowVersions(ctx, id)).find((v) => v.version === version)!;
  }

  @FieldResolver(() => [WorkflowVersionType], { description: 'The published versions of the workflow, oldest first; empty while it was never published.' })
  versions(@Ctx() ctx: GqlContext, @Root() w: Workflow): Promise<WorkflowVersion[]> {
    return workflowVersions(ctx, w.id);
  }

  @Query(() => WorkflowDiffType, {
    description:
      'What differs between two versions of a workflow: states, transitions, fields, field attributes per state, participants, hooks, conditions, timers and notices.',
  })
  async workflowDiff(
    @Ctx() ctx: GqlContext,
    @Arg('id', () => Int, { description: 'The workflow id.' }) id: number,
    @Arg('from', () => Int, { description: 'A published version.' }) from: number,
    @Arg('to', () => Int, { nullable: true, description: 'A published version; left out: the draft (what publishWorkflow would publish).' }) to?: number | null,
  ): Promise<WorkflowDiffType> {
    const diff = await workflowDiff(ctx, id, from, to);
    return { ...diff, from, to: to ?? null };
  }
}
