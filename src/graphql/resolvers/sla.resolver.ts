import { DateTimeISOResolver, GraphQLJSONObject } from 'graphql-scalars';
import { Arg, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import type { State, Ticket, Workflow } from '../../db/entities';
import { clocksOf } from '../../domain/sla/clock';
import { exportStateSla, exportWorkflowSla } from '../../domain/sla/rules';
import { workflowDefs } from '../../services/definitions';
import { slaRulesOf } from '../../services/sla-clocks';
import { slaReportOf } from '../../services/sla-report.service';
import type { GqlContext } from '../context';
import { SlaClockType, SlaReportType, type SlaScopeEnum } from '../types/sla.type';
import { TicketType } from '../types/ticket.type';
import { StateType, WorkflowType } from '../types/workflow.type';

const seconds = (ms: number) => Math.round(ms / 1000);

/** SLA clocks of tickets and the SLA report. */
@Resolver(() => TicketType)
export class SlaResolver {
  @FieldResolver(() => [SlaClockType], {
    description:
      "The ticket's SLA clocks: the whole-ticket clock first (when the workflow has a target), then one per state visit with a target, oldest first.",
  })
  async sla(@Ctx() ctx: GqlContext, @Root() t: Ticket): Promise<SlaClockType[]> {
    const defs = await workflowDefs(ctx.em, t.workflowId, t.workflowVersion);
    const rules = defs && slaRulesOf(defs);
    if (!rules) return [];
    const clocks = clocksOf(rules, await ctx.loaders.slaVisits.load(t.id), new Date());
    return clocks.map((c) => ({
      ...c,
      scope: c.scope as SlaScopeEnum,
      stateName: c.stateId === null ? null : (defs.states.get(c.stateId)?.name ?? null),
      target: seconds(c.target),
      elapsed: seconds(c.elapsed),
      remaining: seconds(c.remaining),
    }));
  }

  @Query(() => SlaReportType, {
    description:
      'SLA figures per workflow and state over the state visits entered in [from, to): tickets, met, breached, attainment, median and p90 time in state. For managers of the workflows.',
  })
  async slaReport(
    @Ctx() ctx: GqlContext,
    @Arg('workflowIds', () => [Int], { description: 'The workflows to report on.' }) workflowIds: number[],
    @Arg('from', () => DateTimeISOResolver, { description: 'Start of the period (inclusive).' }) from: Date,
    @Arg('to', () => DateTimeISOResolver, { description: 'End of the period (exclusive).' }) to: Date,
  ): Promise<SlaReportType> {
    const report = await slaReportOf(ctx, workflowIds, from, to);
    return {
      ...report,
      rows: report.rows.map((r) => ({
        ...r,
        medianSeconds: r.medianTime === null ? null : seconds(r.medianTime),
        p90Seconds: r.p90Time === null ? null : seconds(r.p90Time),
      })),
    };
  }
}

/** A workflow's SLA as the definitions format writes it. */
@Resolver(() => WorkflowType)
export class WorkflowSlaResolver {
  @FieldResolver(() => GraphQLJSONObject, {
    nullable: true,
    description: 'The SLA (calendar, whole-ticket target, escalations) in the definitions format; null: none.',
  })
  sla(@Root() w: Workflow): Record<string, unknown> | null {
    return w.sla ? exportWorkflowSla(w.sla) : null;
  }
}

/** A state's SLA as the definitions format writes it. */
@Resolver(() => StateType)
export class StateSlaResolver {
  @FieldResolver(() => GraphQLJSONObject, { nullable: true, description: 'The SLA (target, pause, escalations) in the definitions format; null: none.' })
  sla(@Root() s: State): Record<string, unknown> | null {
    return s.sla ? exportStateSla(s.sla) : null;
  }
}
