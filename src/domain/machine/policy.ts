import { Distribute, StateType } from '../constants';
import { canManage, canView, type AppGrants } from '../permissions';
import { isEnded } from '../transitions';
import { votedAndWaiting } from '../countersign';
import type { Actor, ActionKind, MachineDefinition, TicketAction, TicketRecord } from './model';
import { Refusal, RefusalReason as R, staleRefusal } from './refusal';

/** What the policy looks at besides the actor: the ticket, its current handlers and its workflow. */
export interface PolicySubject {
  ticket: Pick<TicketRecord, 'stateId' | 'creator' | 'relation' | 'participantTypeId' | 'inAddNode' | 'actStateId' | 'multiAllPerson'>;
  handlers: readonly string[];
  definition: MachineDefinition;
}

/** A rule answers null (allowed) or the refusal. */
type Rule = (actor: Actor, subject: PolicySubject, action?: TicketAction) => Refusal | null;

/** May the app use the workflow at all? */
export function appAllows(app: AppGrants, workflowId: number): boolean {
  return app.allWorkflows || app.workflowIds.includes(workflowId);
}

/** The refusal of a ticket of a workflow the app is not granted. */
export function appRefusal(app: AppGrants, workflowId: number): Refusal | null {
  return appAllows(app, workflowId) ? null : new Refusal(R.APP_NOT_ALLOWED, 'the app has no permission to the workflow_id', { workflowId });
}

/** The refusal of any action on the ticket before its rules are read: the app's scope, then the version the caller saw. */
export function ticketRefusal(app: AppGrants, ticket: Pick<TicketRecord, 'workflowId' | 'version'>, expectedVersion?: number | null): Refusal | null {
  const scope = appRefusal(app, ticket.workflowId);
  if (scope) return scope;
  return expectedVersion != null && expectedVersion !== ticket.version ? staleRefusal(expectedVersion, ticket.version) : null;
}

/** Superusers, the workflow's creator and its admins manage its tickets. */
export function isManager(actor: Actor, definition: MachineDefinition): boolean {
  if (!actor.user) return false;
  return canManage({
    isAdmin: actor.user.isAdmin,
    username: actor.username,
    workflowCreator: definition.workflow.creator,
    workflowAdmins: [...definition.admins],
  });
}

function hasOutgoing(subject: PolicySubject): boolean {
  return subject.definition.transitions.some((t) => t.sourceStateId === subject.ticket.stateId);
}

/** Is the actor one of the ticket's current handlers, in a state that waits for someone? (No refusal is built: reads ask this on every request.) */
export function isHandler(actor: Actor, subject: PolicySubject): boolean {
  return hasOutgoing(subject) && subject.handlers.includes(actor.username);
}

/** The current handler may act; a countersign voter who already voted waits for the others. */
const handler: Rule = (actor, subject) => {
  if (isHandler(actor, subject)) return null;
  if (!hasOutgoing(subject)) {
    if (isEnded(subject.ticket.actStateId)) return new Refusal(R.TICKET_CLOSED, 'the ticket has ended: nobody acts on it any more');
    return new Refusal(R.NO_ACTION_NEEDED, 'the ticket waits for no action in its current state');
  }
  const pending = votedAndWaiting(subject.ticket.multiAllPerson, actor.username);
  if (pending) {
    return new Refusal(R.WAITING_FOR_OTHERS, `${actor.username} already voted; waiting for ${pending.join(', ')} (the countersign round is still open)`, {
      pending,
      participantTypeId: subject.ticket.participantTypeId,
    });
  }
  return new Refusal(R.NOT_A_HANDLER, `${actor.username || 'the caller'} is not a current handler of this ticket`, {
    participantTypeId: subject.ticket.participantTypeId,
  });
};

/** No acting user was named (the `username` header, or the user of a token). */
export function usernameRequired(action: ActionKind): Refusal {
  return new Refusal(R.USERNAME_REQUIRED, 'username is required (send the username header)', { action });
}

/** Several handlers of an accept-first state must accept before they act. */
export function mustAccept(subject: PolicySubject): boolean {
  const state = subject.definition.states.get(subject.ticket.stateId);
  return subject.handlers.length > 1 && state?.distributeTypeId === Distribute.ACCEPT;
}

/** A handler who may move the ticket now: accepted, and not waiting for an added node. */
const mover: Rule = (actor, subject) =>
  (actor.username ? null : usernameRequired('handle')) ??
  handler(actor, subject) ??
  (mustAccept(subject) ? new Refusal(R.NEEDS_ACCEPT, 'several users may handle this ticket: accept it before handling it') : null) ??
  (subject.ticket.inAddNode ? new Refusal(R.IN_ADD_NODE, 'the ticket waits for an added handler: only finishing the add-node is allowed') : null);

/** The refusal of a workflow-management action (superusers, the workflow's creator and admins only), or null. */
export function managerRefusal(actor: Actor, definition: MachineDefinition): Refusal | null {
  if (actor.system) return null;
  if (!actor.user) return new Refusal(R.UNKNOWN_USER, `username: ${actor.username} is not existed or has been deleted`);
  return isManager(actor, definition) ? null : new Refusal(R.NOT_A_MANAGER, 'user has no permission to manage this ticket');
}

const manager: Rule = (actor, subject) => managerRefusal(actor, subject.definition);

/** Handlers, managers, and whoever the view rule lets in (anyone, when the workflow does not check). */
const reader: Rule = (actor, subject) => {
  if (!actor.username) return usernameRequired('view');
  if (isHandler(actor, subject) || isManager(actor, subject.definition)) return null;
  if (!subject.definition.workflow.viewPermissionCheck) return null;
  if (!actor.user) return new Refusal(R.UNKNOWN_USER, 'user is not existed or has been deleted');
  if (canView(true, actor.user.isAdmin, actor.username, subject.ticket)) return null;
  return new Refusal(R.NOT_A_READER, 'user is not relation about this ticket and the workflow open view permission check');
};

/** The note on a refusal of an action that workflow managers may take as well as the handler. */
export const MANAGERS_TOO = 'only the current handler or a workflow admin may do this';

const handlerOrManager: Rule = (actor, subject) => {
  if (isManager(actor, subject.definition)) return null;
  const refusal = handler(actor, subject);
  return refusal && new Refusal(refusal.reason, `${refusal.message} (${MANAGERS_TOO})`, { ...refusal.detail, managersToo: true });
};

/** In strict mode the rule applies; otherwise anyone the app reaches may. */
const strictly =
  (rule: Rule): Rule =>
  (actor, subject, action) =>
    actor.strict ? rule(actor, subject, action) : null;

const anyone: Rule = () => null;

const creatorInStartOrManager: Rule = (actor, subject) => {
  const inStart = subject.definition.states.get(subject.ticket.stateId)?.typeId === StateType.START;
  return inStart && subject.ticket.creator === actor.username ? null : manager(actor, subject);
};

const creatorWhereRetreatAllowed: Rule = (actor, subject) => {
  if (subject.ticket.creator !== actor.username) return new Refusal(R.NOT_THE_CREATOR, 'only the creator may retreat a ticket');
  if (!subject.definition.states.get(subject.ticket.stateId)?.enableRetreat)
    return new Refusal(R.RETREAT_NOT_ALLOWED, 'the current state does not allow retreat');
  return null;
};

const acceptor: Rule = (actor, subject) =>
  handler(actor, subject) ?? (mustAccept(subject) ? null : new Refusal(R.NOTHING_TO_ACCEPT, 'only one user handles this ticket: there is nothing to accept'));

const inAddNode: Rule = (actor, subject) =>
  handler(actor, subject) ?? (subject.ticket.inAddNode ? null : new Refusal(R.NOT_IN_ADD_NODE, 'the ticket is not in add-node mode, nothing to finish'));

const deliverer: Rule = (actor, subject, action) => (action?.kind === 'deliver' && action.fromAdmin ? manager : handler)(actor, subject);

/**
 * Who may do what to a ticket, one row per action (docs/permissions.md). The system (timers, hooks,
 * scripts, sub-tickets) passes every row; the app scope is checked when the ticket is loaded.
 */
export const POLICY: Record<Exclude<ActionKind, 'create'>, Rule> = {
  view: reader,
  handle: mover,
  accept: acceptor,
  deliver: deliverer,
  addNode: handler,
  deliverToGroup: manager,
  addWatcher: manager,
  addNodeEnd: inAddNode,
  changeState: manager,
  close: creatorInStartOrManager,
  retreat: creatorWhereRetreatAllowed,
  delete: manager,
  comment: strictly(reader),
  updateFields: strictly(handlerOrManager),
  retryAutomation: strictly(handlerOrManager),
  recordAutomation: anyone,
};

/**
 * Only a person who exists acts on tickets: an unknown name, or a deleted user's (it may still be stored as a
 * handler), is refused before any rule; reads have their own rule.
 */
function liveActorRefusal(actor: Actor, kind: ActionKind): Refusal | null {
  if (actor.system || kind === 'view' || !actor.username || actor.user) return null;
  return new Refusal(R.UNKNOWN_USER, `username: ${actor.username} is not existed or has been deleted (only existing users act on tickets)`);
}

/** The refusal of an action by the actor, or null when it is allowed. */
export function authorize(actor: Actor, kind: Exclude<ActionKind, 'create'>, subject: PolicySubject, action?: TicketAction): Refusal | null {
  if (actor.system) return null;
  return liveActorRefusal(actor, kind) ?? POLICY[kind](actor, subject, action);
}

/** Fail with the refusal unless the actor may. */
export function requireAllowed(actor: Actor, kind: Exclude<ActionKind, 'create'>, subject: PolicySubject, action?: TicketAction): void {
  const refusal = authorize(actor, kind, subject, action);
  if (refusal) throw refusal;
}

/** May the actor start a ticket of this workflow? (The creation limits are checked with their counts, see limits.) */
export function authorizeCreate(actor: Actor, workflowId: number): Refusal | null {
  if (!actor.username) return usernameRequired('create');
  const unknown = liveActorRefusal(actor, 'create');
  if (unknown) return unknown;
  if (!appAllows(actor.app, workflowId))
    return new Refusal(R.APP_NOT_ALLOWED, `APP:${actor.app.name} have no permission to create this workflow ticket`, { workflowId });
  return null;
}
