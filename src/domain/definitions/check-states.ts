import { BUILTIN_FIELD_KEYS, Distribute, RESERVED_FIELD_KEYS, TransitionType } from '../constants';
import { ExpressionError, expressionKeys, parseExpression } from '../expression';
import { formatPath, type PathSegment } from './errors';
import { resolveParticipant } from './participant';
import { resolveSlaRefs } from './check-sla';
import type { PlanCountersign, PlanState, PlanTransition } from './plan';
import { UniqueTracker, type Context } from './refs';
import { rawId, rawString, type Parsed } from './schema-common';
import type { StateInput, TransitionInput } from './schema-workflow';

const BUILTINS: ReadonlySet<string> = new Set(BUILTIN_FIELD_KEYS);
const BASE_KEYS: ReadonlySet<string> = new Set(RESERVED_FIELD_KEYS);

/** The workflow a transition belongs to, as far as state references need it. */
export interface WorkflowScope {
  name: string;
  /** The workflow's id in the database (pinned, or of the existing row with its name). */
  dbId?: number;
  customKeys: ReadonlySet<string>;
  states: readonly Parsed<StateInput>[];
}

/** Resolves state references of one workflow to state names. */
class StateResolver {
  private readonly names = new Map<string, number | undefined>();
  private readonly byId = new Map<number, string>();

  constructor(
    private readonly scope: WorkflowScope,
    private readonly ctx: Context,
  ) {
    for (const state of scope.states) {
      const name = rawString(state, 'name');
      const id = rawId(state);
      if (name === undefined) continue;
      if (!this.names.has(name)) this.names.set(name, id);
      if (id !== undefined) this.byId.set(id, name);
    }
  }

  resolve(ref: number | string, path: readonly PathSegment[]): string | undefined {
    const name = typeof ref === 'number' ? (this.byId.get(ref) ?? this.knownName(ref)) : this.names.has(ref) ? ref : undefined;
    if (name !== undefined) return name;
    this.ctx.issues.add(path, this.unknown(ref));
    return undefined;
  }

  private knownName(id: number): string | undefined {
    const row = this.ctx.known?.states.get(id);
    if (!row || row.workflowId !== this.scope.dbId) return undefined;
    return this.names.has(row.name) && this.names.get(row.name) === undefined ? row.name : undefined;
  }

  private unknown(ref: number | string): string {
    const { stateOwners } = this.ctx;
    if (typeof ref === 'string') {
      const owners = stateOwners.byName.get(ref)?.filter((w) => w !== this.scope.name) ?? [];
      return owners.length ? `unknown state "${ref}": it is a state of workflow "${owners[0]}", not of "${this.scope.name}"` : `unknown state "${ref}"`;
    }
    const owner = stateOwners.byId.get(ref);
    if (owner !== undefined && owner !== this.scope.name) {
      return `state ${ref} belongs to workflow "${owner}", not to "${this.scope.name}"`;
    }
    const row = this.ctx.known?.states.get(ref);
    if (row && row.workflowId !== this.scope.dbId) {
      return `state ${ref} belongs to workflow ${row.workflowId} in the database, not to "${this.scope.name}"`;
    }
    return `unknown state ${ref}`;
  }
}

/** A countersign policy: only on a distribute-all state, a quorum its users can reach, a to_state of this workflow. */
function checkCountersign(s: StateInput, at: readonly PathSegment[], states: StateResolver, ctx: Context): PlanCountersign | null {
  const c = s.countersign;
  if (!c) return null;
  const path = [...at, 'countersign'];
  if (s.distribute !== Distribute.ALL) {
    ctx.issues.add(path, 'a countersign policy needs distribute: all (only then do several handlers vote)');
    return null;
  }
  const users = s.participant.type === 'users' ? s.participant.value.length : s.participant.type === 'user' ? 1 : undefined;
  if (c.min !== undefined && users !== undefined && c.min > users)
    ctx.issues.add([...path, 'min'], `quorum min ${c.min} is larger than the ${users} user(s) of the state's participant`);
  const rule = c.on_disagreement;
  const onDisagreement: PlanCountersign['onDisagreement'] =
    typeof rule === 'string' ? { rule } : { rule: 'to_state', state: states.resolve(rule.to_state, [...path, 'on_disagreement', 'to_state']) ?? '' };
  const policy: PlanCountersign = {
    mode: c.mode,
    ...(c.min !== undefined && { min: c.min }),
    ...(c.percent !== undefined && { percent: c.percent }),
    veto: c.veto,
    onDisagreement,
  };
  return c.mode === 'all' && !c.veto && onDisagreement.rule === 'revote' ? null : policy;
}

/** Check states: unique names and ids, field attributes of known keys, participants, countersign policies. */
export function checkStates(scope: WorkflowScope, ctx: Context): PlanState[] {
  const names = new UniqueTracker<string>('state name', ctx.issues);
  const states = new StateResolver(scope, ctx);
  return scope.states.flatMap(({ input: s, path: at }) => {
    if (!s) return [];
    if (s.id !== undefined) ctx.stateIds.claim(s.id, [...at, 'id']);
    names.claim(s.name, [...at, 'name']);
    for (const key of Object.keys(s.fields)) {
      if (!scope.customKeys.has(key) && !BUILTINS.has(key)) {
        ctx.issues.add([...at, 'fields', key], `unknown field "${key}" (neither a custom field of this workflow nor a built-in)`);
      }
    }
    return [
      {
        path: formatPath(at),
        id: s.id,
        name: s.name,
        typeId: s.type,
        orderId: s.order,
        isHidden: s.hidden,
        participant: resolveParticipant(s.participant, [...at, 'participant'], ctx, scope.customKeys),
        distributeTypeId: s.distribute,
        fields: s.fields,
        enableRetreat: s.enable_retreat,
        rememberLastMan: s.remember_last_man,
        countersign: checkCountersign(s, at, states, ctx),
        label: s.label,
        sla: s.sla ? resolveSlaRefs(s.sla, [...at, 'sla', 'escalations'], ctx) : null,
      },
    ];
  });
}

function checkExpression(source: string, scope: WorkflowScope, path: readonly PathSegment[], ctx: Context): void {
  try {
    for (const key of expressionKeys(parseExpression(source))) {
      if (!scope.customKeys.has(key) && !BASE_KEYS.has(key)) {
        ctx.issues.add(path, `unknown field "{${key}}" (neither a custom field of this workflow nor a base key)`);
      }
    }
  } catch (error) {
    if (!(error instanceof ExpressionError)) throw error;
    ctx.issues.add(path, `invalid expression: ${error.message}`);
  }
}

/** Check transitions: states of this workflow, unique name per source state, parseable conditions. */
export function checkTransitions(
  scope: WorkflowScope,
  transitions: readonly Parsed<TransitionInput>[],
  ctx: Context,
): { plan: PlanTransition[]; complete: boolean } {
  const states = new StateResolver(scope, ctx);
  const keys = new UniqueTracker<string>('transition', ctx.issues);
  let complete = true;
  const plan = transitions.flatMap(({ input: t, path: at }): PlanTransition[] => {
    if (!t) {
      complete = false;
      return [];
    }
    if (t.id !== undefined) ctx.transitionIds.claim(t.id, [...at, 'id']);
    const from = states.resolve(t.from, [...at, 'from']);
    const to = states.resolve(t.to, [...at, 'to']);
    if (from !== undefined) keys.claim(`${t.name}\n${from}`, [...at, 'name'], `"${t.name}" from state "${from}"`);
    const conditions = t.conditions.map((c, j) => {
      checkExpression(c.expression, scope, [...at, 'conditions', j, 'expression'], ctx);
      const target = states.resolve(c.to, [...at, 'conditions', j, 'to']);
      if (target === undefined) complete = false;
      return { expression: c.expression, to: target ?? '' };
    });
    if (from === undefined || to === undefined) complete = false;
    return [
      {
        path: formatPath(at),
        id: t.id,
        name: t.name,
        from: from ?? '',
        to: to ?? '',
        typeId: t.timer === undefined ? TransitionType.NORMAL : TransitionType.TIMER,
        timer: t.timer ?? 0,
        conditions,
        attributeTypeId: t.attribute,
        fieldRequireCheck: t.field_require_check,
        alertEnable: t.alert !== undefined,
        alertText: t.alert ?? '',
      },
    ];
  });
  return { plan, complete };
}
