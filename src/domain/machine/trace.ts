import type { Resolution } from '../participants';
import type { ConditionStep } from '../transitions';
import type { MachineState } from './model';

/** How the handlers of the state a ticket enters were found. */
export interface ParticipantsStep {
  stateId: number;
  /** remember_last_man: the person who last moved the ticket out of the state; rule: the state's participant rule. */
  source: 'remember_last_man' | 'rule';
  /** The state's rule: participant type, its value (usernames, dept ids, role id, variables, field keys…) and distribution. */
  ruleTypeId: number;
  rule: string;
  distributeTypeId: number;
  /** What the rule resolved to. */
  resolution: Resolution;
}

/**
 * What a decision did on its way: the conditions it tried and the handlers it resolved. `decide` and
 * `decideCreate` fill one when given, so that the simulation reports the very steps the real action takes.
 */
export class DecisionTrace {
  readonly conditions: ConditionStep[] = [];
  /** The 1-based index of the condition that chose the destination; 0 when the transition's own destination was used. */
  chosenBy = 0;
  participants: ParticipantsStep | null = null;

  condition(step: ConditionStep): void {
    this.conditions.push(step);
    if (step.result) this.chosenBy = step.index;
  }

  resolved(state: MachineState, source: ParticipantsStep['source'], resolution: Resolution): void {
    this.participants = {
      stateId: state.id,
      source,
      ruleTypeId: state.participantTypeId,
      rule: state.participant,
      distributeTypeId: state.distributeTypeId,
      resolution,
    };
  }
}
