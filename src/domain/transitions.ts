import { ActState, Attribute, StateType } from './constants';
import { refuse, RefusalReason } from './machine/refusal';
import { evaluateExpression, ExpressionError, expressionKeys, isTruthy, parseExpression, type Expr } from './expression';

/** The part of a transition the rules read. */
export interface TransitionDef {
  id: number;
  name: string;
  sourceStateId: number;
  destinationStateId: number;
  attributeTypeId: number;
  conditions: { expression: string; target_state_id: number }[];
}

const parsed = new Map<string, Expr>();

function compile(source: string): Expr {
  let expr = parsed.get(source);
  if (!expr) {
    expr = parseExpression(source);
    if (parsed.size > 10_000) parsed.clear();
    parsed.set(source, expr);
  }
  return expr;
}

/** One condition as it was tried: the placeholders' values it saw, and whether it held (error: it could not be evaluated). */
export interface ConditionStep {
  index: number;
  expression: string;
  targetStateId: number;
  values: Record<string, unknown>;
  result: boolean;
  error?: string;
}

/**
 * The destination of a transition given the ticket's values: the first true condition, else the default
 * (docs/engine.md). `onRule` hears each condition tried, in order.
 */
export function chooseDestination(transition: TransitionDef, values: Readonly<Record<string, unknown>>, onRule?: (step: ConditionStep) => void): number {
  for (const [i, rule] of transition.conditions.entries()) {
    const step = { index: i + 1, expression: rule.expression, targetStateId: rule.target_state_id, values: {} };
    try {
      const expr = compile(rule.expression);
      step.values = seen(expr, values);
      const result = isTruthy(evaluateExpression(expr, values));
      onRule?.({ ...step, result });
      if (result) return rule.target_state_id;
    } catch (err) {
      if (err instanceof ExpressionError) {
        onRule?.({ ...step, result: false, error: err.message });
        refuse(RefusalReason.CONDITION_FAILED, `transition "${transition.name}" condition ${i + 1} (${rule.expression}): ${err.message}`, {
          transitionId: transition.id,
        });
      }
      throw err;
    }
  }
  return transition.destinationStateId;
}

/** The values an expression's placeholders stand for (absent keys left out). */
function seen(expr: Expr, values: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return Object.fromEntries(
    expressionKeys(expr)
      .filter((k) => k in values)
      .map((k) => [k, values[k]]),
  );
}

/**
 * act_state of a ticket entering a state of the given type: finished at the end, a draft at the start, else
 * ongoing. A new ticket takes it from its first state alone: a refuse attribute does not apply on create, so a
 * "save draft" transition from the start back to it yields a draft whatever its attribute.
 */
export function actStateEntering(destinationTypeId: number): number {
  if (destinationTypeId === StateType.END) return ActState.FINISHED;
  if (destinationTypeId === StateType.START) return ActState.DRAFT;
  return ActState.ONGOING;
}

/** act_state after handling a ticket through a transition: a refuse attribute overrides the state's, even an end state's. */
export function actStateAfter(destinationTypeId: number, attributeTypeId: number): number {
  return attributeTypeId === Attribute.REFUSE ? ActState.REFUSED : actStateEntering(destinationTypeId);
}

/** act_state after an intervention moved the ticket: end → closed, start → draft, else ongoing (docs/engine.md). */
export function actStateAfterIntervention(destinationTypeId: number): number {
  if (destinationTypeId === StateType.END) return ActState.CLOSED;
  if (destinationTypeId === StateType.START) return ActState.DRAFT;
  return ActState.ONGOING;
}

/** Whether a ticket has ended (finished or closed). */
export function isEnded(actStateId: number): boolean {
  return actStateId === ActState.FINISHED || actStateId === ActState.CLOSED;
}

const TRUNCATE_SUFFIX = '...(be truncated because More than 10000)';

/** Cap a suggestion at 10000 characters (docs/engine.md). */
export function capSuggestion(text: string): string {
  return text.length <= 10_000 ? text : text.slice(0, 10_000 - TRUNCATE_SUFFIX.length) + TRUNCATE_SUFFIX;
}
