import { Arg, Ctx, Int, Mutation, Query, Resolver } from 'type-graphql';
import { applyTicketMigration, migrationPlan, planTicketMigration, type PlanView } from '../../services/versions/migration.service';
import type { GqlContext } from '../context';
import { MigrationPlanType, StateMappingInput } from '../types/migration.type';

/** The plan a person reads, as GraphQL answers it. */
function present(view: PlanView): MigrationPlanType {
  const { plan, report } = view;
  return { ...plan, states: report.states, movable: report.movable, blocked: report.blocked, progress: view.progress, skipped: view.skipped };
}

/** Migration of tickets between workflow versions. */
@Resolver()
export class MigrationResolver {
  @Mutation(() => MigrationPlanType, {
    description:
      "Plan moving a workflow's live tickets from one published version to another (superusers and its admins) and store the plan; nothing moves until applyMigration.",
  })
  async planMigration(
    @Ctx() ctx: GqlContext,
    @Arg('workflowId', () => Int, { description: 'The workflow.' }) workflowId: number,
    @Arg('fromVersion', () => Int, { description: 'The version the tickets run on.' }) fromVersion: number,
    @Arg('toVersion', () => Int, { description: 'The version to move them to.' }) toVersion: number,
    @Arg('mapping', () => [StateMappingInput], {
      nullable: true,
      description: 'Explicit targets; other states go to the state of the same id, else of the same name.',
    })
    mapping?: StateMappingInput[] | null,
  ): Promise<MigrationPlanType> {
    const map = Object.fromEntries((mapping ?? []).map((m) => [m.fromStateId, m.toStateId]));
    return present(await planTicketMigration(ctx, workflowId, fromVersion, toVersion, map));
  }

  @Mutation(() => MigrationPlanType, {
    description:
      'Apply a plan: move its tickets one transaction each; a ticket changed since the plan is left alone and reported. Running it again resumes where it stopped.',
  })
  async applyMigration(@Ctx() ctx: GqlContext, @Arg('planId', () => Int, { description: 'The plan.' }) planId: number): Promise<MigrationPlanType> {
    return present(await applyTicketMigration(ctx, planId));
  }

  @Query(() => MigrationPlanType, { description: 'A stored migration plan and how far applying it got.' })
  async migrationPlan(@Ctx() ctx: GqlContext, @Arg('id', () => Int, { description: 'The plan id.' }) id: number): Promise<MigrationPlanType> {
    return present(await migrationPlan(ctx, id));
  }
}
