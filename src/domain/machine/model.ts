import type { CountersignPolicy, VoteOutcome } from '../countersign';
import type { FieldDef, FieldValue, StoredValue } from '../fields';
import type { Directory, StateDef } from '../participants';
import type { AppGrants } from '../permissions';
import type { VoteEntry } from '../ticket-types';
import type { TransitionDef } from '../transitions';

/** The ticket columns the engine reads and writes (the ticket entity has this shape). */
export interface TicketRecord {
  id: number;
  workflowId: number;
  stateId: number;
  title: string;
  creator: string;
  relation: string;
  participantTypeId: number;
  participant: string;
  multiAllPerson: Record<string, VoteEntry>;
  /** Counts the ticket's entries into states: the number of its current visit. */
  visit: number;
  inAddNode: boolean;
  addNodeMan: string;
  addNodeStack: string[];
  actStateId: number;
  parentTicketId: number;
  parentTicketStateId: number;
  scriptRunLastResult: boolean;
  isDeleted: boolean;
  version: number;
  sn: string;
  createdAt: Date;
  updatedAt: Date;
}

/** The columns an action may change (the version and modification time move with every change). */
export type TicketColumns = Omit<TicketRecord, 'id' | 'workflowId' | 'version' | 'sn' | 'createdAt' | 'updatedAt'>;

/** The columns of a ticket nobody has acted on yet, whatever its state and creator: no handler, no vote, no add-node. */
export function untouchedColumns(): Pick<
  TicketColumns,
  'participantTypeId' | 'participant' | 'multiAllPerson' | 'visit' | 'inAddNode' | 'addNodeMan' | 'addNodeStack' | 'scriptRunLastResult' | 'isDeleted'
> {
  return {
    participantTypeId: 0,
    participant: '',
    multiAllPerson: {},
    visit: 1,
    inAddNode: false,
    addNodeMan: '',
    addNodeStack: [],
    scriptRunLastResult: true,
    isDeleted: false,
  };
}

/** A state as the engine reads it. */
export interface MachineState extends StateDef {
  fields: Record<string, number>;
  enableRetreat: boolean;
  rememberLastMan: boolean;
  /** How votes are counted when the state distributes to all; null: loonflow's rule. */
  countersign: CountersignPolicy | null;
}

/** A transition as the engine reads it. */
export interface MachineTransition extends TransitionDef {
  typeId: number;
  timer: number;
  fieldRequireCheck: boolean;
}

/** A workflow definition as the engine reads it (the services' WorkflowDefs has this shape). */
export interface MachineDefinition {
  workflow: { id: number; creator: string; viewPermissionCheck: boolean };
  states: ReadonlyMap<number, MachineState>;
  transitions: readonly MachineTransition[];
  fieldsByKey: ReadonlyMap<string, FieldDef>;
  fields: readonly FieldDef[];
  admins: readonly string[];
}

/** Who acts: a person named by the caller, or the system (timers, hooks, scripts, sub-tickets). */
export interface Actor {
  /** The acting user's name ('' when the caller sent none; `loonrobot` for the system). */
  username: string;
  /** The acting user's row, when the name is an existing user. */
  user: { isAdmin: boolean } | null;
  /** The workflows the calling app is granted. */
  app: AppGrants & { name: string };
  /** The system acts without the person rules (handler, required fields, votes). */
  system?: boolean;
  /** The strict permission mode (see docs/permissions.md). */
  strict: boolean;
}

/** How the system records a move it made. */
export interface SystemLog {
  /** Log participant and type: a hook logs as `hook`/10 when it moves a ticket. */
  logAs?: { participant: string; participantTypeId: number };
  /** Write no flow log (a script task logs itself). */
  skipLog?: boolean;
}

/** Every action on a ticket, with what the caller sends. */
export type TicketAction =
  | { kind: 'handle'; transitionId: number; fields: Record<string, unknown>; suggestion: string; system?: SystemLog }
  | { kind: 'accept'; suggestion: string }
  | { kind: 'deliver'; target: string; fromAdmin: boolean; suggestion: string /** A manager hands this voter's pending vote. */; voter?: string }
  | { kind: 'addNode'; target: string; suggestion: string }
  /** The ticket goes to the members of a role or dept, resolved as a state naming them would (an SLA escalation). */
  | { kind: 'deliverToGroup'; group: { participantTypeId: number; participant: string }; suggestion: string }
  /** The user joins the ticket's relation: may read it and finds it in their `relation` list, without handling it. */
  | { kind: 'addWatcher'; target: string; suggestion: string }
  | { kind: 'addNodeEnd'; suggestion: string }
  | { kind: 'changeState'; stateId: number; suggestion: string }
  | { kind: 'close'; suggestion: string }
  | { kind: 'retreat'; suggestion: string }
  | { kind: 'delete'; suggestion: string }
  | { kind: 'comment'; suggestion: string }
  | { kind: 'updateFields'; fields: Record<string, unknown> }
  | { kind: 'retryAutomation' }
  | { kind: 'recordAutomation'; ok: boolean; suggestion: string; participant: string; participantTypeId: number; interveneTypeId: number };

/** The kinds of ticket action. */
export type ActionKind = TicketAction['kind'] | 'create' | 'view';

/** What a creator sends. */
export interface CreateAction {
  transitionId: number;
  title: string | null;
  suggestion: string;
  /** Custom values (and title) keyed by field key. */
  fields: Record<string, unknown>;
  parentTicketId: number;
  parentTicketStateId: number;
}

/** The lookups a decision may need, answered by the services (the engine itself touches no database). */
export interface MachinePorts {
  directory: Directory;
  /** The latest person who moved the ticket out of a state (remember_last_man). */
  lastHandlerIn(stateId: number): Promise<string | null>;
  /** The custom values of the ticket's parent (participant type parent_field); undefined without a parent. */
  parentValues(): Promise<Record<string, FieldValue> | undefined>;
  /** Random source for distribute random (0 ≤ x < 1). */
  random?: () => number;
  timeZone: string;
}

/** A ticket as a decision sees it: its columns, stored values and current handlers. */
export interface TicketSnapshot {
  ticket: TicketRecord;
  values: Record<string, FieldValue>;
  /** The users who may act now (the stored participant, or the members behind a legacy dept or role). */
  handlers: string[];
}

/** A custom value to write (stored null: delete the value). */
export interface ValueWrite {
  field: FieldDef;
  stored: StoredValue | null;
}

/** A flow log to append; the ticket snapshot is taken when it is written. */
export interface LogPlan {
  stateId: number;
  transitionId: number;
  interveneTypeId: number;
  suggestion: string;
  participant: string;
  participantTypeId: number;
}

/** What to queue after the change, in the same transaction. */
export interface JobPlan {
  /** The workflow's notices. */
  notify: boolean;
  /** Timers of the state the ticket is in afterwards. */
  timers: boolean;
  /** The hook or script of that state. */
  automation: boolean;
  /** The parent's completion check, when the ticket ended. */
  parentCheck: boolean;
}

/** The duty index after the change: exactly `users` must act; the worker has worked on it. */
export interface DutyPlan {
  users: string[];
  worker?: string;
  creator?: string;
}

/** What an allowed action does. */
export interface TicketChange {
  set: Partial<TicketColumns>;
  duty?: DutyPlan;
  values: ValueWrite[];
  log?: LogPlan;
  jobs: JobPlan;
  /** The state the ticket is in afterwards. */
  stateId: number;
  /** A handle in a countersign round: the vote to record in the ledger, with what it did. */
  vote?: CastVote;
  /** A user who now watches the ticket: gets a row in the duty index, neither on duty nor having worked on it. */
  watcher?: string;
}

/** One vote as the ledger records it. */
export interface CastVote {
  voter: string;
  transitionId: number;
  suggestion: string;
  outcome: VoteOutcome['kind'];
}

/** No jobs. */
export const NO_JOBS: JobPlan = { notify: false, timers: false, automation: false, parentCheck: false };
/** Only the workflow's notices. */
export const NOTIFY: JobPlan = { ...NO_JOBS, notify: true };
