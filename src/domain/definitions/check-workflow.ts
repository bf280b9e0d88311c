import type { z } from 'zod';
import { BUILTIN_FIELD_KEYS, FIELD_TYPE_BY_NAME, FieldType, RESERVED_FIELD_KEYS } from '../constants';
import { checkStates, checkTransitions, type WorkflowScope } from './check-states';
import { formatPath, type PathSegment } from './errors';
import { checkReachability, checkStateTypes } from './graph';
import { resolveSlaRefs } from './check-sla';
import { checkHookUrl } from './participant';
import type { Escalation } from '../sla/schema';
import type { PlanField, PlanLimit, PlanNotice, PlanTransition, PlanWorkflow, Ref } from './plan';
import { resolveList, UniqueTracker, type Context, type RefIndex } from './refs';
import { parseEach, rawId, rawString, type Parsed } from './schema-common';
import {
  fieldSchema,
  noticeSchema,
  stateSchema,
  transitionSchema,
  type FieldInput,
  type LimitInput,
  type NoticeInput,
  type StateInput,
  type WorkflowInput,
} from './schema-workflow';

const NOT_CUSTOM: ReadonlySet<string> = new Set([...RESERVED_FIELD_KEYS, ...BUILTIN_FIELD_KEYS]);
const CHOICE_TYPES: ReadonlySet<number> = new Set([FieldType.RADIO, FieldType.CHECKBOX, FieldType.SELECT, FieldType.MULTI_SELECT]);
const TYPE_NAME = new Map(Object.entries(FIELD_TYPE_BY_NAME).map(([name, id]) => [id, name]));

function checkFields(fields: readonly Parsed<FieldInput>[], ctx: Context): PlanField[] {
  const keys = new UniqueTracker<string>('field key', ctx.issues);
  return fields.flatMap(({ input: f, path: at }) => {
    if (!f) return [];
    if (f.id !== undefined) ctx.fieldIds.claim(f.id, [...at, 'id']);
    if (NOT_CUSTOM.has(f.key)) ctx.issues.add([...at, 'key'], `"${f.key}" is a reserved key`);
    else keys.claim(f.key, [...at, 'key']);
    if (CHOICE_TYPES.has(f.type) && Object.keys(f.choices ?? {}).length === 0) {
      ctx.issues.add([...at, 'choices'], `required for ${TYPE_NAME.get(f.type)} fields ({value: label})`);
    }
    return [
      {
        path: formatPath(at),
        id: f.id,
        key: f.key,
        name: f.name,
        typeId: f.type,
        orderId: f.order,
        defaultValue: f.default ?? null,
        description: f.description,
        placeholder: f.placeholder,
        template: f.template,
        choices: f.choices ?? {},
        booleanDisplay: f.boolean_display,
        label: f.label,
      },
    ];
  });
}

function checkNotices(notices: readonly Parsed<NoticeInput>[], ctx: Context): PlanNotice[] {
  const names = new UniqueTracker<string>('notice name', ctx.issues);
  return notices.flatMap(({ input: n, path: at }) => {
    if (!n) return [];
    if (n.id !== undefined) ctx.noticeIds.claim(n.id, [...at, 'id']);
    names.claim(n.name, [...at, 'name']);
    checkHookUrl(n.url, [...at, 'url'], ctx);
    return [{ path: formatPath(at), id: n.id, name: n.name, url: n.url, token: n.token }];
  });
}

function csvItems(value: string): string[] {
  return value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

function limitRefs(value: readonly (number | string)[] | string, index: RefIndex, path: readonly PathSegment[], ctx: Context): Ref[] {
  if (typeof value !== 'string') return resolveList(index, value, path, ctx.issues) ?? [];
  const refs = csvItems(value).map((item) => index.resolve(/^\d+$/.test(item) ? Number(item) : item, path));
  return refs.filter((ref): ref is Ref => ref !== undefined);
}

function checkLimit(limit: LimitInput, path: readonly PathSegment[], ctx: Context): PlanLimit {
  const out: PlanLimit = {};
  if (limit.period !== undefined) out.period = limit.period;
  if (limit.count !== undefined) out.count = limit.count;
  if (limit.level !== undefined) out.level = limit.level;
  if (limit.allow_persons !== undefined) {
    const at = [...path, 'allow_persons'];
    if (typeof limit.allow_persons === 'string') {
      out.allow_persons = csvItems(limit.allow_persons);
      for (const name of out.allow_persons) ctx.users.check(name, at);
    } else {
      out.allow_persons = limit.allow_persons;
      ctx.users.checkList(limit.allow_persons, at);
    }
  }
  if (limit.allow_depts !== undefined) {
    out.allow_depts = limitRefs(limit.allow_depts, ctx.depts, [...path, 'allow_depts'], ctx);
  }
  if (limit.allow_roles !== undefined) {
    out.allow_roles = limitRefs(limit.allow_roles, ctx.roles, [...path, 'allow_roles'], ctx);
  }
  return out;
}

function checkDisplayForm(keys: readonly string[], custom: ReadonlySet<string>, path: PathSegment[], ctx: Context): void {
  keys.forEach((key, i) => {
    if (!custom.has(key) && !BUILTIN_FIELD_KEYS.includes(key)) {
      ctx.issues.add([...path, i], `unknown field "${key}" (neither a custom field of this workflow nor a built-in)`);
    }
  });
}

/**
 * Check what SLA escalations name: users to reassign to or add as watchers, and transitions (a state's escalation
 * takes one out of its state; the ticket clock's, one out of any state, whichever the ticket is in when it fires).
 * Roles and depts are resolved with the states and the workflow (resolveSlaRefs).
 */
function checkEscalations(
  wf: WorkflowInput,
  states: readonly Parsed<StateInput>[],
  transitions: readonly PlanTransition[],
  path: PathSegment[],
  ctx: Context,
): void {
  const lists: [escalations: Escalation[], at: PathSegment[], from: string | null][] = [[wf.sla?.escalations ?? [], [...path, 'sla', 'escalations'], null]];
  for (const { input, path: at } of states) if (input?.sla) lists.push([input.sla.escalations, [...at, 'sla', 'escalations'], input.name]);
  for (const [escalations, at, from] of lists) {
    escalations.forEach((e, j) => {
      if (e.reassign) ctx.users.check(e.reassign, [...at, j, 'reassign']);
      if (e.add_watcher) ctx.users.check(e.add_watcher, [...at, j, 'add_watcher']);
      if (e.transition && !transitions.some((t) => t.name === e.transition && (from === null || t.from === from))) {
        ctx.issues.add([...at, j, 'transition'], `no transition "${e.transition}"${from === null ? ' in this workflow' : ` out of state "${from}"`}`);
      }
    });
  }
}

/** The uniqueness rule names `creator` or a custom field of the workflow. */
function checkOneOpenPer(per: string, custom: ReadonlySet<string>, path: PathSegment[], ctx: Context): void {
  if (per && per !== 'creator' && !custom.has(per)) {
    ctx.issues.add(path, `unknown field "${per}" (expected creator, a custom field key of this workflow, or empty for no rule)`);
  }
}

/** Check one workflow and everything in it; children are checked even when the workflow's own keys are bad. */
export function checkWorkflow(item: Parsed<WorkflowInput>, ctx: Context): PlanWorkflow | undefined {
  const { input: wf, path } = item;
  const children = <T extends z.ZodType>(key: string, schema: T) => {
    const value = item.raw[key];
    return parseEach(schema, Array.isArray(value) ? value : [], [...path, key], ctx.issues);
  };
  const fieldItems = children('custom_fields', fieldSchema);
  const fields = checkFields(fieldItems, ctx);
  const name = rawString(item, 'name') ?? '';
  const scope: WorkflowScope = {
    name,
    dbId: rawId(item) ?? ctx.workflows.knownId(name),
    customKeys: new Set(fieldItems.flatMap((f) => rawString(f, 'key') ?? [])),
    states: children('states', stateSchema),
  };
  const states = checkStates(scope, ctx);
  const transitions = checkTransitions(scope, children('transitions', transitionSchema), ctx);
  const notices = checkNotices(children('notices', noticeSchema), ctx);
  if (states.length === scope.states.length) {
    const nodes = states.map((s, i) => ({ name: s.name, typeId: s.typeId, path: [...path, 'states', i] }));
    checkStateTypes(nodes, path, ctx.issues);
    if (transitions.complete && new Set(nodes.map((s) => s.name)).size === nodes.length) {
      const edges = transitions.plan.map((t) => ({ from: t.from, to: [t.to, ...t.conditions.map((c) => c.to)] }));
      // A countersign policy's to_state is a way out of its state too.
      for (const s of states) {
        const rule = s.countersign?.onDisagreement;
        if (rule?.rule === 'to_state' && rule.state) edges.push({ from: s.name, to: [rule.state] });
      }
      checkReachability(nodes, edges, ctx.issues);
    }
  }
  if (!wf) return undefined;
  if (wf.admins) ctx.users.checkList(wf.admins, [...path, 'admins']);
  checkDisplayForm(wf.display_form, scope.customKeys, [...path, 'display_form'], ctx);
  checkEscalations(wf, scope.states, transitions.plan, path, ctx);
  checkOneOpenPer(wf.one_open_per, scope.customKeys, [...path, 'one_open_per'], ctx);
  return {
    path: formatPath(path),
    id: wf.id,
    name: wf.name,
    description: wf.description,
    viewPermissionCheck: wf.view_permission_check,
    limitExpression: checkLimit(wf.limit_expression, [...path, 'limit_expression'], ctx),
    displayForm: wf.display_form,
    titleTemplate: wf.title_template,
    contentTemplate: wf.content_template,
    oneOpenPer: wf.one_open_per,
    admins: wf.admins,
    fields,
    states,
    transitions: transitions.plan,
    notices,
    sla: wf.sla ? resolveSlaRefs(wf.sla, [...path, 'sla', 'escalations'], ctx) : null,
  };
}
