import type { VoteEntry } from './ticket-types';

/** The result of recording one vote in an all-must-handle state. */
export interface VoteResult {
  ledger: Record<string, VoteEntry>;
  /** agreed: everyone chose the same transition; pending: others must still vote; reset: answers differed. */
  outcome: 'agreed' | 'pending' | 'reset';
  /** Users who still have to vote. */
  pending: string[];
}

const chosen = (e: VoteEntry | undefined): e is { transition_id: number; transition_name: string } => !!e && 'transition_id' in e;

/**
 * Record a vote. A vote that differs from an earlier one resets the ledger to all-pending (docs/engine.md), so a
 * disagreement never strands the ticket.
 */
export function castVote(ledger: Record<string, VoteEntry>, username: string, transition: { id: number; name: string }): VoteResult {
  const differs = Object.values(ledger).some((e) => chosen(e) && e.transition_id !== transition.id);
  if (differs) {
    const reset = Object.fromEntries(Object.keys(ledger).map((u) => [u, {} as VoteEntry]));
    return { ledger: reset, outcome: 'reset', pending: Object.keys(reset) };
  }
  const next: Record<string, VoteEntry> = { ...ledger, [username]: { transition_id: transition.id, transition_name: transition.name } };
  const pending = Object.keys(next).filter((u) => !chosen(next[u]));
  return { ledger: next, outcome: pending.length ? 'pending' : 'agreed', pending };
}

/** Users of a ledger that have not voted yet. */
export function pendingVoters(ledger: Record<string, VoteEntry>): string[] {
  return Object.keys(ledger).filter((u) => !chosen(ledger[u]));
}

/** The voters still pending when `username` has voted in the ledger and others have not; null otherwise. */
export function votedAndWaiting(ledger: Record<string, VoteEntry>, username: string): string[] | null {
  const pending = pendingVoters(ledger);
  return chosen(ledger[username]) && pending.length ? pending : null;
}
