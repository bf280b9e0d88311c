import { Ticket } from '../db/entities';
import { ParticipantType } from '../domain/constants';
import { AppError } from '../domain/errors';
import { outsideText } from '../domain/fields';
import { hookUrlProblem } from '../domain/hook-url';
import { hookAnsweredAdvance, recordAutomation, systemContext } from '../services/automation.service';
import { ticketDefs } from '../services/definitions';
import { ticketDocument } from '../services/ticket-engine';
import { MAX_ANSWER_BYTES, postSigned } from './http';
import { describeError, supersededBy, type JobRunner } from './job';

interface HookConfig {
  hook_url: string;
  hook_token: string;
  wait?: boolean;
  extra_info?: unknown;
}

const HOOK = { participant: 'hook', participantTypeId: ParticipantType.HOOK };

/** Call a state hook: on `code: 0` its answer is logged, then wait:false advances as loonrobot and wait:true waits for the callback. */
export const runHook: JobRunner = async (job, deps) => {
  const em = deps.orm.em.fork();
  const ctx = systemContext(em, deps.config);
  const ticket = await em.findOne(Ticket, { id: job.ticketId, isDeleted: false });
  const stateId = Number(job.payload.stateId);
  if (!ticket || ticket.stateId !== stateId || ticket.participantTypeId !== ParticipantType.HOOK) return { result: 'void' };
  const newer = await supersededBy(em, job);
  if (newer) return { result: 'void', error: `superseded by job ${newer.id}` };
  const defs = await ticketDefs(em, ticket);
  const hook = JSON.parse(defs.states.get(stateId)?.participant ?? '{}') as HookConfig;
  const fail = async (why: string) => {
    await recordAutomation(ctx, ticket.id, { ok: false, suggestion: `hook failed: ${why}`, ...HOOK });
    return { result: 'failed' as const, error: why };
  };
  const problem = hookUrlProblem(hook.hook_url, deps.config.hookAllow);
  if (problem) return fail(problem);
  const body = { ...(await ticketDocument(em, ticket, defs, deps.config.timeZone)), extra_info: hook.extra_info ?? null };
  let answer: Awaited<ReturnType<typeof postSigned>>;
  try {
    answer = await postSigned(hook.hook_url, hook.hook_token ?? '', body, deps.timeoutMs);
  } catch (err) {
    return deps.lastAttempt ? fail(describeError(err)) : { result: 'retry', error: describeError(err) };
  }
  if (answer.status >= 500 && !deps.lastAttempt) return { result: 'retry', responseCode: answer.status, error: `HTTP ${answer.status}` };
  if (answer.truncated)
    return { ...(await fail(`HTTP ${answer.status}: the answer is longer than ${MAX_ANSWER_BYTES} bytes (read no further)`)), responseCode: answer.status };
  const msg = typeof answer.json?.msg === 'string' ? outsideText(answer.json.msg) : '';
  if (answer.json?.code !== 0) return { ...(await fail(msg || `HTTP ${answer.status}: ${outsideText(answer.text, 200)}`)), responseCode: answer.status };
  try {
    if (hook.wait) await recordAutomation(ctx, ticket.id, { ok: true, suggestion: msg, ...HOOK });
    else await hookAnsweredAdvance(ctx, { ticketId: ticket.id, stateId, msg });
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    return { result: 'void', responseCode: answer.status, error: `the hook answered, but the ticket changed meanwhile: ${err.message}` };
  }
  return { result: 'done', responseCode: answer.status };
};
