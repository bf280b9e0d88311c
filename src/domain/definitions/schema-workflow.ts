import { z } from 'zod';
import { ATTRIBUTE_BY_NAME, DISTRIBUTE_BY_NAME, FIELD_ATTRIBUTE_BY_NAME, FIELD_TYPE_BY_NAME, PARTICIPANT_TYPE_BY_NAME, STATE_TYPE_BY_NAME } from '../constants';
import { stateSlaSchema, workflowSlaSchema } from '../sla/schema';
import { MAX_TEMPLATE_CHARS, PARTICIPANT_BOUNDS } from './limits';
import { boundedJson, constant, idSchema, labelSchema, listOrCsv, refSchema, required, text, textMap, urlSchema, usernameSchema } from './schema-common';

/** The default notice title (the entity's column default). */
export const DEFAULT_TITLE_TEMPLATE = '你有一个待办工单:{title}';
/** The default notice content (the entity's column default). */
export const DEFAULT_CONTENT_TEMPLATE = '标题:{title}, 创建时间:{gmt_created}';

const participant = <const N extends string, S extends z.core.$ZodLooseShape>(name: N, shape: S) => z.strictObject({ type: z.literal(name), ...shape });

const PARTICIPANT_NAME = new Map(Object.entries(PARTICIPANT_TYPE_BY_NAME).map(([name, id]) => [id, name]));

const typeByName = (value: unknown): unknown => {
  if (value === null || typeof value !== 'object' || !('type' in value) || typeof value.type !== 'number') return value;
  return { ...value, type: PARTICIPANT_NAME.get(value.type) ?? value.type };
};

const fieldKeys = z.array(required(50)).min(1);

/** A state's participant, by participant type name or loonflow id. */
export const participantSchema = boundedJson(
  z.preprocess(
    typeByName,
    z.discriminatedUnion('type', [
      participant('none', {}),
      participant('user', { value: usernameSchema }),
      participant('users', { value: z.array(usernameSchema).min(1) }),
      participant('dept', { value: z.array(refSchema).min(1) }),
      participant('role', { value: refSchema }),
      participant('variable', { value: z.array(z.enum(['creator', 'creator_tl'])).min(1) }),
      participant('script', { value: required(100) }),
      participant('field', { value: fieldKeys }),
      participant('parent_field', { value: fieldKeys }),
      participant('hook', {
        url: urlSchema,
        token: text(200).default(''),
        wait: z.boolean().default(false),
        extra_info: z.unknown().default(''),
      }),
    ]),
  ),
  PARTICIPANT_BOUNDS,
);

/** A custom field entry. */
export const fieldSchema = z.strictObject({
  id: idSchema.optional(),
  key: required(50),
  name: text(100).default(''),
  type: constant(FIELD_TYPE_BY_NAME, 'field type'),
  order: z.number().int().default(0),
  default: boundedJson(z.unknown()).optional(),
  description: text(500).default(''),
  placeholder: text(200).default(''),
  template: text(MAX_TEMPLATE_CHARS).default(''),
  choices: boundedJson(textMap).optional(),
  boolean_display: boundedJson(textMap).default({}),
  label: labelSchema.default({}),
});

/** What a countersign round does when its voters can no longer agree. */
const disagreementSchema = z.union([z.enum(['revote', 'majority']), z.strictObject({ to_state: refSchema })], {
  error: 'expected revote, majority or {to_state: <state>}',
});

/** How a distribute-all state counts votes (docs/countersign.md); left out, loonflow's rule. */
export const countersignSchema = z
  .strictObject({
    mode: z.enum(['all', 'any', 'quorum']).default('all'),
    min: z.number().int().positive().optional(),
    percent: z.number().positive().max(100).optional(),
    veto: z.boolean().default(false),
    on_disagreement: disagreementSchema.default('revote'),
  })
  .superRefine((v, ctx) => {
    if (v.mode !== 'quorum') {
      for (const key of ['min', 'percent'] as const)
        if (v[key] !== undefined) ctx.addIssue({ code: 'custom', path: [key], message: `only a quorum has a ${key} (mode is ${v.mode})` });
    } else if ((v.min === undefined) === (v.percent === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['mode'], message: 'a quorum needs exactly one of min (a count of votes) or percent (of the voters)' });
    }
  });

/** A state entry. */
export const stateSchema = z.strictObject({
  id: idSchema.optional(),
  name: required(100),
  type: constant(STATE_TYPE_BY_NAME, 'state type').default(0),
  order: z.number().int().default(0),
  hidden: z.boolean().default(false),
  participant: participantSchema.default({ type: 'none' }),
  distribute: constant(DISTRIBUTE_BY_NAME, 'distribute type').default(2),
  fields: boundedJson(z.record(z.string(), constant(FIELD_ATTRIBUTE_BY_NAME, 'field attribute'))).default({}),
  enable_retreat: z.boolean().default(false),
  remember_last_man: z.boolean().default(false),
  countersign: countersignSchema.optional(),
  label: labelSchema.default({}),
  sla: stateSlaSchema.optional(),
});

/** A transition entry. */
export const transitionSchema = z.strictObject({
  id: idSchema.optional(),
  name: text(100).default(''),
  from: refSchema,
  to: refSchema,
  attribute: constant(ATTRIBUTE_BY_NAME, 'attribute').default(1),
  timer: z.number().int().nonnegative().optional(),
  field_require_check: z.boolean().default(true),
  alert: text(500).optional(),
  conditions: boundedJson(z.array(z.strictObject({ expression: required(2000), to: refSchema }))).default([]),
});

/** A notice entry. */
export const noticeSchema = z.strictObject({
  id: idSchema.optional(),
  name: required(100),
  url: urlSchema,
  token: text(200).default(''),
});

const limitSchema = z.strictObject({
  period: z.number().nonnegative().optional(),
  count: z.number().int().nonnegative().optional(),
  level: z.union([z.literal(1), z.literal(2)], { error: 'expected 1 (per user) or 2 (global)' }).optional(),
  allow_persons: listOrCsv(usernameSchema).optional(),
  allow_depts: listOrCsv(refSchema).optional(),
  allow_roles: listOrCsv(refSchema).optional(),
});

/** A workflow entry with its children. */
export const workflowSchema = z.strictObject({
  id: idSchema.optional(),
  name: required(100),
  description: text(500).default(''),
  admins: z.array(usernameSchema).optional(),
  view_permission_check: z.boolean().default(true),
  limit_expression: boundedJson(limitSchema).default({}),
  display_form: boundedJson(z.array(required(100))).default([]),
  title_template: text(200).default(DEFAULT_TITLE_TEMPLATE),
  content_template: text(1000).default(DEFAULT_CONTENT_TEMPLATE),
  one_open_per: text(50).default(''),
  notices: z.array(z.unknown()).default([]),
  custom_fields: z.array(z.unknown()).default([]),
  states: z.array(z.unknown()).default([]),
  transitions: z.array(z.unknown()).default([]),
  sla: workflowSlaSchema.optional(),
});

/** A participant after parsing. */
export type ParticipantInput = z.output<typeof participantSchema>;
/** A limit_expression after parsing. */
export type LimitInput = z.output<typeof limitSchema>;
/** A custom field entry after parsing. */
export type FieldInput = z.output<typeof fieldSchema>;
/** A countersign policy after parsing. */
export type CountersignInput = z.output<typeof countersignSchema>;
/** A state entry after parsing. */
export type StateInput = z.output<typeof stateSchema>;
/** A transition entry after parsing. */
export type TransitionInput = z.output<typeof transitionSchema>;
/** A notice entry after parsing. */
export type NoticeInput = z.output<typeof noticeSchema>;
/** A workflow entry (children not yet parsed) after parsing. */
export type WorkflowInput = z.output<typeof workflowSchema>;
