import { Arg, Ctx, FieldResolver, Int, Mutation, Resolver, Root } from 'type-graphql';
import type { Workflow, WorkflowVersion } from '../../db/entities';
import { publishWorkflow, workflowVersions } from '../../services/versions/publish.service';
import type { GqlContext } from '../context';
import { WorkflowType, WorkflowVersionType } from '../types/workflow.type';

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
}
