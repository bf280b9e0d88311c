import type { TicketColumnsFragment, ParticipantInfoColumnsFragment, FieldColumnsFragment, StateColumnsFragment } from '../generated';
import { time, type PresentContext } from './format';
import { presentState } from './workflow.presenter';

/** Every ticket column, in loonflow's names. */
export function presentTicketColumns(t: TicketColumnsFragment, p: PresentContext) {
  return {
    id: t.id,
    creator: t.creator,
    gmt_created: time(t.createdAt, p),
    gmt_modified: time(t.updatedAt, p),
    is_deleted: t.isDeleted,
    title: t.title,
    workflow_id: t.workflowId,
    sn: t.sn,
    state_id: t.stateId,
    parent_ticket_id: t.parentTicketId,
    parent_ticket_state_id: t.parentTicketStateId,
    participant_type_id: t.participantTypeId,
    participant: t.participant,
    relation: t.relation,
    in_add_node: t.inAddNode,
    add_node_man: t.addNodeMan,
    script_run_last_result: t.scriptRunLastResult,
    act_state_id: t.actStateId,
    multi_all_person: JSON.stringify(t.multiAllPerson ?? {}),
    version: t.version,
  };
}

/** participant_info: the ticket's participant as lists and details show it (docs/participants.md). */
export function presentParticipantInfo(i: ParticipantInfoColumnsFragment) {
  return {
    participant_type_id: i.participantTypeId,
    participant: i.participant,
    participant_name: i.participantName,
    participant_type_name: i.participantTypeName,
    participant_alias: i.participantAlias,
  };
}

interface CreatorInfo {
  username: string;
  alias: string;
  isActive: boolean;
  email: string;
  phone: string;
  deptInfo?: { id: number; name: string; parentId?: number | null; leader: string; approvers: string[]; label: unknown } | null;
}

/** creator_info: the creator's user record (unknown creators: alias '', inactive, dept_info {}). */
export function presentCreatorInfo(c: CreatorInfo) {
  const d = c.deptInfo;
  return {
    username: c.username,
    alias: c.alias,
    is_active: c.isActive,
    email: c.email,
    phone: c.phone,
    dept_info: d ? { id: d.id, name: d.name, parent_dept_id: d.parentId ?? 0, leader: d.leader, approver: d.approvers.join(','), label: d.label } : {},
  };
}

/** One field of field_list. */
export function presentField(f: FieldColumnsFragment) {
  return {
    field_key: f.fieldKey,
    field_name: f.fieldName,
    field_value: f.fieldValue ?? null,
    order_id: f.orderId,
    field_type_id: f.fieldTypeId,
    field_attribute: f.fieldAttribute,
    description: f.description,
    placeholder: f.placeholder,
    field_choice: f.fieldChoice,
    boolean_field_display: f.booleanFieldDisplay,
    default_value: f.defaultValue ?? null,
    field_template: f.fieldTemplate,
    label: f.label,
  };
}

/** The detail view: columns, field_list, creator_info and state_info. */
export function presentTicketDetail(
  t: TicketColumnsFragment & { fieldList: FieldColumnsFragment[]; creatorInfo: CreatorInfo; state: StateColumnsFragment },
  p: PresentContext,
) {
  return {
    value: {
      ...presentTicketColumns(t, p),
      field_list: t.fieldList.map(presentField),
      creator_info: presentCreatorInfo(t.creatorInfo),
      state_info: presentState(t.state, p),
    },
  };
}
