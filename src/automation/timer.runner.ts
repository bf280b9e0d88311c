import { AppError, ErrorCode } from '../domain/errors';
import { advanceBySystem, systemContext } from '../services/automation.service';
import type { JobRunner } from './job';

/** Fire a timer transition if the ticket is still in the same visit to the state (any action voids it). */
export const runTimer: JobRunner = async (job, deps) => {
  const ctx = systemContext(deps.orm.em.fork(), deps.config);
  try {
    const moved = await advanceBySystem(ctx, {
      ticketId: job.ticketId,
      stateId: Number(job.payload.stateId),
      transitionId: Number(job.payload.transitionId),
      suggestion: '定时器流转',
      expectedVersion: Number(job.payload.version),
    });
    return { result: moved ? 'done' : 'void' };
  } catch (err) {
    if (err instanceof AppError && (err.code === ErrorCode.STALE_TICKET || err.code === ErrorCode.INVALID_TRANSITION)) return { result: 'void' };
    throw err;
  }
};
