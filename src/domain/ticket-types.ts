/** One entry of the all-must-handle ledger: `{}` pending, or the transition chosen. */
export type VoteEntry = Record<string, never> | { transition_id: number; transition_name: string };
