import { LockMode } from '@mikro-orm/core';
import { LIVE_TICKET } from '../../db/definitions';
import { AuditEntry, MigrationPlan, MigrationPlanTicket, Ticket, TicketValue } from '../../db/entities';
import { TicketRepository } from '../../db/ticket-repository';
import { Intervene, ParticipantType } from '../../domain/constants';
import { AppError } from '../../domain/errors';
import { EventType } from '../../domain/events';
import { enterState, resolveHandlers } from '../../domain/machine/enter';
import type { TicketChange } from '../../domain/machine/model';
import { canManage } from '../../domain/permissions';
import { actStateAfterIntervention } from '../../domain/transitions';
import { planMigration, type MigrationReport, type PlanTicket } from '../../domain/versions/migration-plan';
import { inEventTransaction } from '../../events/signal';
import { requireEditor } from '../admin/access';
import type { ServiceContext } from '../context';
import { requireWorkflowDefs, type WorkflowDefs } from '../definitions';
import { applyChange, portsFor, snapshotOf } from '../ticket-engine';
import { getWorkflow } from '../workflow.service';

/** Tickets moved per batch between two progress reports. */
const BATCH = 50;

/** A plan with its report and how far applying it got. */
export interface PlanView {
  plan: MigrationPlan;
  report: MigrationReport;
  progress: { total: number; pending: number; moved: number; stale: number; blocked: number };
  /** Tickets not moved while applying, and why. */
  skipped: { ticketId: number; status: string; reason: string }[];
}

/**
 * Fail unless the app may change definitions and the acting user manages the workflow (superusers, its creator and
 * admins); the system (the command line) acts without the person rules.
 */
async function requireVersionManager(ctx: ServiceContext, workflowId: number): Promise<void> {
  if (ctx.system) return;
  const user = requireEditor(ctx);
  await getWorkflow(ctx, workflowId);
  const defs = await requireWorkflowDefs(ctx.em, workflowId);
  if (!canManage({ isAdmin: user.isAdmin, username: user.username, workflowCreator: defs.workflow.creator, workflowAdmins: defs.admins })) {
    throw AppError.forbidden(
      `user "${ctx.username}" does not manage workflow "${defs.workflow.name}" (id ${workflowId}): superusers and its admins may migrate its tickets`,
    );
  }
}

async function versionDefs(ctx: ServiceContext, workflowId: number, version: number, what: string): Promise<WorkflowDefs> {
  if (!Number.isInteger(version) || version < 1) throw AppError.badInput(`${what}: ${version} is not a version number`);
  const defs = await requireWorkflowDefs(ctx.em, workflowId, version).catch(() => null);
  if (!defs || defs.version !== version) throw AppError.notFound(`${what}: workflow ${workflowId} has no published version ${version}`);
  return defs;
}

/** Live tickets of a version with the custom fields that hold a value. */
async function planTickets(ctx: ServiceContext, workflowId: number, version: number): Promise<PlanTicket[]> {
  const rows = await ctx.em.find(
    Ticket,
    { ...LIVE_TICKET, workflowId, workflowVersion: version },
    { fields: ['id', 'stateId', 'version'], orderBy: { id: 'asc' } },
  );
  const filled = new Map(rows.map((t) => [t.id, new Set<string>()]));
  for (let i = 0; i < rows.length; i += 500) {
    const values = await ctx.em.find(TicketValue, { ticketId: rows.slice(i, i + 500).map((t) => t.id) });
    for (const v of values) {
      const empty = [v.stringValue, v.textValue, v.intValue, v.floatValue, v.boolValue, v.dateValue, v.datetimeValue].every((x) => x === null || x === '');
      if (!empty) filled.get(v.ticketId)!.add(v.fieldKey);
    }
  }
  return rows.map((t) => ({ id: t.id, stateId: t.stateId, version: t.version, filled: filled.get(t.id)! }));
}

async function viewOf(ctx: ServiceContext, plan: MigrationPlan): Promise<PlanView> {
  const rows = await ctx.em.find(MigrationPlanTicket, { planId: plan.id }, { orderBy: { id: 'asc' } });
  const count = (status: string) => rows.filter((r) => r.status === status).length;
  return {
    plan,
    report: JSON.parse(plan.report) as MigrationReport,
    progress: { total: rows.length, pending: count('pending'), moved: count('moved'), stale: count('stale'), blocked: count('blocked') },
    skipped: rows.filter((r) => r.status === 'stale' || r.status === 'blocked').map((r) => ({ ticketId: r.ticketId, status: r.status, reason: r.reason })),
  };
}

/**
 * Plan moving a workflow's live tickets from one published version to another and store the plan: per source
 * state the target (explicit mapping, same id, same name), what changes for its tickets, and which cannot move.
 */
export async function planTicketMigration(
  ctx: ServiceContext,
  workflowId: number,
  fromVersion: number,
  toVersion: number,
  mapping: Record<number, number> = {},
): Promise<PlanView> {
  await requireVersionManager(ctx, workflowId);
  if (fromVersion === toVersion) throw AppError.badInput(`toVersion: the tickets already run on version ${toVersion}`);
  const [from, to] = [await versionDefs(ctx, workflowId, fromVersion, 'fromVersion'), await versionDefs(ctx, workflowId, toVersion, 'toVersion')];
  const tickets = await planTickets(ctx, workflowId, fromVersion);
  const report = planMigration({ ...from, version: fromVersion }, { ...to, version: toVersion }, mapping, tickets);
  const plan = await ctx.em.fork({ keepTransactionContext: true }).transactional(async (em) => {
    const row = em.create(MigrationPlan, { workflowId, fromVersion, toVersion, mapping, report: JSON.stringify(report), creator: ctx.username });
    await em.flush();
    const version = new Map(tickets.map((t) => [t.id, t.version]));
    for (const state of report.states) {
      for (const ticketId of state.ticketIds) {
        em.persist(
          em.create(MigrationPlanTicket, {
            planId: row.id,
            ticketId,
            fromStateId: state.fromStateId,
            toStateId: state.toStateId,
            ticketVersion: version.get(ticketId)!,
            status: state.toStateId === null ? 'blocked' : 'pending',
            reason: state.blockedReason ?? '',
          }),
        );
      }
    }
    return row;
  });
  return viewOf(ctx, await ctx.em.findOneOrFail(MigrationPlan, { id: plan.id }));
}

/**
 * The newest plan with these versions and this mapping whose application was interrupted (some of its tickets have
 * an outcome, some are pending), to resume (the command line). A plan never applied is not resumed: its view of the
 * tickets may be old, so a new plan is made instead.
 */
export async function unfinishedPlan(ctx: ServiceContext, workflowId: number, fromVersion: number, toVersion: number, mapping: Record<number, number>) {
  const key = (m: Record<string | number, number>) => JSON.stringify(Object.entries(m).sort(([a], [b]) => Number(a) - Number(b)));
  const plans = await ctx.em.find(MigrationPlan, { workflowId, fromVersion, toVersion, status: 'planned' }, { orderBy: { id: 'desc' } });
  for (const plan of plans.filter((p) => key(p.mapping) === key(mapping))) {
    if (await ctx.em.count(MigrationPlanTicket, { planId: plan.id, status: { $in: ['moved', 'stale'] } })) return plan;
  }
  return null;
}

/** A stored plan of a workflow the acting user manages. */
export async function migrationPlan(ctx: ServiceContext, planId: number): Promise<PlanView> {
  const plan = await ctx.em.findOne(MigrationPlan, { id: planId }, { refresh: true });
  if (!plan) throw AppError.notFound(`migration plan ${planId} does not exist`);
  await requireVersionManager(ctx, plan.workflowId);
  return viewOf(ctx, plan);
}

/** The change a migration makes: into the target state of the new version, keeping or resolving its handlers again. */
async function migrationChange(
  ctx: ServiceContext,
  snapshot: Awaited<ReturnType<typeof snapshotOf>>,
  to: WorkflowDefs,
  toStateId: number,
  kept: boolean,
  suggestion: string,
  ports: ReturnType<typeof portsFor>,
): Promise<TicketChange> {
  const { ticket, values } = snapshot;
  const log = {
    stateId: ticket.stateId,
    transitionId: 0,
    interveneTypeId: Intervene.MIGRATE,
    suggestion,
    participant: ctx.username,
    participantTypeId: ParticipantType.PERSONAL,
  };
  const jobs = { notify: false, timers: true, automation: true, parentCheck: false };
  if (kept) return { set: {}, values: [], log, jobs, stateId: toStateId };
  const target = to.states.get(toStateId)!;
  const handlers = await resolveHandlers(target, { creator: ticket.creator, values }, ports);
  return {
    set: { ...enterState(ticket, target, handlers), actStateId: actStateAfterIntervention(target.typeId) },
    duty: { users: handlers.users },
    values: [],
    log,
    jobs,
    stateId: target.id,
  };
}

/** Test-only: kill the process after this many tickets were moved, so a process test can show a re-run resumes. */
const killAfter = process.env.NODE_ENV === 'test' ? Number(process.env.LOONGATE_TEST_KILL_AFTER_MIGRATED ?? 0) : 0;
let movedInProcess = 0;

/**
 * Move one ticket of a plan in its own transaction; the plan row records the outcome in the same transaction. A
 * ticket the engine refuses to move (its target state finds no handler, say) is marked blocked with the reason,
 * and the others go on.
 */
async function migrateOne(ctx: ServiceContext, plan: MigrationPlan, rowId: number, to: WorkflowDefs, stateKept: Map<number, boolean>): Promise<void> {
  const moved = await moveTicket(ctx, plan, rowId, to, stateKept).catch(async (error: unknown) => {
    if (!(error instanceof AppError)) throw error;
    const reason = `the ticket could not enter its target state: ${error.message}`.slice(0, 500);
    await ctx.em.nativeUpdate(MigrationPlanTicket, { id: rowId, status: 'pending' }, { status: 'blocked', reason });
    return false;
  });
  if (moved) movedInProcess += 1;
  if (killAfter && movedInProcess >= killAfter) process.kill(process.pid, 'SIGKILL');
}

async function moveTicket(ctx: ServiceContext, plan: MigrationPlan, rowId: number, to: WorkflowDefs, stateKept: Map<number, boolean>): Promise<boolean> {
  return inEventTransaction(ctx.em, async (em) => {
    const row = await em.findOne(MigrationPlanTicket, { id: rowId }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
    if (row?.status !== 'pending') return false;
    const ticket = await new TicketRepository(em).lockLive(row.ticketId);
    const stale = !ticket
      ? 'the ticket was deleted since the plan was made'
      : ticket.workflowVersion !== plan.fromVersion || ticket.version !== row.ticketVersion
        ? `the ticket changed since the plan was made (its version is ${ticket.version}, the plan saw ${row.ticketVersion})`
        : null;
    if (stale || !ticket) {
      Object.assign(row, { status: 'stale', reason: stale });
      return false;
    }
    const before = { stateId: ticket.stateId, workflowVersion: ticket.workflowVersion, version: ticket.version };
    const snapshot = await snapshotOf(ctx, em, ticket, to);
    const suggestion = `migrated from version ${plan.fromVersion} to version ${plan.toVersion} (plan ${plan.id})`;
    const change = await migrationChange(ctx, snapshot, to, row.toStateId!, stateKept.get(row.fromStateId) ?? false, suggestion, portsFor(ctx, em, ticket));
    ticket.workflowVersion = plan.toVersion;
    await applyChange(em, ticket, to, snapshot.values, change, ctx.config.timeZone, { type: EventType.STATE_CHANGED, actor: ctx.username });
    row.status = 'moved';
    em.persist(
      em.create(AuditEntry, {
        actor: ctx.username,
        appName: ctx.app.name,
        action: 'migrateTicket',
        entityType: 'ticket',
        entityId: ticket.id,
        workflowId: plan.workflowId,
        summary: `ticket ${ticket.id}: ${suggestion}, state ${before.stateId} → ${ticket.stateId}`,
        before,
        after: { stateId: ticket.stateId, workflowVersion: ticket.workflowVersion, version: ticket.version },
      }),
    );
    return true;
  });
}

/**
 * Apply a plan: move its pending tickets in batches, each in its own transaction that checks the ticket still has
 * the version the plan saw (a ticket changed since is left alone and reported as stale). Each ticket's outcome is
 * stored with it, so a run stopped at any point (even killed) is resumed by running it again, moving no ticket twice.
 */
export async function applyTicketMigration(ctx: ServiceContext, planId: number, onProgress?: (done: number, total: number) => void): Promise<PlanView> {
  const { plan, report, progress } = await migrationPlan(ctx, planId);
  const to = await versionDefs(ctx, plan.workflowId, plan.toVersion, 'toVersion');
  const stateKept = new Map(report.states.map((s) => [s.fromStateId, s.participants === 'kept']));
  const total = progress.total;
  let done = total - progress.pending;
  onProgress?.(done, total);
  for (;;) {
    const batch = await ctx.em.find(MigrationPlanTicket, { planId, status: 'pending' }, { orderBy: { id: 'asc' }, limit: BATCH, refresh: true });
    if (!batch.length) break;
    for (const row of batch) await migrateOne(ctx, plan, row.id, to, stateKept);
    done += batch.length;
    onProgress?.(done, total);
  }
  await ctx.em.nativeUpdate(MigrationPlan, { id: planId }, { status: 'done' });
  return migrationPlan(ctx, planId);
}
