import { ActState, PARTICIPANT_TYPE_BY_NAME, DISTRIBUTE_BY_NAME } from '../domain/constants';
import type { DefinitionDryRun } from './simulate-definition.service';
import type { Simulation } from './simulate.service';

const nameOf = (table: Record<string, number>, id: number) => Object.keys(table).find((k) => table[k] === id) ?? String(id);
const ACT_STATE_NAMES: Record<string, number> = Object.fromEntries(Object.entries(ActState).map(([k, v]) => [k.toLowerCase(), v]));
const shown = (v: unknown) => JSON.stringify(v);

/** A workflow dry run as readable lines: one block per step, the way `loongate simulate` prints it. */
export function traceLines(run: DefinitionDryRun): string[] {
  const state = (id: number | null) => (id == null ? '?' : `${run.stateNames.get(id) ?? 'unknown state'} (${id})`);
  const lines = [`workflow ${run.workflowName} (${run.workflowId}), ticket created by ${run.creator}`];
  for (const [i, step] of run.steps.entries()) {
    const sim = step.simulation;
    const by = [step.acceptedBy && `accepted by ${step.acceptedBy}`, step.voters.length > 1 ? `voted by ${step.voters.join(', ')}` : `by ${step.actor}`];
    lines.push(
      `${i + 1}. ${run.transitionNames.get(step.transitionId) ?? 'unknown transition'} (transition ${step.transitionId}) ${by.filter(Boolean).join(', ')}`,
    );
    lines.push(...stepLines(sim, state).map((l) => `   ${l}`));
  }
  return lines;
}

function stepLines(sim: Simulation, state: (id: number | null) => string): string[] {
  const out: string[] = [];
  for (const c of sim.conditions) {
    const values =
      Object.entries(c.values)
        .map(([k, v]) => `${k}=${shown(v)}`)
        .join(', ') || 'no values';
    out.push(`condition ${c.index}: ${c.expression} with ${values}: ${c.error ? `error: ${c.error}` : c.result} → ${state(c.targetStateId)}`);
  }
  if (!sim.allowed) {
    const r = sim.refusal!;
    out.push(`REFUSED ${r.reason} (${r.code}): ${r.message}`);
    for (const f of sim.invalidFields) out.push(`invalid ${f.fieldKey}: ${f.message}`);
    return out;
  }
  const why = sim.chosenByCondition ? `condition ${sim.chosenByCondition}` : "the transition's destination";
  out.push(`${state(sim.sourceStateId)} → ${state(sim.destinationStateId)} by ${why}`);
  if (sim.countersign)
    out.push(`countersign: ${sim.countersign.outcome}${sim.countersign.pending.length ? `, waiting for ${sim.countersign.pending.join(', ')}` : ''}`);
  const p = sim.participants;
  if (p) {
    const rule = `${nameOf(PARTICIPANT_TYPE_BY_NAME, p.ruleTypeId)} ${shown(p.rule)}, distribute ${nameOf(DISTRIBUTE_BY_NAME, p.distributeTypeId)}`;
    const source = p.source === 'remember_last_man' ? `remember_last_man (rule: ${rule})` : `rule ${rule}`;
    out.push(`handlers: ${p.resolution.users.join(', ') || 'nobody'} (${source}; participant ${shown(p.resolution.participant)})`);
  } else {
    out.push(`handlers: ${sim.handlers.join(', ') || 'nobody'}`);
  }
  out.push(`act state: ${nameOf(ACT_STATE_NAMES, sim.actStateId!)} (${sim.actStateId})`);
  const values = Object.entries(sim.values);
  if (values.length) out.push(`stores: ${values.map(([k, v]) => `${k}=${shown(v)}`).join(', ')}`);
  for (const f of sim.invalidFields) out.push(`not written here, invalid ${f.fieldKey}: ${f.message}`);
  const jobs = sim.jobs.map((j) =>
    j.kind === 'timer' ? `timer of transition ${j.payload.transitionId} in ${j.delaySeconds}s` : j.kind === 'notice' ? `notice ${j.payload.noticeId}` : j.kind,
  );
  if (jobs.length) out.push(`queues: ${jobs.join('; ')}`);
  return out;
}
