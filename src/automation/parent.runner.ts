import { Ticket } from '../db/entities';
import { ParticipantType, ROBOT } from '../domain/constants';
import { AppError, ErrorCode } from '../domain/errors';
import { advanceBySystem, allChildrenEnded, recordAutomation, systemContext } from '../services/automation.service';
import type { JobRunner } from './job';

/** Advance a parent whose sub-tickets linked to its current state have all ended (docs/sub-tickets.md). */
export const runParent: JobRunner = async (job, deps) => {
  const em = deps.orm.em.fork();
  const ctx = systemContext(em, deps.config);
  const stateId = Number(job.payload.parentStateId);
  const parent = await em.findOne(Ticket, { id: job.ticketId, isDeleted: false });
  if (!parent || parent.stateId !== stateId || !(await allChildrenEnded(em, parent.id, stateId))) return { result: 'void' };
  try {
    await advanceBySystem(ctx, { ticketId: parent.id, stateId, suggestion: '所有子工单处理完毕，自动流转' });
    return { result: 'done' };
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    if (err.code === ErrorCode.INVALID_TRANSITION || err.code === ErrorCode.STALE_TICKET) return { result: 'void', error: err.message };
    const why = `all sub-tickets ended but the ticket could not advance: ${err.message}`;
    await recordAutomation(ctx, parent.id, { ok: true, suggestion: why, participant: ROBOT, participantTypeId: ParticipantType.PERSONAL });
    return { result: 'failed', error: why };
  }
};
