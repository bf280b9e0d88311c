import { Intervene, ROBOT } from '../../../src/domain/constants';
import type { Action, Answer } from './client';
import type { DbState, LogRow } from './db-state';

/** What the answers promised against what the database holds; each lists its violations (empty: holds). */
export interface AckProblems {
  /** No answer was an HTTP 5xx or an INTERNAL error. */
  errors: string[];
  /**
   * Every acknowledged change is in the database with its log, and every log of a person is an acknowledged
   * request or one whose answer was lost: per (ticket, user, action), acknowledged ≤ logs ≤ acknowledged + unanswered.
   */
  acknowledged: string[];
  /** No two answers report the same version of a ticket (a version is one change). */
  versions: string[];
}

const INTERVENTION: Partial<Record<Action, number>> = {
  deliver: Intervene.DELIVER,
  addNode: Intervene.ADD_NODE,
  finishAddNode: Intervene.ADD_NODE_END,
  accept: Intervene.ACCEPT,
  comment: Intervene.COMMENT,
  close: Intervene.CLOSE,
  changeState: Intervene.CHANGE_STATE,
  retreat: Intervene.RETREAT,
};

const logKey = (l: LogRow) =>
  `ticket ${l.ticketId} ${l.participant} ${l.interveneTypeId ? `intervention ${l.interveneTypeId}` : `transition ${l.transitionId}`}`;

function answerKey(a: Answer): string {
  const what = INTERVENTION[a.op.action] ? `intervention ${INTERVENTION[a.op.action]}` : `transition ${a.op.transitionId}`;
  return `ticket ${a.ticketId} ${a.op.user} ${what}`;
}

const bump = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);

/** Check the recorded answers of a load against the settled database. */
export function ackInvariants(db: DbState, answers: Answer[]): AckProblems {
  const out: AckProblems = { errors: [], acknowledged: [], versions: [] };
  const errors = new Map<string, number>();
  for (const a of answers) if (a.outcome === 'error') bump(errors, `${a.face} ${a.op.action} on server ${a.server}: ${a.code.slice(0, 200)}`);
  for (const [what, n] of errors) out.errors.push(`${n} × ${what}`);

  const changes = answers.filter((a) => a.op.action !== 'read');
  const acked = new Map<string, number>();
  const unanswered = new Map<string, number>();
  const unansweredCreates = new Map<string, number>();
  for (const a of changes) {
    if (a.outcome === 'ok') {
      bump(acked, answerKey(a));
      if (!db.tickets.has(a.ticketId!))
        out.acknowledged.push(`${a.face} ${a.op.action} of ${a.op.user} answered success, but ticket ${a.ticketId} does not exist`);
    } else if (a.outcome === 'unknown') {
      if (a.op.action === 'create') bump(unansweredCreates, a.op.user);
      else bump(unanswered, answerKey(a));
    }
  }
  const logged = new Map<string, number>();
  for (const logs of db.logs.values()) {
    for (const log of logs) if (log.participant !== 'hook' && log.participant !== ROBOT) bump(logged, logKey(log));
  }
  for (const t of db.tickets.values()) {
    const creation = db.logs.get(t.id)?.[0];
    if (!creation || acked.has(logKey(creation))) continue;
    // A creation nobody acknowledged: its answer must have been lost.
    const left = unansweredCreates.get(t.creator) ?? 0;
    if (left > 0) unansweredCreates.set(t.creator, left - 1), bump(unanswered, logKey(creation));
  }
  for (const key of new Set([...acked.keys(), ...logged.keys()])) {
    const [n, min, max] = [logged.get(key) ?? 0, acked.get(key) ?? 0, (acked.get(key) ?? 0) + (unanswered.get(key) ?? 0)];
    if (n < min || n > max) out.acknowledged.push(`${key}: ${min} acknowledged${max > min ? ` and ${max - min} unanswered` : ''} requests, ${n} logs`);
  }

  const versions = new Map<number, number[]>();
  for (const a of changes) if (a.outcome === 'ok' && a.seen) versions.set(a.seen.id, [...(versions.get(a.seen.id) ?? []), a.seen.version]);
  for (const [id, vs] of versions) {
    const dup = vs.filter((v, i) => vs.indexOf(v) !== i);
    if (dup.length) out.versions.push(`ticket ${id}: version ${[...new Set(dup)].join(', ')} answered to several changes`);
  }
  return out;
}
