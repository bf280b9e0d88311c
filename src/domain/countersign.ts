import type { VoteEntry } from './ticket-types';

/** What happens when every voter can no longer agree on one transition. */
export type Disagreement = { rule: 'revote' } | { rule: 'majority' } | { rule: 'to_state'; stateId: number };

/**
 * How a countersign state (distribute `all`) decides, stored per state (docs/countersign.md). A state without
 * one follows loonflow's rule, {@link LOONFLOW_POLICY}.
 */
export interface CountersignPolicy {
  /** all: every voter must choose it; any: the first vote decides; quorum: `min` votes or `percent` of the voters. */
  mode: 'all' | 'any' | 'quorum';
  min?: number;
  percent?: number;
  /** A vote for a refuse-attribute transition decides at once. */
  veto: boolean;
  onDisagreement: Disagreement;
}

/** loonflow's multi_all_person rule: everyone must choose the same transition, else everyone votes again. */
export const LOONFLOW_POLICY: CountersignPolicy = { mode: 'all', veto: false, onDisagreement: { rule: 'revote' } };

/** One vote: who chose which transition, and whether that transition has the refuse attribute. */
export interface Ballot {
  voter: string;
  transition: { id: number; name: string; refuses: boolean };
}

/** What a vote does to the ticket. */
export type VoteOutcome =
  /** Others must still vote: the ledger with this vote, and who is pending. */
  | { kind: 'wait'; ledger: Record<string, VoteEntry>; pending: string[] }
  /** The ticket moves through this transition. */
  | { kind: 'move'; transitionId: number }
  /** No agreement: every voter is pending again. */
  | { kind: 'revote'; ledger: Record<string, VoteEntry>; pending: string[] }
  /** No agreement: the ticket goes to this state. */
  | { kind: 'to_state'; stateId: number };

type Chosen = { transition_id: number; transition_name: string };

const chosen = (e: VoteEntry | undefined): e is Chosen => !!e && 'transition_id' in e;

/** Users of a ledger who have not voted yet. */
export function pendingVoters(ledger: Record<string, VoteEntry>): string[] {
  return Object.keys(ledger).filter((u) => !chosen(ledger[u]));
}

/** The voters still pending when `username` has voted in the ledger and others have not; null otherwise. */
export function votedAndWaiting(ledger: Record<string, VoteEntry>, username: string): string[] | null {
  const pending = pendingVoters(ledger);
  return chosen(ledger[username]) && pending.length ? pending : null;
}

/** How many votes one transition needs out of `voters`; a quorum larger than the voters needs them all. */
export function votesNeeded(policy: CountersignPolicy, voters: number): number {
  if (policy.mode === 'any') return 1;
  if (policy.mode === 'all') return voters;
  if (policy.min !== undefined) return Math.min(policy.min, voters);
  return Math.min(voters, Math.max(1, Math.ceil(((policy.percent ?? 100) * voters) / 100)));
}

/** Votes per transition id, in the order the transitions were first chosen. */
export function tally(ledger: Record<string, VoteEntry>): Map<number, number> {
  const counts = new Map<number, number>();
  for (const e of Object.values(ledger)) if (chosen(e)) counts.set(e.transition_id, (counts.get(e.transition_id) ?? 0) + 1);
  return counts;
}

/** The transition with strictly the most votes, or undefined on a tie. */
function majorityOf(counts: Map<number, number>): number | undefined {
  const ranked = [...counts.entries()].sort((a, b) => b[1] - a[1]);
  const [first, second] = ranked;
  return first && (!second || first[1] > second[1]) ? first[0] : undefined;
}

const everyonePending = (ledger: Record<string, VoteEntry>) => Object.fromEntries(Object.keys(ledger).map((u) => [u, {} as VoteEntry]));

/**
 * Count one vote by the policy. Veto first (a refusing vote decides); then the transition this vote chose
 * moves the ticket once it has the votes the mode needs; the ticket waits while some transition can still
 * get them from the pending voters; otherwise the voters disagree and the policy's disagreement rule applies
 * (majority waits until everyone voted and revotes on a tie).
 */
export function countVote(policy: CountersignPolicy, ledger: Record<string, VoteEntry>, ballot: Ballot): VoteOutcome {
  const { voter, transition } = ballot;
  const next: Record<string, VoteEntry> = { ...ledger, [voter]: { transition_id: transition.id, transition_name: transition.name } };
  if (policy.veto && transition.refuses) return { kind: 'move', transitionId: transition.id };
  const pending = pendingVoters(next);
  const counts = tally(next);
  const needed = votesNeeded(policy, Object.keys(next).length);
  if ((counts.get(transition.id) ?? 0) >= needed) return { kind: 'move', transitionId: transition.id };
  const best = Math.max(0, ...counts.values());
  if (best + pending.length >= needed) return { kind: 'wait', ledger: next, pending };
  const rule = policy.onDisagreement;
  if (rule.rule === 'to_state') return { kind: 'to_state', stateId: rule.stateId };
  if (rule.rule === 'majority') {
    if (pending.length) return { kind: 'wait', ledger: next, pending };
    const winner = majorityOf(counts);
    if (winner !== undefined) return { kind: 'move', transitionId: winner };
  }
  const reset = everyonePending(ledger);
  return { kind: 'revote', ledger: reset, pending: Object.keys(reset) };
}

/** The ledger with `from`'s pending vote handed to `to` (deliver, or an admin reassigning a departed voter's vote). */
export function handVote(ledger: Record<string, VoteEntry>, from: string, to: string): Record<string, VoteEntry> {
  return Object.fromEntries(Object.entries(ledger).map(([u, e]) => (u === from ? [to, e] : [u, e])));
}
