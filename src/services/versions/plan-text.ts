import type { PlanView } from './migration.service';

const ids = (list: readonly number[]) => (list.length > 10 ? `${list.slice(0, 10).join(', ')}, …` : list.join(', '));

/** A migration plan as readable lines: what happens per source state, then what is left to do. */
export function planLines(view: PlanView, resumed: boolean): string[] {
  const { plan, report, progress } = view;
  const lines = [
    `${resumed ? 'resuming' : 'new'} plan ${plan.id}: workflow ${plan.workflowId}, version ${plan.fromVersion} → ${plan.toVersion}: ${report.movable} ticket(s) to move, ${report.blocked} blocked`,
  ];
  for (const s of report.states) {
    const head = `  state "${s.fromStateName}" (id ${s.fromStateId}): ${s.ticketIds.length} ticket(s)`;
    if (s.toStateId === null) {
      lines.push(`${head} cannot move: ${s.blockedReason}`);
      continue;
    }
    lines.push(`${head} → "${s.toStateName}" (id ${s.toStateId}, by ${s.matchedBy}), handlers ${s.participants}`);
    for (const f of s.requiredEmpty) lines.push(`    field ${f.fieldKey} becomes required and is empty in ticket(s) ${ids(f.ticketIds)}`);
    for (const f of s.disappearingFields) lines.push(`    field ${f.fieldKey} disappears; its values stay stored in ticket(s) ${ids(f.ticketIds)}`);
  }
  if (resumed) lines.push(`  ${progress.moved} already moved, ${progress.pending} pending`);
  return lines;
}
