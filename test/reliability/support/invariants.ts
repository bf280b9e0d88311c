import type { MikroORM } from '@mikro-orm/core';
import { isDeepStrictEqual } from 'node:util';
import { Intervene, ParticipantType, ROBOT } from '../../../src/domain/constants';
import { resolveParticipants } from '../../../src/domain/participants';
import { currentHandlers } from '../../../src/domain/permissions';
import { countVote, LOONFLOW_POLICY, pendingVoters } from '../../../src/domain/countersign';
import { DbDirectory } from '../../../src/services/directory';
import type { DbState, LogRow, TicketRow } from './db-state';

/** The invariants over tickets, their logs and the duty index; each lists its violations (empty: holds). */
export interface TicketProblems {
  /** Every log starts from the state the previous one left the ticket in; the last one left it where it is. */
  chain: string[];
  /** Every change bumps the version once and writes one log: version = number of logs. */
  oneLogPerChange: string[];
  /** Every all-must-handle vote counted exactly once: the voter was pending, the ledger after is the ledger before plus this vote. */
  votes: string[];
  serials: string[];
  /** ticket_users rows in process = the ticket's current handlers. */
  duty: string[];
  /** The ticket row is what its last log left, and the handlers are what the participant rules give. */
  participants: string[];
  /** Nothing half-written: no ticket without logs, no log, duty row, value or job of a missing ticket. */
  orphans: string[];
}

const SYSTEM = new Set(['hook', ROBOT]);
const ledgerOf = (log: LogRow) => JSON.parse(String(log.after.multi_all_person ?? '{}'));
const isHandle = (log: LogRow) => log.interveneTypeId === Intervene.NORMAL && log.transitionId > 0;

/** Close and retreat log the state they lead to (semantics §8.3), every other action the state it starts from. */
function sourceOf(log: LogRow): number | null {
  return log.interveneTypeId === Intervene.CLOSE || log.interveneTypeId === Intervene.RETREAT ? null : log.stateId;
}

function checkChain(t: TicketRow, logs: LogRow[], out: TicketProblems): void {
  let at: number | null = null;
  for (const log of logs) {
    const from = sourceOf(log);
    if (at !== null && from !== null && from !== at)
      out.chain.push(`ticket ${t.id}: log ${log.id} (${describe(log)}) moved it from state ${from}, but the previous log left it in ${at}`);
    at = Number(log.after.state_id);
  }
  if (at !== t.stateId) out.chain.push(`ticket ${t.id}: the last log left it in state ${at}, the row says ${t.stateId}`);
  if (logs.length !== t.version) out.oneLogPerChange.push(`ticket ${t.id}: version ${t.version} but ${logs.length} logs`);
}

/** The ledger table holds one row per vote log, and each visit has at most one deciding vote. */
function checkLedger(t: TicketRow, voteLogs: LogRow[], db: DbState, out: TicketProblems): void {
  const rows = db.votes.filter((v) => v.ticketId === t.id);
  if (rows.length !== voteLogs.length || rows.some((r, i) => r.voter !== voteLogs[i]!.participant))
    out.votes.push(`ticket ${t.id}: ${voteLogs.length} vote logs but ledger rows ${JSON.stringify(rows)}`);
  const decided = rows.filter((r) => r.outcome === 'move' || r.outcome === 'to_state').map((r) => r.visit);
  if (new Set(decided).size !== decided.length) out.votes.push(`ticket ${t.id}: one visit decided twice (${decided.join(', ')})`);
}

function checkVotes(t: TicketRow, logs: LogRow[], db: DbState, out: TicketProblems): void {
  const voteLogs: LogRow[] = [];
  logs.forEach((log, i) => {
    const before = i > 0 ? ledgerOf(logs[i - 1]!) : {};
    if (!isHandle(log) || SYSTEM.has(log.participant) || !pendingVoters(before).length) return;
    voteLogs.push(log);
    if (!pendingVoters(before).includes(log.participant)) {
      out.votes.push(`ticket ${t.id}: log ${log.id} is a vote of ${log.participant}, who was not pending in ${JSON.stringify(before)}`);
      return;
    }
    const policy = db.states.get(log.stateId)?.countersign ?? LOONFLOW_POLICY;
    const transition = { id: log.transitionId, name: db.transitionNames.get(log.transitionId) ?? '', refuses: db.refusing.has(log.transitionId) };
    const vote = countVote(policy, before, { voter: log.participant, transition });
    const after = ledgerOf(log);
    const moved = Number(log.after.state_id) !== log.stateId;
    const expected = 'ledger' in vote ? vote.ledger : 'a move';
    const ok = 'ledger' in vote ? !moved && isDeepStrictEqual(after, vote.ledger) : moved;
    if (!ok)
      out.votes.push(
        `ticket ${t.id}: log ${log.id} vote of ${log.participant} on ${JSON.stringify(before)} should be ${vote.kind} ${JSON.stringify(expected)}, left ${JSON.stringify(after)} in state ${log.after.state_id}`,
      );
  });
  checkLedger(t, voteLogs, db, out);
}

type Expected = { participantTypeId: number; participant: string };

/** What the participant rules give after the last log, or null when the log does not decide it (deliver, add-node, comment). */
async function expectedHandlers(t: TicketRow, last: LogRow, db: DbState, directory: DbDirectory): Promise<Expected | null> {
  const pending = pendingVoters(ledgerOf(last));
  // An all-must-handle state always starts with several handlers (multi); the type stays so while votes come in.
  if (pending.length) return { participantTypeId: ParticipantType.MULTI, participant: pending.join(',') };
  switch (last.interveneTypeId) {
    case Intervene.NORMAL:
    case Intervene.CHANGE_STATE: {
      const r = await resolveParticipants({ state: db.states.get(t.stateId)!, creator: t.creator, fieldValue: () => null }, directory);
      return { participantTypeId: r.participantTypeId, participant: r.participant };
    }
    case Intervene.CLOSE:
      return { participantTypeId: ParticipantType.NONE, participant: '' };
    case Intervene.RETREAT:
      return { participantTypeId: ParticipantType.PERSONAL, participant: t.creator };
    case Intervene.ACCEPT:
      return { participantTypeId: ParticipantType.PERSONAL, participant: last.participant };
    default:
      return null;
  }
}

async function checkParticipants(t: TicketRow, last: LogRow, db: DbState, directory: DbDirectory, out: TicketProblems): Promise<void> {
  const row = { participant: t.participant, participantTypeId: t.participantTypeId, inAddNode: t.inAddNode, multiAllPerson: t.multiAllPerson };
  const snap = {
    participant: last.after.participant,
    participantTypeId: last.after.participant_type_id,
    inAddNode: last.after.in_add_node,
    multiAllPerson: ledgerOf(last),
  };
  if (!isDeepStrictEqual(row, snap))
    out.participants.push(`ticket ${t.id}: row ${JSON.stringify(row)} differs from its last log ${last.id}: ${JSON.stringify(snap)}`);
  const expected = await expectedHandlers(t, last, db, directory);
  if (expected && !isDeepStrictEqual(expected, { participantTypeId: t.participantTypeId, participant: t.participant })) {
    out.participants.push(
      `ticket ${t.id} in state ${t.stateId} after ${describe(last)}: handlers ${t.participantTypeId}/"${t.participant}", the rules give ${expected.participantTypeId}/"${expected.participant}"`,
    );
  }
}

function checkDuty(db: DbState, out: TicketProblems): void {
  const inProcess = new Map<number, string[]>();
  for (const u of db.ticketUsers) if (u.inProcess) inProcess.set(u.ticketId, [...(inProcess.get(u.ticketId) ?? []), u.username]);
  for (const t of db.tickets.values()) {
    const rows = (inProcess.get(t.id) ?? []).sort();
    const handlers = [...currentHandlers(t)].sort();
    if (!isDeepStrictEqual(rows, handlers)) out.duty.push(`ticket ${t.id}: in process ${JSON.stringify(rows)}, handlers ${JSON.stringify(handlers)}`);
  }
}

function checkOrphans(db: DbState, out: TicketProblems): void {
  const missing = (what: string, ids: number[]) => {
    const gone = [...new Set(ids.filter((id) => !db.tickets.has(id)))];
    if (gone.length) out.orphans.push(`${what} of missing tickets ${gone.join(', ')}`);
  };
  missing('flow logs', [...db.logs.keys()]);
  missing(
    'ticket_users rows',
    db.ticketUsers.map((u) => u.ticketId),
  );
  missing('ticket_values rows', db.valueTicketIds);
  missing(
    'outbox jobs',
    db.jobs.map((j) => j.ticketId),
  );
  if (db.strayAttempts) out.orphans.push(`${db.strayAttempts} outbox attempts of missing jobs`);
  for (const t of db.tickets.values()) {
    const first = db.logs.get(t.id)?.[0];
    if (!first || first.transitionId === 0 || first.participant !== t.creator)
      out.orphans.push(`ticket ${t.id}: no creation log (first log: ${first ? describe(first) : 'none'})`);
  }
}

function describe(log: LogRow): string {
  const what = log.interveneTypeId ? `intervention ${log.interveneTypeId}` : `transition ${log.transitionId}`;
  return `${what} by ${log.participant} in state ${log.stateId} → ${log.after.state_id}`;
}

/** Check every ticket invariant on a settled database. */
export async function ticketInvariants(orm: MikroORM, db: DbState): Promise<TicketProblems> {
  const out: TicketProblems = { chain: [], oneLogPerChange: [], votes: [], serials: [], duty: [], participants: [], orphans: [] };
  const directory = new DbDirectory(orm.em.fork());
  for (const t of db.tickets.values()) {
    const logs = db.logs.get(t.id) ?? [];
    checkChain(t, logs, out);
    checkVotes(t, logs, db, out);
    if (logs.length) await checkParticipants(t, logs.at(-1)!, db, directory, out);
  }
  const sns = [...db.tickets.values()].map((t) => t.sn);
  for (const sn of new Set(sns))
    if (sns.indexOf(sn) !== sns.lastIndexOf(sn)) out.serials.push(`serial number ${sn} is used ${sns.filter((s) => s === sn).length} times`);
  checkDuty(db, out);
  checkOrphans(db, out);
  return out;
}
