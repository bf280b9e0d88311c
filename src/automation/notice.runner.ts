import { FlowLog, Notice, Ticket, User } from '../db/entities';
import { currentHandlers } from '../domain/permissions';
import { requireWorkflowDefs } from '../services/definitions';
import { legacyMembers } from '../services/ticket-access';
import { allValues, ticketValues } from '../services/ticket-store';
import { formatDateTime } from '../domain/time';
import { hookUrlProblem } from './allow-list';
import { postSigned } from './http';
import { describeError, type JobRunner } from './job';
import { renderTemplate } from './templates';

/** Send one workflow notice about a ticket change (§11.1) with rendered templates. */
export const runNotice: JobRunner = async (job, deps) => {
  const em = deps.orm.em.fork();
  const notice = await em.findOne(Notice, { id: Number(job.payload.noticeId), isDeleted: false });
  const ticket = await em.findOne(Ticket, job.ticketId);
  if (!notice || !ticket) return { result: 'void' };
  const problem = hookUrlProblem(notice.url, deps.config.hookAllow);
  if (problem) return { result: 'failed', error: problem };
  const tz = deps.config.timeZone;
  const defs = await requireWorkflowDefs(em, ticket.workflowId);
  const values = allValues(ticket, await ticketValues(em, ticket, defs, tz), tz);
  const title = renderTemplate(defs.workflow.titleTemplate, values);
  const content = renderTemplate(defs.workflow.contentTemplate, values);
  const missing = [...title.missing, ...content.missing];
  if (missing.length) deps.logger.warn({ ticketId: ticket.id, workflowId: ticket.workflowId, missing }, 'notice template names unknown keys; rendered empty');
  const last = await em.findOne(FlowLog, { ticketId: ticket.id }, { orderBy: { id: 'desc' } });
  const names = currentHandlers(ticket, await legacyMembers(em, ticket));
  const users = names.length ? await em.find(User, { username: names, isDeleted: false }) : [];
  const body = {
    title_result: title.text,
    content_result: content.text,
    participant: ticket.participant,
    participant_type_id: ticket.participantTypeId,
    multi_all_person: JSON.stringify(ticket.multiAllPerson),
    ticket_value_info: values,
    last_flow_log: last && {
      id: last.id, ticket_id: last.ticketId, transition_id: last.transitionId, state_id: last.stateId, intervene_type_id: last.interveneTypeId,
      participant_type_id: last.participantTypeId, participant: last.participant, suggestion: last.suggestion, gmt_created: formatDateTime(last.createdAt, tz),
    },
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
