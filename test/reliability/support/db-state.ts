import type { MikroORM } from '@mikro-orm/core';
import { State } from '../../../src/db/entities';
import type { VoteEntry } from '../../../src/domain/ticket-types';

/** A ticket row as the invariants read it. */
export interface TicketRow {
  id: number;
  workflowId: number;
  stateId: number;
  participantTypeId: number;
  participant: string;
  inAddNode: boolean;
  multiAllPerson: Record<string, VoteEntry>;
  creator: string;
  version: number;
  sn: string;
}

/** A flow log with its snapshot of the ticket after the action. */
export interface LogRow {
  id: number;
  ticketId: number;
  transitionId: number;
  stateId: number;
  interveneTypeId: number;
  participant: string;
  after: Record<string, unknown>;
}

/** An outbox job with its attempts, oldest first. */
export interface JobRow {
  id: number;
  kind: string;
  ticketId: number;
  payload: Record<string, unknown>;
  status: string;
  attempts: number;
  lastError: string;
  finishedAt: Date | null;
  tries: { outcome: string; responseCode: number | null }[];
}

/** Everything the invariant checks read, in one consistent-enough snapshot taken after the load settled. */
export interface DbState {
  tickets: Map<number, TicketRow>;
  /** Flow logs per ticket id (also for ids without a ticket row), in id order. */
  logs: Map<number, LogRow[]>;
  ticketUsers: { ticketId: number; username: string; inProcess: boolean }[];
  /** Ticket ids referenced by ticket_values rows. */
  valueTicketIds: number[];
  jobs: JobRow[];
  /** Attempts whose job row does not exist. */
  strayAttempts: number;
  states: Map<number, State>;
  transitionNames: Map<number, string>;
  /** Transitions with the refuse attribute. */
  refusing: Set<number>;
  /** Countersign ledger rows, in id order. */
  votes: { ticketId: number; stateId: number; visit: number; voter: string; outcome: string }[];
  noticeUrls: Map<number, string>;
}

const json = (v: unknown): any => (typeof v === 'string' ? JSON.parse(v) : v);

/** Read the tables of tickets, logs, the duty index and the outbox with SQL (definitions through the ORM). */
export async function readDbState(orm: MikroORM): Promise<DbState> {
  const conn = orm.em.getConnection();
  const q = <T>(sql: string) => conn.execute<T[]>(sql);
  const tickets = await q<any>(
    'select id, workflow_id, state_id, participant_type_id, participant, in_add_node, multi_all_person, creator, version, sn from tickets',
  );
  const logs = await q<any>('select id, ticket_id, transition_id, state_id, intervene_type_id, participant, ticket_data from flow_logs order by id');
  const users = await q<any>('select ticket_id, username, in_process from ticket_users');
  const values = await q<any>('select distinct ticket_id from ticket_values');
  const jobs = await q<any>('select id, kind, ticket_id, payload, status, attempts, last_error, finished_at from outbox_jobs order by id');
  const attempts = await q<any>('select job_id, outcome, response_code from outbox_attempts order by id');
  const transitions = await q<any>('select id, name, attribute_type_id from transitions');
  const votes = await q<any>('select ticket_id, state_id, visit, voter, outcome from ticket_votes order by id');
  const notices = await q<any>('select id, url from notices');

  const byTicket = new Map<number, LogRow[]>();
  for (const l of logs) {
    const row: LogRow = {
      id: Number(l.id),
      ticketId: Number(l.ticket_id),
      transitionId: Number(l.transition_id),
      stateId: Number(l.state_id),
      interveneTypeId: Number(l.intervene_type_id),
      participant: l.participant,
      after: json(l.ticket_data),
    };
    byTicket.set(row.ticketId, [...(byTicket.get(row.ticketId) ?? []), row]);
  }
  const jobRows = new Map<number, JobRow>(
    jobs.map((j: any) => [
      Number(j.id),
      {
        id: Number(j.id),
        kind: j.kind,
        ticketId: Number(j.ticket_id),
        payload: json(j.payload),
        status: j.status,
        attempts: Number(j.attempts),
        lastError: j.last_error,
        finishedAt: j.finished_at ? new Date(j.finished_at) : null,
        tries: [],
      },
    ]),
  );
  let strayAttempts = 0;
  for (const a of attempts) {
    const job = jobRows.get(Number(a.job_id));
    if (job) job.tries.push({ outcome: a.outcome, responseCode: a.response_code == null ? null : Number(a.response_code) });
    else strayAttempts += 1;
  }
  return {
    tickets: new Map(
      tickets.map((t: any) => [
        Number(t.id),
        {
          id: Number(t.id),
          workflowId: Number(t.workflow_id),
          stateId: Number(t.state_id),
          participantTypeId: Number(t.participant_type_id),
          participant: t.participant,
          inAddNode: Boolean(Number(t.in_add_node)),
          multiAllPerson: json(t.multi_all_person),
          creator: t.creator,
          version: Number(t.version),
          sn: t.sn,
        },
      ]),
    ),
    logs: byTicket,
    ticketUsers: users.map((u: any) => ({ ticketId: Number(u.ticket_id), username: u.username, inProcess: Boolean(Number(u.in_process)) })),
    valueTicketIds: values.map((v: any) => Number(v.ticket_id)),
    jobs: [...jobRows.values()],
    strayAttempts,
    states: new Map((await orm.em.fork().find(State, {})).map((s) => [s.id, s])),
    transitionNames: new Map(transitions.map((t: any) => [Number(t.id), t.name])),
    refusing: new Set(transitions.filter((t: any) => Number(t.attribute_type_id) === 2).map((t: any) => Number(t.id))),
    votes: votes.map((v: any) => ({ ticketId: Number(v.ticket_id), stateId: Number(v.state_id), visit: Number(v.visit), voter: v.voter, outcome: v.outcome })),
    noticeUrls: new Map(notices.map((n: any) => [Number(n.id), n.url])),
  };
}
