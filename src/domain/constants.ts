/** loonflow constants (docs/constants.md), with the names the definition file uses. */

/** State type ids. */
export const StateType = { NORMAL: 0, START: 1, END: 2 } as const;
export const STATE_TYPE_BY_NAME: Record<string, number> = { normal: 0, start: 1, end: 2 };

/** How several handlers share a state. */
export const Distribute = { ACCEPT: 1, DIRECT: 2, RANDOM: 3, ALL: 4 } as const;
export const DISTRIBUTE_BY_NAME: Record<string, number> = { accept: 1, direct: 2, random: 3, all: 4 };

/** Participant type ids. */
export const ParticipantType = {
  NONE: 0,
  PERSONAL: 1,
  MULTI: 2,
  DEPT: 3,
  ROLE: 4,
  VARIABLE: 5,
  SCRIPT: 6,
  FIELD: 7,
  PARENT_FIELD: 8,
  HOOK: 10,
} as const;
export const PARTICIPANT_TYPE_BY_NAME: Record<string, number> = {
  none: 0,
  user: 1,
  users: 2,
  dept: 3,
  role: 4,
  variable: 5,
  script: 6,
  field: 7,
  parent_field: 8,
  hook: 10,
};

/** Transition type and attribute ids. */
export const TransitionType = { NORMAL: 1, TIMER: 2 } as const;
export const Attribute = { AGREE: 1, REFUSE: 2, OTHER: 3 } as const;
export const ATTRIBUTE_BY_NAME: Record<string, number> = { agree: 1, refuse: 2, other: 3 };

/** Ticket act_state ids. */
export const ActState = { DRAFT: 0, ONGOING: 1, REFUSED: 2, RETREATED: 3, FINISHED: 4, CLOSED: 5 } as const;

/** Custom field type ids. */
export const FieldType = {
  STRING: 5,
  INT: 10,
  FLOAT: 15,
  BOOL: 20,
  DATE: 25,
  DATETIME: 30,
  RADIO: 35,
  CHECKBOX: 40,
  SELECT: 45,
  MULTI_SELECT: 50,
  TEXT: 55,
  USER: 60,
  MULTI_USER: 70,
  ATTACHMENT: 80,
} as const;
export const FIELD_TYPE_BY_NAME: Record<string, number> = {
  string: 5,
  int: 10,
  float: 15,
  bool: 20,
  date: 25,
  datetime: 30,
  radio: 35,
  checkbox: 40,
  select: 45,
  multi_select: 50,
  text: 55,
  user: 60,
  multi_user: 70,
  attachment: 80,
};

/** Field attributes in a state. */
export const FieldAttribute = { READONLY: 1, REQUIRED: 2, OPTIONAL: 3 } as const;
export const FIELD_ATTRIBUTE_BY_NAME: Record<string, number> = { readonly: 1, required: 2, optional: 3 };

/** Flow log intervene types, with the synthetic names shown when transition_id is 0. */
export const Intervene = {
  NORMAL: 0,
  DELIVER: 1,
  ADD_NODE: 2,
  ADD_NODE_END: 3,
  ACCEPT: 4,
  COMMENT: 5,
  DELETE: 6,
  CLOSE: 7,
  CHANGE_STATE: 8,
  HOOK: 9,
  RETREAT: 10,
  /** Moved to another version of its workflow by a migration plan (docs/versions.md); loongate only. */
  MIGRATE: 11,
} as const;
export const INTERVENE_NAMES: Record<number, string> = {
  1: '转交操作',
  2: '加签操作',
  3: '加签完成操作',
  4: '接单操作',
  5: '新增评论',
  7: '强制关闭',
  8: '强制修改状态',
  9: 'hook操作',
  10: '撤回操作',
  11: '版本迁移',
};
export const UNKNOWN_ACTION = '未知操作';

/** The system actor of timers, hooks, scripts and sub-ticket completion. */
export const ROBOT = 'loonrobot';

/** Keys a custom field must not use (docs/constants.md). */
export const RESERVED_FIELD_KEYS = [
  'title',
  'workflow_id',
  'sn',
  'state_id',
  'parent_ticket_id',
  'parent_ticket_state_id',
  'participant_type_id',
  'participant',
  'relation',
  'in_add_node',
  'add_node_man',
  'transition_id',
  'suggestion',
  'username',
  'creator',
  'gmt_created',
  'gmt_modified',
  'is_deleted',
  'id',
  'act_state_id',
  'multi_all_person',
  'script_run_last_result',
];

/** Built-in field keys a state's `fields` may list (docs/constants.md). */
export const BUILTIN_FIELD_KEYS = [
  'sn',
  'title',
  'state_id',
  'state.state_name',
  'participant_info.participant_name',
  'participant_info.participant_alias',
  'workflow.workflow_name',
  'creator',
  'gmt_created',
  'gmt_modified',
];
