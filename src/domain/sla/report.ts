import { stringify } from 'csv-stringify/sync';
import { clocksOf, type SlaRules, type Visit } from './clock';

/** The figures of one state's SLA over the visits that entered it in the report's period. */
export interface SlaReportRow {
  workflowId: number;
  stateId: number;
  /** Distinct tickets that entered the state. */
  tickets: number;
  /** Visits whose clock stopped within the target. */
  met: number;
  /** Visits whose clock ran past the target (stopped or still running). */
  breached: number;
  /** Visits still in the state and within the target: neither met nor breached yet. */
  open: number;
  /** met / (met + breached) in percent, one decimal; null while neither happened. */
  attainment: number | null;
  /** Working time spent in the state by the visits that left it (nearest-rank median and 90th percentile), ms. */
  medianTime: number | null;
  p90Time: number | null;
}

/** The nearest-rank percentile: the smallest value with at least p% of the values at or below it. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (!sorted.length) return null;
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** Per state with a target: the figures of the visits given (the caller picks those that entered in the period). */
export function slaReport(workflowId: number, rules: SlaRules, visits: readonly (Visit & { ticketId: number })[], now: Date): SlaReportRow[] {
  const byState = new Map<number, (Visit & { ticketId: number })[]>();
  for (const v of visits) {
    if (rules.states.get(v.stateId)?.target == null) continue;
    byState.set(v.stateId, [...(byState.get(v.stateId) ?? []), v]);
  }
  return [...byState.entries()]
    .sort(([a], [b]) => a - b)
    .map(([stateId, stateVisits]) => {
      let met = 0;
      let breached = 0;
      const times: number[] = [];
      for (const v of stateVisits) {
        const clock = clocksOf({ ...rules, ticketTarget: null }, [v], now)[0]!;
        if (clock.breached) breached++;
        else if (!clock.running) met++;
        if (!clock.running) times.push(clock.elapsed);
      }
      times.sort((a, b) => a - b);
      return {
        workflowId,
        stateId,
        tickets: new Set(stateVisits.map((v) => v.ticketId)).size,
        met,
        breached,
        open: stateVisits.length - met - breached,
        attainment: met + breached ? Math.round((1000 * met) / (met + breached)) / 10 : null,
        medianTime: percentile(times, 50),
        p90Time: percentile(times, 90),
      };
    });
}

const CSV_COLUMNS = [
  'workflow_id',
  'workflow',
  'state_id',
  'state',
  'tickets',
  'met',
  'breached',
  'open',
  'attainment_percent',
  'median_seconds',
  'p90_seconds',
];

/** The report as CSV (RFC 4180, CRLF line ends, a header row), times in whole seconds, empty cells for no value. */
export function slaReportCsv(rows: readonly (SlaReportRow & { workflowName: string; stateName: string })[]): string {
  const secs = (ms: number | null) => (ms === null ? null : Math.round(ms / 1000));
  const records = rows.map((r) => [
    r.workflowId,
    r.workflowName,
    r.stateId,
    r.stateName,
    r.tickets,
    r.met,
    r.breached,
    r.open,
    r.attainment,
    secs(r.medianTime),
    secs(r.p90Time),
  ]);
  return stringify(records, { header: true, columns: CSV_COLUMNS, record_delimiter: 'windows' });
}
