import { Notice, Ticket, Workflow } from '../../db/entities';
import { definitionDocument, LIVE_TICKET, type Existing } from '../../db/definitions';
import { AppError, ErrorCode } from '../../domain/errors';
import type { ServiceContext } from '../context';
import { requireEditor, requireSuperuser, requireUnused } from './access';
import { fresh, runChange, type Doc } from './change';
import { noticeEntry, withSla, workflowEntry, type NoticeValues, type WorkflowValues } from './entries';
import { changeWorkflow, ownerOf } from './workflow-change';
import { removeChild, replaceChild, workflowColumns } from './workflow-doc';

/** A new workflow: its columns and the names of the states and transition it starts with. */
export interface CreateWorkflowValues extends WorkflowValues {
  name: string;
  /** Default `开始`. */
  startStateName?: string | null;
  /** Default `结束`. */
  endStateName?: string | null;
  /** The transition from the start to the end state; default `提交`. */
  submitTransitionName?: string | null;
}

function callerAppEntry(ctx: ServiceContext, existing: Existing, workflowName: string): Doc | undefined {
  if (ctx.app.allWorkflows) return undefined;
  const apps = definitionDocument(existing).apps as Doc[] | undefined;
  const entry = apps?.find((a) => a.id === ctx.app.id);
  return entry && { ...entry, workflows: [...(entry.workflows as unknown[]), workflowName] };
}

/** Create a workflow (superusers) as a start and an end state joined by one transition; the calling app may use it. */
export async function createWorkflow(ctx: ServiceContext, input: CreateWorkflowValues): Promise<Workflow> {
  requireEditor(ctx);
  requireSuperuser(ctx, 'create workflows');
  const start = input.startStateName || '开始';
  const end = input.endStateName || '结束';
  const id = await runChange(ctx, async (tx) => {
    requireUnused(tx.existing.workflows, (w) => w.name, input.name, 'workflow');
    const entry = withSla(
      {
        ...workflowEntry(input),
        states: [
          { name: start, type: 'start' },
          { name: end, type: 'end' },
        ],
        transitions: [{ name: input.submitTransitionName || '提交', from: start, to: end }],
      },
      input.sla,
    );
    const app = input.name ? callerAppEntry(ctx, tx.existing, input.name) : undefined;
    await tx.write({ workflows: [entry], ...(app ? { apps: [app] } : {}) });
    const row = await tx.em.findOneOrFail(Workflow, { name: input.name, isDeleted: false });
    row.creator = ctx.username;
    tx.audit({
      action: 'createWorkflow',
      entityType: 'workflow',
      entityId: row.id,
      workflowId: row.id,
      summary: `created workflow "${input.name}" (id ${row.id})`,
      after: { ...entry, id: row.id },
    });
    return row.id;
  });
  if (!ctx.app.allWorkflows) await ctx.em.refresh(ctx.app);
  return fresh(ctx, Workflow, id);
}

/** Change a workflow's own columns and admins. */
export async function updateWorkflow(ctx: ServiceContext, id: number, input: WorkflowValues): Promise<Workflow> {
  await changeWorkflow(ctx, id, async ({ wf, where, write, audit }) => {
    const before = workflowColumns(wf);
    withSla(Object.assign(wf, workflowEntry(input)), input.sla);
    await write();
    audit({ action: 'updateWorkflow', entityType: 'workflow', entityId: id, summary: `updated ${where}`, before, after: workflowColumns(wf) });
  });
  return fresh(ctx, Workflow, id);
}

/** Soft-delete a workflow; refused while it has live tickets unless forced. */
export async function deleteWorkflow(ctx: ServiceContext, id: number, force = false): Promise<boolean> {
  return changeWorkflow(ctx, id, async ({ tx, workflow, wf, where, audit }) => {
    const live = await tx.em.count(Ticket, { ...LIVE_TICKET, workflowId: id });
    if (live > 0 && !force) {
      throw new AppError(ErrorCode.CONFLICT, `${where}: ${live} live ticket(s) would be stranded; close them first or force the change`, { tickets: live });
    }
    workflow.isDeleted = true;
    audit({
      action: 'deleteWorkflow',
      entityType: 'workflow',
      entityId: id,
      summary: `deleted ${where}${live ? ` (stranding ${live} live tickets)` : ''}`,
      before: wf,
    });
    return true;
  });
}

/** Add a notice hook to a workflow. */
export async function createNotice(ctx: ServiceContext, workflowId: number, input: NoticeValues): Promise<Notice> {
  const id = await changeWorkflow(ctx, workflowId, async ({ tx, wf, where, write, audit }) => {
    const entry = noticeEntry(input);
    wf.notices.push(entry);
    await write();
    const row = await tx.em.findOneOrFail(Notice, { workflowId, name: String(input.name), isDeleted: false });
    row.creator ||= ctx.username;
    audit({
      action: 'createNotice',
      entityType: 'notice',
      entityId: row.id,
      summary: `created notice "${input.name}" (id ${row.id}) in ${where}`,
      after: { ...entry, id: row.id },
    });
    return row.id;
  });
  return fresh(ctx, Notice, id);
}

/** Change a notice hook. */
export async function updateNotice(ctx: ServiceContext, id: number, input: NoticeValues): Promise<Notice> {
  await changeWorkflow(
    ctx,
    (existing) => ownerOf(existing.notices, id, 'notice'),
    async ({ wf, where, write, audit }) => {
      const { before, after } = replaceChild(wf, 'notices', id, (current) => noticeEntry(input, current));
      await write();
      audit({ action: 'updateNotice', entityType: 'notice', entityId: id, summary: `updated notice "${after.name}" (id ${id}) in ${where}`, before, after });
    },
  );
  return fresh(ctx, Notice, id);
}

/** Soft-delete a notice hook. */
export async function deleteNotice(ctx: ServiceContext, id: number): Promise<boolean> {
  return changeWorkflow(
    ctx,
    (existing) => ownerOf(existing.notices, id, 'notice'),
    async ({ wf, where, write, audit }) => {
      const before = removeChild(wf, 'notices', id);
      await write();
      audit({ action: 'deleteNotice', entityType: 'notice', entityId: id, summary: `deleted notice "${before.name}" (id ${id}) from ${where}`, before });
      return true;
    },
  );
}

/** Live notices of a workflow. */
export function workflowNotices(ctx: ServiceContext, workflowId: number): Promise<Notice[]> {
  return ctx.em.find(Notice, { workflowId, isDeleted: false }, { orderBy: { id: 'asc' } });
}
