import { ParticipantType } from '../domain/constants';
import { MANAGERS_TOO } from '../domain/machine/policy';
import { RefusalReason as R } from '../domain/machine/refusal';

type Detail = Record<string, unknown>;
const list = (v: unknown) => (Array.isArray(v) ? v.join(',') : '');

/** loonflow's refusal of a non-handler (its typo for several handlers included). */
function notHandler(d: Detail): string {
  return d.participantTypeId === ParticipantType.PERSONAL || d.participantTypeId === ParticipantType.DEPT
    ? 'not current participant, no permission'
    : 'not crrent participant, no permission';
}

/**
 * loonflow's own words for the refusals its callers know, keyed by the engine's refusal reason. GraphQL
 * answers with the engine's English message; the REST face answers with these, as loonflow did, because
 * existing callers compare them (typo included).
 */
const WORDING: Partial<Record<R, (detail: Detail) => string>> = {
  [R.NO_ACTION_NEEDED]: () => '工单当前状态无需操作',
  [R.TICKET_CLOSED]: () => '工单当前状态无需操作',
  [R.NOT_A_HANDLER]: notHandler,
  [R.WAITING_FOR_OTHERS]: notHandler,
  [R.NEEDS_ACCEPT]: () => '需要先接单再处理',
  [R.NOTHING_TO_ACCEPT]: () => 'participant is one people, do not accept ticket first',
  [R.IN_ADD_NODE]: () => '工单当前处于加签中，只允许加签完成操作',
  [R.FIELDS_MISSING]: (d) => (d.required ? `此工单的必填字段为:${list(d.required)} (missing: ${list(d.missing)})` : `此工单的必填字段为:${list(d.missing)}`),
  [R.USERNAME_REQUIRED]: (d) =>
    d.action === 'handle'
      ? '参数不合法,请提供username，transition_id'
      : d.action === 'view'
        ? '参数不全，请提供username'
        : 'username is required (send the username header)',
  [R.NOTHING_TO_UPDATE]: () => 'post参数为空',
  [R.TARGET_INVALID]: (d) =>
    d.problem === 'self'
      ? 'target_username: cannot add yourself'
      : d.problem === 'unknown'
        ? `target_username "${d.target}" is not an existing active user`
        : 'target_username is required',
  [R.PARENT_INVALID]: (d) =>
    d.problem === 'orphan'
      ? `parent_ticket_state_id ${d.stateId} is given without a parent_ticket_id`
      : `parent_ticket_state_id ${d.stateId} is not a state of the parent ticket's workflow ${d.workflowId}`,
  [R.NOT_WAITING_FOR_HOOK]: () => '工单当前处理人类型非hook，不执行回调操作',
};

/** loonflow's message for a refusal, from the error's extensions (`reason` and its data); null when loonflow had none. */
export function loonflowWording(extensions: Detail | undefined): string | null {
  const reason = extensions?.reason as R | undefined;
  const word = reason && WORDING[reason];
  if (!word) return null;
  return extensions!.managersToo ? `${word(extensions!)} (${MANAGERS_TOO})` : word(extensions!);
}
