import { SlaVisit } from '../db/entities';
import { AppError } from '../domain/errors';
import { requireFilterIds } from '../domain/filters';
import { appRefusal } from '../domain/machine/policy';
import { type SlaReportRow, slaReport, slaReportCsv } from '../domain/sla/report';
import type { ServiceContext } from './context';
import { requireWorkflowDefs } from './definitions';
import { slaRulesOf } from './sla-clocks';
import { requireManager } from './ticket-access';

/** The most state visits one report reads; a longer period or more workflows must be asked in parts. */
export const MAX_REPORT_VISITS = 200_000;

/** A report row with the names to show. */
export type NamedReportRow = SlaReportRow & { workflowName: string; stateName: string };

/** The SLA report and its CSV form. */
export interface SlaReportResult {
  from: Date;
  to: Date;
  rows: NamedReportRow[];
  csv: string;
}

/**
 * SLA figures per workflow and state with a target, over the visits that entered the state in [from, to), for
 * workflows the caller manages (docs/sla.md).
 */
export async function slaReportOf(ctx: ServiceContext, workflowIds: number[], from: Date, to: Date): Promise<SlaReportResult> {
  if (!workflowIds.length) throw AppError.badInput('workflowIds: give at least one workflow id', { parameter: 'workflowIds' });
  requireFilterIds('workflowIds', workflowIds);
  const ids = [...new Set(workflowIds)];
  const defs = [];
  for (const id of ids) {
    const refusal = appRefusal(ctx.app, id);
    if (refusal) throw refusal;
    const d = await requireWorkflowDefs(ctx.em, id);
    requireManager(ctx, d);
    defs.push(d);
  }
  if (!(from.getTime() < to.getTime())) throw AppError.badInput('from: must be before to', { parameter: 'from' });
  const visits = await ctx.em.find(
    SlaVisit,
    { workflowId: { $in: ids }, enteredAt: { $gte: from, $lt: to } },
    { orderBy: { id: 'asc' }, limit: MAX_REPORT_VISITS + 1 },
  );
  if (visits.length > MAX_REPORT_VISITS)
    throw AppError.badInput(`the period holds more than ${MAX_REPORT_VISITS} state visits: ask for a shorter one`, { parameter: 'from' });
  const now = new Date();
  const rows = defs.flatMap((d) => {
    const rules = slaRulesOf(d);
    if (!rules) return [];
    const own = visits.filter((v) => v.workflowId === d.workflow.id);
    return slaReport(d.workflow.id, rules, own, now).map((r) => ({ ...r, workflowName: d.workflow.name, stateName: d.states.get(r.stateId)?.name ?? '' }));
  });
  return { from, to, rows, csv: slaReportCsv(rows) };
}
