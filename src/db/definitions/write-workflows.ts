import type { CountersignPolicy } from '../../domain/countersign';
import type { Escalation } from '../../domain/sla/schema';
import type { DefinitionPlan, PlanCountersign, PlanLimit, PlanWorkflow, Ref } from '../../domain/definitions';
import { BaseRow, CustomField, Notice, State, Transition, Workflow, WorkflowAdmin, type LimitExpression } from '../entities';
import { mapSlaRefs } from '../../domain/sla/rules';
import { encodeParticipant } from './participant';
import { groupRows, resolveRef, RowMatcher, type ImportKind, type WriteContext } from './rows';
import type { WrittenIds } from './write-org';

type Child = BaseRow & { workflowId: number };

function encodeLimit(limit: PlanLimit, ids: WrittenIds): LimitExpression {
  const out: LimitExpression = {};
  if (limit.period !== undefined) out.period = limit.period;
  if (limit.count !== undefined) out.count = limit.count;
  if (limit.level !== undefined) out.level = limit.level;
  if (limit.allow_persons) out.allow_persons = limit.allow_persons;
  if (limit.allow_depts) out.allow_depts = limit.allow_depts.map((ref) => resolveRef(ref, ids.depts));
  if (limit.allow_roles) out.allow_roles = limit.allow_roles.map((ref) => resolveRef(ref, ids.roles));
  return out;
}

/** The stored SLA: the roles and depts its escalations name, by id (a name is a row this import wrote). */
function encodeSla<S extends { escalations: Escalation[] }>(sla: S | null, ids: WrittenIds): S | null {
  if (!sla) return null;
  return mapSlaRefs(sla, (kind, ref) => (typeof ref === 'number' ? ref : resolveRef({ name: ref }, kind === 'role' ? ids.roles : ids.depts)));
}

/** The stored policy: its to_state by id (0 while that state is not written yet). */
function encodeCountersign(policy: PlanCountersign | null, stateId: (name: string) => number | undefined): CountersignPolicy | null {
  if (!policy) return null;
  const rule = policy.onDisagreement;
  return { ...policy, onDisagreement: rule.rule === 'to_state' ? { rule: 'to_state', stateId: stateId(rule.state) ?? 0 } : rule };
}

function matcher<R extends Child>(rows: readonly R[], plan: DefinitionPlan, pick: (w: PlanWorkflow) => { id?: number }[]) {
  const m = new RowMatcher(rows);
  for (const w of plan.workflows) m.pin(pick(w).map((c) => c.id));
  return m;
}

function scoped<R extends Child>(rows: readonly R[], workflowId: number, key: (row: R) => string) {
  return groupRows(
    rows.filter((r) => r.workflowId === workflowId),
    key,
  );
}

function removeUnlisted<R extends Child>(ctx: WriteContext, kind: ImportKind, rows: readonly R[], m: RowMatcher<R>, workflowIds: ReadonlySet<number>): void {
  for (const row of rows) {
    if (workflowIds.has(row.workflowId) && !row.isDeleted && !m.taken(row)) {
      row.isDeleted = true;
      ctx.count(kind, 'removed');
    }
  }
}

function writeChildren(ctx: WriteContext, w: PlanWorkflow, workflowId: number, ids: WrittenIds, m: Matchers): State[] {
  const { existing } = ctx;
  const fields = scoped(existing.fields, workflowId, (f) => f.fieldKey);
  for (const f of w.fields) {
    ctx.upsert(
      'customFields',
      CustomField,
      m.fields.match(f.id, fields.get(f.key)),
      {
        workflowId,
        fieldKey: f.key,
        fieldName: f.name,
        fieldTypeId: f.typeId,
        orderId: f.orderId,
        defaultValue: f.defaultValue,
        description: f.description,
        placeholder: f.placeholder,
        fieldTemplate: f.template,
        booleanFieldDisplay: f.booleanDisplay,
        fieldChoice: f.choices,
        label: f.label,
      },
      f.id,
    );
  }
  const notices = scoped(existing.notices, workflowId, (n) => n.name);
  for (const n of w.notices) {
    ctx.upsert(
      'notices',
      Notice,
      m.notices.match(n.id, notices.get(n.name)),
      {
        workflowId,
        name: n.name,
        url: n.url,
        token: n.token,
      },
      n.id,
    );
  }
  const refs = { dept: (ref: Ref) => resolveRef(ref, ids.depts), role: (ref: Ref) => resolveRef(ref, ids.roles) };
  const states = scoped(existing.states, workflowId, (s) => s.name);
  return w.states.map((s) =>
    ctx.upsert(
      'states',
      State,
      m.states.match(s.id, states.get(s.name)),
      {
        workflowId,
        name: s.name,
        typeId: s.typeId,
        orderId: s.orderId,
        isHidden: s.isHidden,
        ...encodeParticipant(s.participant, refs),
        distributeTypeId: s.distributeTypeId,
        fields: s.fields,
        enableRetreat: s.enableRetreat,
        rememberLastMan: s.rememberLastMan,
        countersign: encodeCountersign(s.countersign, (name) => states.get(name)?.[0]?.id),
        label: s.label,
        sla: encodeSla(s.sla, ids),
      },
      s.id,
    ),
  );
}

function writeTransitions(ctx: WriteContext, w: PlanWorkflow, workflowId: number, states: State[], m: Matchers): void {
  const stateId = new Map(w.states.map((s, i) => [s.name, states[i]!.id]));
  const id = (name: string) => resolveRef({ name }, stateId);
  // A policy's to_state may name a state created by this import: its id is known now.
  w.states.forEach((s, i) => {
    if (s.countersign?.onDisagreement.rule === 'to_state') states[i]!.countersign = encodeCountersign(s.countersign, id);
  });
  const existing = scoped(ctx.existing.transitions, workflowId, (t) => `${t.name}\n${t.sourceStateId}`);
  for (const t of w.transitions) {
    const sourceStateId = id(t.from);
    ctx.upsert(
      'transitions',
      Transition,
      m.transitions.match(t.id, existing.get(`${t.name}\n${sourceStateId}`)),
      {
        workflowId,
        name: t.name,
        typeId: t.typeId,
        timer: t.timer,
        sourceStateId,
        destinationStateId: id(t.to),
        conditions: t.conditions.map((c) => ({ expression: c.expression, target_state_id: id(c.to) })),
        attributeTypeId: t.attributeTypeId,
        fieldRequireCheck: t.fieldRequireCheck,
        alertEnable: t.alertEnable,
        alertText: t.alertText,
      },
      t.id,
    );
  }
}

interface Matchers {
  fields: RowMatcher<CustomField>;
  notices: RowMatcher<Notice>;
  states: RowMatcher<State>;
  transitions: RowMatcher<Transition>;
}

/** Workflows with admins, fields, notices, states and transitions; children the file no longer lists are soft-deleted. */
export async function writeWorkflows(ctx: WriteContext, plan: DefinitionPlan, matches: (Workflow | undefined)[], ids: WrittenIds): Promise<void> {
  const { existing } = ctx;
  const rows = plan.workflows.map((w, i) =>
    ctx.upsert(
      'workflows',
      Workflow,
      matches[i],
      {
        name: w.name,
        description: w.description,
        viewPermissionCheck: w.viewPermissionCheck,
        limitExpression: encodeLimit(w.limitExpression, ids),
        displayForm: w.displayForm,
        titleTemplate: w.titleTemplate,
        contentTemplate: w.contentTemplate,
        sla: encodeSla(w.sla, ids),
        oneOpenPer: w.oneOpenPer,
      },
      w.id,
    ),
  );
  await ctx.flush();
  rows.forEach((row, i) => {
    ids.workflows.set(plan.workflows[i]!.name, row.id);
  });
  plan.workflows.forEach((w, i) => {
    if (!w.admins) return;
    const workflowId = rows[i]!.id;
    const current = existing.admins.filter((a) => a.workflowId === workflowId);
    ctx.sync(
      'workflowAdmins',
      current,
      w.admins,
      (a) => a.username,
      (username) => ({ workflowId, username }),
      WorkflowAdmin,
    );
  });
  const m: Matchers = {
    fields: matcher(existing.fields, plan, (w) => w.fields),
    notices: matcher(existing.notices, plan, (w) => w.notices),
    states: matcher(existing.states, plan, (w) => w.states),
    transitions: matcher(existing.transitions, plan, (w) => w.transitions),
  };
  const states = plan.workflows.map((w, i) => writeChildren(ctx, w, rows[i]!.id, ids, m));
  await ctx.flush();
  plan.workflows.forEach((w, i) => {
    writeTransitions(ctx, w, rows[i]!.id, states[i]!, m);
  });
  const workflowIds = new Set(rows.map((r) => r.id));
  removeUnlisted(ctx, 'customFields', existing.fields, m.fields, workflowIds);
  removeUnlisted(ctx, 'notices', existing.notices, m.notices, workflowIds);
  removeUnlisted(ctx, 'states', existing.states, m.states, workflowIds);
  removeUnlisted(ctx, 'transitions', existing.transitions, m.transitions, workflowIds);
}
