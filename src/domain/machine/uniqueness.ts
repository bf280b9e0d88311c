import { StateType } from '../constants';
import type { FieldValue } from '../fields';

/** What a workflow's uniqueness rule looks at of a ticket. */
export interface ClaimSubject {
  creator: string;
  isDeleted: boolean;
  /** The type of the ticket's state (an end state ends the claim). */
  stateTypeId: number;
  values: Record<string, FieldValue>;
}

/**
 * The value a ticket holds under its workflow's rule (`oneOpenPer`: '' none, `creator`, or a field key), or
 * null when it holds none: no rule, the ticket is deleted or in an end state, or the field is empty.
 */
export function claimedValue(oneOpenPer: string, t: ClaimSubject): string | null {
  if (!oneOpenPer || t.isDeleted || t.stateTypeId === StateType.END) return null;
  const value = oneOpenPer === 'creator' ? t.creator : t.values[oneOpenPer];
  if (value === null || value === undefined || value === '') return null;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** How the rule is said in a refusal. */
export function ruleWording(oneOpenPer: string): string {
  return oneOpenPer === 'creator' ? 'one open ticket per creator' : `one open ticket per value of ${oneOpenPer}`;
}
