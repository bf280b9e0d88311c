import { AppError } from '../domain/errors';
import * as op from './generated';
import { queryIds, queryInstant, queryString, type RouteInput } from './params';
import { route } from './route';

function format(input: RouteInput): 'json' | 'csv' {
  const f = queryString(input, 'format') ?? 'json';
  if (f !== 'json' && f !== 'csv') throw AppError.badInput('format: json or csv', { parameter: 'format' });
  return f;
}

/** SLA figures (an extension of loonflow's API). */
export const SLA_ROUTES = [
  route({
    method: 'get',
    path: '/sla/report',
    summary: 'SLA figures per workflow and state (format=csv: a CSV file)',
    document: op.SlaReportDocument,
    params: [
      { name: 'workflow_ids', in: 'query', required: true, type: 'string', description: 'comma-separated workflow ids' },
      { name: 'from', in: 'query', required: true, type: 'string', description: 'start of the period, ISO 8601 (visits entered at or after)' },
      { name: 'to', in: 'query', required: true, type: 'string', description: 'end of the period, ISO 8601 (visits entered before)' },
      { name: 'format', in: 'query', type: 'string', description: 'json (default) or csv' },
    ],
    variables: (i) => {
      format(i);
      return {
        workflowIds: queryIds(i, 'workflow_ids', { required: true })!,
        from: queryInstant(i, 'from', { required: true })!,
        to: queryInstant(i, 'to', { required: true })!,
      };
    },
    present: (d) => ({
      from: d.slaReport.from,
      to: d.slaReport.to,
      rows: d.slaReport.rows.map((r) => ({
        workflow_id: r.workflowId,
        workflow_name: r.workflowName,
        state_id: r.stateId,
        state_name: r.stateName,
        tickets: r.tickets,
        met: r.met,
        breached: r.breached,
        open: r.open,
        attainment: r.attainment,
        median_seconds: r.medianSeconds,
        p90_seconds: r.p90Seconds,
      })),
    }),
    download: (d, i) => (format(i) === 'csv' ? { type: 'text/csv; charset=utf-8', filename: 'sla-report.csv', body: d.slaReport.csv } : null),
  }),
];
