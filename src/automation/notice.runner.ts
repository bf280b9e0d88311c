import type { EntityManager } from '@mikro-orm/core';
import { FlowLog, Notice, Ticket, User, type OutboxJob } from '../db/entities';
import { ticketDefs, type WorkflowDefs } from '../services/definitions';
import { handlersOf, ticketDocument } from '../services/ticket-engine';
import { hookUrlProblem } from '../domain/hook-url';
import { presentFlowLog } from '../rest/presenters/log.presenter';
import { flowLogView } from '../services/flow-log-view';
import { postSigned } from './http';
import { describeError, type JobRunner } from './job';
import { renderTemplate } from './templates';

/** The ticket as its change left it: the snapshot of the newest flow log written with the job, else the ticket now. */
async function changeSnapshot(em: EntityManager, job: OutboxJob, ticket: Ticket, defs: WorkflowDefs, tz: string) {
  const last = await em.findOne(FlowLog, { ticketId: ticket.id, isDeleted: false, createdAt: { $lte: job.createdAt } }, { orderBy: { id: 'desc' } });
  const values = last && Object.keys(last.ticketData).length ? last.ticketData : await ticketDocument(em, ticket, defs, tz);
  const handler = { ...ticket, participantTypeId: Number(values.participant_type_id), participant: String(values.participant ?? '') } as Ticket;
  return { last, values, handler };
}

/** Send one workflow notice about a ticket change (docs/automation.md) with rendered templates, showing the ticket as that change left it. */
export const runNotice: JobRunner = async (job, deps) => {
  const em = deps.orm.em.fork();
  const notice = await em.findOne(Notice, { id: Number(job.payload.noticeId), isDeleted: false });
  const ticket = await em.findOne(Ticket, job.ticketId);
  if (!notice || !ticket) return { result: 'void' };
  const problem = hookUrlProblem(notice.url, deps.config.hookAllow);
  if (problem) return { result: 'failed', error: problem };
  const tz = deps.config.timeZone;
  const defs = await ticketDefs(em, ticket);
  const { last, values, handler } = await changeSnapshot(em, job, ticket, defs, tz);
  const title = renderTemplate(defs.workflow.titleTemplate, values);
  const content = renderTemplate(defs.workflow.contentTemplate, values);
  const missing = [...title.missing, ...content.missing];
  if (missing.length) deps.logger.warn({ ticketId: ticket.id, workflowId: ticket.workflowId, missing }, 'notice template names unknown keys; rendered empty');
  const names = await handlersOf(em, handler);
  const found = names.length ? await em.find(User, { username: names, isDeleted: false }) : [];
  const users = names.flatMap((name) => found.filter((u) => u.username === name));
  const body = {
    title_result: title.text,
    content_result: content.text,
    participant: handler.participant,
    participant_type_id: handler.participantTypeId,
    multi_all_person: values.multi_all_person ?? '{}',
    ticket_value_info: values,
    // The log of the change, exactly as GET /tickets/{id}/flowlogs shows it (its newest item right after the change).
    last_flow_log: last && presentFlowLog(await flowLogView(em, last), { timeZone: tz }),
    participant_info_list: users.map((u) => ({ username: u.username, alias: u.alias, phone: u.phone, email: u.email })),
  };
  try {
    const answer = await postSigned(notice.url, notice.token, body, deps.timeoutMs);
    if (answer.status >= 200 && answer.status < 300) return { result: 'done', responseCode: answer.status };
    return { result: deps.lastAttempt ? 'failed' : 'retry', responseCode: answer.status, error: `HTTP ${answer.status}` };
  } catch (err) {
    return { result: deps.lastAttempt ? 'failed' : 'retry', error: describeError(err) };
  }
};
