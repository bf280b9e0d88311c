import type { RequestHandler, Response } from 'express';

/**
 * The requests whose handler has not ended its response yet. A client that leaves closes the
 * response at once, but the handler runs on, using the database, until it ends the response (which
 * then goes nowhere): shutdown waits for `idle` before it closes the database.
 */
export class InFlightRequests {
  private running = 0;
  private waiters: (() => void)[] = [];

  /** Handlers running now. */
  get count(): number {
    return this.running;
  }

  /** Counts a request from its start until its handler calls `res.end`, whether or not the client is still there. */
  readonly middleware: RequestHandler = (_req, res, next) => {
    this.running += 1;
    const end = res.end as (...args: unknown[]) => Response;
    let ended = false;
    res.end = ((...args: unknown[]) => {
      if (!ended) {
        ended = true;
        this.finished();
      }
      return end.apply(res, args);
    }) as Response['end'];
    next();
  };

  /** Resolves true once no handler runs, or false when `timeoutMs` passes first. */
  idle(timeoutMs: number): Promise<boolean> {
    if (this.running === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const waiter = () => {
        clearTimeout(timer);
        resolve(true);
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        resolve(false);
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  private finished(): void {
    this.running -= 1;
    if (this.running > 0) return;
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }
}
