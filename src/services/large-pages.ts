/** A list page of more rows than this is a large page. */
export const LARGE_PAGE_ROWS = 1000;

/**
 * How many requests one process lets build a large page at a time. A page of 10,000 tickets holds about 110 MB
 * of heap while its answer is built (rows, GraphQL results, the JSON text); further large pages wait their turn,
 * so the memory of lists stays bounded however many callers ask for big pages at once. Building a page is
 * JavaScript work on the process's one thread, so a second turn would add memory, not speed. A turn ends when
 * the answer is built and handed to the HTTP layer, not when the client has read it: a caller that stops
 * reading holds its socket's buffers, never a turn.
 */
export const LARGE_PAGES_AT_ONCE = 1;

/** The request a service call serves: what must last until its answer is built. */
export interface RequestScope {
  /** Run `fn` once the answer is built or the client has gone (at once if that has happened). */
  onDone(fn: () => void): void;
  /** The answer is built and handed to the HTTP layer: what waited for it runs now (once). */
  done(): void;
  /** The large-page turn this request holds or waits for (one per request, however many lists it reads). */
  largePage?: Promise<void>;
}

/** A request scope, done when its face says the answer is built, or when the response closes (the client left). */
export function requestScope(res: { once(event: 'close', listener: () => void): unknown }): RequestScope {
  let finished = false;
  const waiting: (() => void)[] = [];
  const done = () => {
    finished = true;
    for (const fn of waiting.splice(0)) fn();
  };
  res.once('close', done);
  return { onDone: (fn) => (finished ? fn() : void waiting.push(fn)), done };
}

/** Turns handed out first come, first served, at most `size` at a time. */
export class Turns {
  private inUse = 0;
  private readonly queue: (() => void)[] = [];
  /** The most turns held at once so far. */
  highWater = 0;

  constructor(readonly size: number) {}

  /** Wait for a turn; the function returned gives it back (once, however often it is called). */
  async take(): Promise<() => void> {
    if (this.inUse >= this.size) await new Promise<void>((resolve) => this.queue.push(resolve));
    else this.inUse += 1;
    this.highWater = Math.max(this.highWater, this.inUse);
    let given = false;
    return () => {
      if (given) return;
      given = true;
      const next = this.queue.shift();
      if (next) next();
      else this.inUse -= 1;
    };
  }

  /** Requests waiting for a turn. */
  get waiting(): number {
    return this.queue.length;
  }
}

/** The process's turns for large pages. */
export const largePages = new Turns(LARGE_PAGES_AT_ONCE);

/** Wait for this request's large-page turn, held until its answer is sent; without a request scope (the worker) no wait. */
export function largePageTurn(scope: RequestScope | undefined): Promise<void> {
  if (!scope) return Promise.resolve();
  scope.largePage ??= largePages.take().then((giveBack) => scope.onDone(giveBack));
  return scope.largePage;
}
