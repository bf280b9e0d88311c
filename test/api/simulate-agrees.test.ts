import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { App, Ticket, Transition, User } from '../../src/db/entities';
import { AppError } from '../../src/domain/errors';
import type { ServiceContext } from '../../src/services/context';
import { handleTicket } from '../../src/services/ticket-handle.service';
import { simulateTransition } from '../../src/services/simulate.service';
import type { TestApp } from '../support/app';
import { createTicket, newLeave, newMode, newVpn, startCasesApp, TO, WF } from '../support/cases';
import { dialects } from '../support/db';

/** Cases per run: the property must hold for every one of them. */
const RUNS = 2000;
/** The random-distribution state picks one of its users at random, in the simulation as in the real handle. */
const RANDOM_STATE = 133;
const USERS = ['admin', 'webb', 'ops', 'ops2', 'hr', 'scm', 'lilian', 'david', 'goods_1', 'goods_2', 'boss', 'nobody', ''];

describe.each(dialects())('simulateTransition agrees with the handle made right after it (%s)', (dialect) => {
  let t: TestApp;
  let app: App;
  let transitionsOf: Map<number, Transition[]>;
  let users: Map<string, User>;
  /** One ticket per slot; a slot whose ticket ended starts a new one of its kind. */
  const slots: { make: () => Promise<number>; id: number }[] = [];

  beforeAll(async () => {
    t = await startCasesApp(dialect);
    const em = t.orm.em.fork();
    app = await em.findOneOrFail(App, { name: 'ops' });
    users = new Map((await em.find(User, { isDeleted: false })).map((u) => [u.username, u]));
    transitionsOf = new Map();
    for (const tr of await em.find(Transition, { isDeleted: false })) transitionsOf.set(tr.workflowId, [...(transitionsOf.get(tr.workflowId) ?? []), tr]);
    const makers = [
      () => newLeave(t),
      () => newLeave(t, 'webb'),
      () => newVpn(t),
      () => newMode(t, TO.ACCEPT),
      () => newMode(t, TO.ALL),
      () => newMode(t, TO.MULTI),
      () => newMode(t, TO.RANDOM),
      () => newMode(t, TO.FIELD, { assignee: 'david' }),
      () => newMode(t, TO.CREATOR),
      () => newMode(t, TO.TIMER),
      () => createTicket(t, { workflow_id: WF.REQUIRED, transition_id: 103, title: 'draft' }, 'webb'),
      () => createTicket(t, { workflow_id: WF.REQUIRED, transition_id: 103, title: 'draft', reason: 'r' }, 'webb'),
    ];
    for (const make of makers) slots.push({ make, id: await make() });
  }, 120_000);
  afterAll(async () => t?.close());

  /** A fresh request context, as the API would build it for the user. */
  function contextOf(username: string): ServiceContext {
    return { em: t.orm.em.fork(), config: t.config, app, username, user: users.get(username) ?? null };
  }

  const fieldsArb = fc.record(
    {
      days: fc.oneof(fc.integer({ min: 0, max: 9 }), fc.constant('many')),
      reason: fc.constantFrom('', 'because'),
      note: fc.string({ maxLength: 5 }),
      assignee: fc.constantFrom('david', 'webb', 'nobody', ''),
      title: fc.constantFrom('t', ''),
    },
    { requiredKeys: [] },
  );

  /** Three cases in four act as one of the ticket's handlers: the others are mostly refusals already. */
  const PREFER_HANDLER = fc.nat({ max: 3 }).map((n) => n > 0);

  it(`holds for ${RUNS} random tickets, users, transitions and values`, async () => {
    let allowed = 0;
    await fc.assert(
      fc.asyncProperty(fc.nat(), fc.nat(), fc.nat(), PREFER_HANDLER, fieldsArb, async (slotPick, userPick, transitionPick, preferHandler, fields) => {
        const slot = slots[slotPick % slots.length];
        const ticket = await t.orm.em.fork().findOneOrFail(Ticket, { id: slot.id });
        const handlers = ticket.participant.split(',').filter(Boolean);
        const username = preferHandler && handlers.length ? handlers[userPick % handlers.length] : USERS[userPick % USERS.length];
        const own = transitionsOf.get(ticket.workflowId) ?? [];
        const outgoing = own.filter((tr) => tr.sourceStateId === ticket.stateId);
        const choices = [...outgoing, ...outgoing, ...own].map((tr) => tr.id).concat(9999);
        const transitionId = choices[transitionPick % choices.length];
        const input = { ticketId: ticket.id, transitionId, fields, expectedVersion: ticket.version };

        const sim = await simulateTransition(contextOf(username), input).catch((err: unknown) => {
          if (err instanceof AppError) return err;
          throw err;
        });
        const real = await handleTicket(contextOf(username), input).catch((err: unknown) => {
          if (err instanceof AppError) return err;
          throw err;
        });
        if (sim instanceof AppError) {
          // Who may not read the ticket (or names no user) gets no simulation; such a user is no handler either.
          expect(real, `simulation refused: ${sim.message}`).toBeInstanceOf(AppError);
        } else if (sim.allowed) {
          allowed += 1;
          if (real instanceof AppError) throw new Error(`simulated allowed, handle refused: ${real.message}`);
          expect(real.stateId).toBe(sim.destinationStateId);
          expect(real.actStateId).toBe(sim.actStateId);
          if (real.stateId !== RANDOM_STATE) expect(real.participant).toBe(sim.after!.participant);
          if (real.actStateId === 4 || real.actStateId === 5) slot.id = await slot.make();
        } else {
          if (!(real instanceof AppError)) throw new Error(`simulated ${sim.refusal!.reason}, handle allowed`);
          expect([real.code, real.detail.reason]).toEqual([sim.refusal!.code, sim.refusal!.reason]);
        }
      }),
      { numRuns: RUNS },
    );
    // The generator reaches both sides of the property: about one case in six is allowed (329 and 348 of 2,000
    // seen), so a tenth is a bound random seeds do not cross by chance (some eight standard deviations below).
    expect(allowed).toBeGreaterThan(RUNS / 10);
    expect(allowed).toBeLessThan(RUNS);
  }, 600_000);
});
