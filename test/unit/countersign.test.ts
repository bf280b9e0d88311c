import { describe, expect, it } from 'vitest';
import { type CountersignPolicy, countVote, type Disagreement, handVote, LOONFLOW_POLICY, votesNeeded } from '../../src/domain/countersign';
import type { VoteEntry } from '../../src/domain/ticket-types';

// Three voters; A agrees, R refuses, O is another choice. Each vote set is cast in order until the outcome is not "wait".
const T = { A: { id: 1, name: 'A', refuses: false }, R: { id: 2, name: 'R', refuses: true }, O: { id: 3, name: 'O', refuses: false } };
const VOTES = { agree: ['A', 'A', 'A'], refuse: ['R', 'R', 'R'], mixed: ['A', 'R', 'A'], split: ['A', 'R', 'O'] } as const;
const VOTERS = ['ann', 'ben', 'cal'];
const SEND_TO = 9;

const MODES: Record<string, Pick<CountersignPolicy, 'mode' | 'min' | 'percent'>> = {
  all: { mode: 'all' },
  any: { mode: 'any' },
  'quorum min 2': { mode: 'quorum', min: 2 },
  'quorum 60%': { mode: 'quorum', percent: 60 },
};
const RULES: Record<string, Disagreement> = { revote: { rule: 'revote' }, majority: { rule: 'majority' }, to_state: { rule: 'to_state', stateId: SEND_TO } };

// What happens, and after how many votes: by mode and vote set; `veto` applies with veto on, a rule's name without it,
// `plain` for every rule without veto. Both quorums need 2 of the 3 votes.
type Cell = string | { veto?: string; plain?: string; revote?: string; majority?: string; to_state?: string };
const QUORUM: Record<keyof typeof VOTES, Cell> = {
  agree: 'move A@2',
  refuse: { veto: 'move R@1', plain: 'move R@2' },
  mixed: { veto: 'move R@2', plain: 'move A@3' },
  split: { veto: 'move R@2', revote: 'revote@3', majority: 'revote@3', to_state: 'to_state@3' },
};
const EXPECTED: Record<string, Record<keyof typeof VOTES, Cell>> = {
  all: {
    agree: 'move A@3',
    refuse: { veto: 'move R@1', plain: 'move R@3' },
    mixed: { veto: 'move R@2', revote: 'revote@2', majority: 'move A@3', to_state: 'to_state@2' },
    split: { veto: 'move R@2', revote: 'revote@2', majority: 'revote@3', to_state: 'to_state@2' },
  },
  any: { agree: 'move A@1', refuse: { veto: 'move R@1', plain: 'move R@1' }, mixed: 'move A@1', split: 'move A@1' },
  'quorum min 2': QUORUM,
  'quorum 60%': QUORUM,
};

function expected(mode: string, votes: keyof typeof VOTES, veto: boolean, rule: string): string {
  const cell = EXPECTED[mode]![votes];
  if (typeof cell === 'string') return cell;
  const found = veto ? cell.veto : (cell[rule as keyof typeof cell] ?? cell.plain);
  if (!found) throw new Error(`no expectation for ${mode} ${votes} ${veto} ${rule}`);
  return found;
}

/** Cast the votes one by one; the outcome that is not a wait, as "kind target@votes". */
function run(policy: CountersignPolicy, votes: readonly string[]): string {
  let ledger: Record<string, VoteEntry> = Object.fromEntries(VOTERS.map((u) => [u, {}]));
  for (const [i, choice] of votes.entries()) {
    const outcome = countVote(policy, ledger, { voter: VOTERS[i]!, transition: T[choice as keyof typeof T] });
    if (outcome.kind === 'wait') {
      expect(outcome.pending).toEqual(VOTERS.slice(i + 1));
      ledger = outcome.ledger;
      continue;
    }
    if (outcome.kind === 'move') return `move ${Object.values(T).find((t) => t.id === outcome.transitionId)!.name}@${i + 1}`;
    if (outcome.kind === 'to_state') return `to_state@${i + 1}`;
    expect(outcome.ledger).toEqual({ ann: {}, ben: {}, cal: {} });
    return `revote@${i + 1}`;
  }
  return 'wait';
}

const CASES = Object.keys(MODES).flatMap((mode) =>
  [true, false].flatMap((veto) =>
    Object.keys(RULES).flatMap((rule) =>
      (Object.keys(VOTES) as (keyof typeof VOTES)[]).map((votes) => ({ mode, veto, rule, votes, want: expected(mode, votes, veto, rule) })),
    ),
  ),
);

describe('countersign policies: every mode × veto × disagreement rule × votes', () => {
  it.each(CASES)('$mode, veto $veto, on disagreement $rule, $votes votes → $want', ({ mode, veto, rule, votes, want }) => {
    const policy: CountersignPolicy = { ...MODES[mode]!, veto, onDisagreement: RULES[rule]! };
    expect(run(policy, VOTES[votes])).toBe(want);
  });

  it('to_state names the policy state', () => {
    const outcome = countVote(
      { mode: 'all', veto: false, onDisagreement: RULES.to_state! },
      { ann: { transition_id: 1, transition_name: 'A' }, ben: {} },
      {
        voter: 'ben',
        transition: T.O,
      },
    );
    expect(outcome).toEqual({ kind: 'to_state', stateId: SEND_TO });
  });
});

describe('countersign details', () => {
  it("loonflow's rule: a differing vote resets at once, even before everyone voted", () => {
    const ledger = { ann: { transition_id: 1, transition_name: 'A' }, ben: {}, cal: {}, dan: {} };
    expect(countVote(LOONFLOW_POLICY, ledger, { voter: 'ben', transition: T.O })).toEqual({
      kind: 'revote',
      ledger: { ann: {}, ben: {}, cal: {}, dan: {} },
      pending: ['ann', 'ben', 'cal', 'dan'],
    });
  });

  it('a quorum counts the voters of the round: larger than them it needs them all, a percentage rounds up', () => {
    expect(votesNeeded({ mode: 'quorum', min: 5, veto: false, onDisagreement: RULES.revote! }, 3)).toBe(3);
    expect(votesNeeded({ mode: 'quorum', percent: 50, veto: false, onDisagreement: RULES.revote! }, 5)).toBe(3);
    expect(votesNeeded({ mode: 'quorum', percent: 1, veto: false, onDisagreement: RULES.revote! }, 5)).toBe(1);
    expect(votesNeeded({ mode: 'any', veto: false, onDisagreement: RULES.revote! }, 5)).toBe(1);
  });

  it('majority waits for everyone, then the most chosen transition wins even if it is not the last vote', () => {
    const policy: CountersignPolicy = { mode: 'all', veto: false, onDisagreement: RULES.majority! };
    const ledger = { ann: { transition_id: 3, transition_name: 'O' }, ben: { transition_id: 3, transition_name: 'O' }, cal: {} };
    expect(countVote(policy, ledger, { voter: 'cal', transition: T.A })).toEqual({ kind: 'move', transitionId: 3 });
  });

  it('a handed vote keeps its place and its choice', () => {
    const ledger = { ann: { transition_id: 1, transition_name: 'A' }, ben: {}, cal: {} };
    expect(Object.entries(handVote(ledger, 'ben', 'zoe'))).toEqual([
      ['ann', { transition_id: 1, transition_name: 'A' }],
      ['zoe', {}],
      ['cal', {}],
    ]);
  });
});
