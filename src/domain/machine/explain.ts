import { decide } from './decide';
import type { Actor, MachineDefinition, MachinePorts, TicketAction, TicketSnapshot } from './model';
import { authorize, type PolicySubject } from './policy';
import type { Refusal } from './refusal';

/** The actions the explain view lists, besides one handle per transition. */
export type ExplainedKind = 'handle' | 'accept' | 'deliver' | 'addNode' | 'addNodeEnd' | 'close' | 'retreat' | 'comment' | 'changeState' | 'delete';

/** An action on the ticket as the acting user stands now: available (refusal null) or why not. */
export interface ExplainedAction {
  kind: ExplainedKind;
  /** The transition of a handle; null for the other actions. */
  transitionId: number | null;
  /** The button text: the transition's name, or loonflow's word for the action. */
  name: string;
  refusal: Refusal | null;
}

type Probe = { kind: ExplainedKind; name: string; transitionId: number | null } & (
  | { decides: TicketAction }
  | { asks: (actor: Actor, subject: PolicySubject) => Refusal | null }
);

/** The action with nothing left for the caller to choose is decided in full, as the mutation would. */
const decided = (kind: ExplainedKind, name: string, action: TicketAction): Probe => ({ kind, name, transitionId: null, decides: action });

/** An action that still needs the caller's input (a target user, a state, a comment) asks only the policy row, who may. */
const asked = (kind: ExplainedKind, name: string, ...variants: TicketAction[]): Probe => ({
  kind,
  name,
  transitionId: null,
  asks: (actor, subject) => {
    const refusals = variants.map((a) => authorize(actor, a.kind, subject, a));
    return refusals.includes(null) ? null : refusals[0];
  },
});

const INTERVENTIONS: Probe[] = [
  decided('accept', '接单', { kind: 'accept', suggestion: '' }),
  decided('addNodeEnd', '完成', { kind: 'addNodeEnd', suggestion: '' }),
  // A handler delivers; a manager may deliver as admin: either makes the action available.
  asked('deliver', '转交', { kind: 'deliver', target: '', fromAdmin: false, suggestion: '' }, { kind: 'deliver', target: '', fromAdmin: true, suggestion: '' }),
  asked('addNode', '加签', { kind: 'addNode', target: '', suggestion: '' }),
  decided('close', '关闭', { kind: 'close', suggestion: '' }),
  decided('retreat', '撤回', { kind: 'retreat', suggestion: '' }),
  asked('comment', '评论', { kind: 'comment', suggestion: '' }),
  asked('changeState', '修改状态', { kind: 'changeState', stateId: 0, suggestion: '' }),
  decided('delete', '删除', { kind: 'delete', suggestion: '' }),
];

/**
 * Every action of the ticket's current state for the actor, each with the refusal the real action would meet
 * now (docs/explain.md). A transition is decided by `decide` itself, with the values already stored, so a
 * handle refused here is refused there with the same reason; `blocked` (the app's scope, a stale version)
 * refuses everything.
 */
export async function explainActions(
  snapshot: TicketSnapshot,
  definition: MachineDefinition,
  actor: Actor,
  ports: MachinePorts,
  blocked: Refusal | null,
): Promise<ExplainedAction[]> {
  const handles: Probe[] = definition.transitions
    .filter((t) => t.sourceStateId === snapshot.ticket.stateId)
    .map((t) => ({ kind: 'handle', name: t.name, transitionId: t.id, decides: { kind: 'handle', transitionId: t.id, fields: {}, suggestion: '' } }));
  const subject: PolicySubject = { ticket: snapshot.ticket, handlers: snapshot.handlers, definition };
  const out: ExplainedAction[] = [];
  for (const probe of [...handles, ...INTERVENTIONS]) {
    const { kind, name, transitionId } = probe;
    out.push({ kind, name, transitionId, refusal: blocked ?? (await verdict(probe, snapshot, definition, actor, ports, subject)) });
  }
  return out;
}

async function verdict(
  probe: Probe,
  snapshot: TicketSnapshot,
  definition: MachineDefinition,
  actor: Actor,
  ports: MachinePorts,
  subject: PolicySubject,
): Promise<Refusal | null> {
  if ('asks' in probe) return probe.asks(actor, subject);
  const decision = await decide(snapshot, definition, actor, probe.decides, ports);
  return decision.allowed ? null : decision.refusal;
}
