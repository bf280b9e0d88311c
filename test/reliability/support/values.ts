import fc from 'fast-check';
import { FieldType } from '../../../src/domain/constants';
import { anyValue, hostileNumber, hostileString } from './hostile';
import type { TicketFacts, World } from './world';

/** Hostile text that is still valid input (SQL and template metacharacters, unicode; no U+0000, at most 500 characters). */
export const cleanText: fc.Arbitrary<string> = hostileString.filter((s) => !s.includes('\u0000') && s.length <= 500);

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
const dateArb = fc.date({ min: new Date('1000-01-01T00:00:00Z'), max: new Date('9999-12-31T00:00:00Z'), noInvalidDate: true });

function validValue(world: World, fieldTypeId: number, choices: string[], hostile: boolean): fc.Arbitrary<unknown> {
  const users = fc.constantFrom(...world.usernames);
  const list = <T>(arb: fc.Arbitrary<T>) => fc.array(arb, { maxLength: 3 });
  const csvOrList = <T>(arb: fc.Arbitrary<T>) =>
    fc.oneof(
      list(arb),
      list(arb).map((l) => l.join(',')),
    );
  switch (fieldTypeId) {
    case FieldType.INT:
      return hostile ? fc.oneof(fc.integer({ min: -1000, max: 1000 }), hostileNumber, fc.integer().map(String)) : fc.integer({ min: -1000, max: 1000 });
    case FieldType.FLOAT:
      return hostile ? fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), hostileNumber) : fc.double({ min: -1e6, max: 1e6, noNaN: true });
    case FieldType.BOOL:
      return fc.constantFrom(true, false, 0, 1, '0', '1', 'true', 'false');
    case FieldType.DATE:
      return dateArb.map((d) => `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`);
    case FieldType.DATETIME:
      return dateArb.map((d) => d.toISOString().slice(0, 19).replace('T', ' '));
    case FieldType.RADIO:
    case FieldType.SELECT:
      return hostile ? fc.constantFrom(...choices, 'constructor', 'toString') : fc.constantFrom(...choices);
    case FieldType.CHECKBOX:
    case FieldType.MULTI_SELECT:
      return csvOrList(fc.constantFrom(...choices));
    case FieldType.USER:
      return users;
    case FieldType.MULTI_USER:
      return hostile ? fc.oneof(csvOrList(users), fc.constant(Array.from({ length: 40_000 }, (_, i) => `u${i}`).join(','))) : csvOrList(users);
    default:
      return hostile ? hostileString : cleanText;
  }
}

/** A value for a custom field: usually of the right shape for its type, sometimes anything. */
export function fieldValueArb(world: World, key: string): fc.Arbitrary<unknown> {
  const field = world.fields.get(key);
  if (!field) return anyValue;
  const choices = field.choices.length ? field.choices : ['a'];
  return fc.oneof({ weight: 3, arbitrary: validValue(world, field.fieldTypeId, choices, true) }, { weight: 1, arbitrary: anyValue });
}

/** Custom field values keyed by field key, title included: hostile, or (clean) valid for each field's type. */
export function fieldValuesArb(world: World, clean = false): fc.Arbitrary<Record<string, unknown>> {
  const keys = ['title', ...world.fields.keys()];
  const value = (k: string) => {
    const field = world.fields.get(k);
    if (k === 'title') return clean ? cleanText : hostileString;
    if (!clean || !field) return fieldValueArb(world, k);
    return validValue(world, field.fieldTypeId, field.choices.length ? field.choices : ['a'], false);
  };
  return fc
    .subarray(keys, { maxLength: 6 })
    .chain((chosen) => fc.tuple(...chosen.map(value)).map((values) => Object.fromEntries(chosen.map((k, i) => [k, values[i]]))));
}

/** An id that fits a ticket: its transitions for a handle, its workflow's start transitions for a create, its workflow's states. */
export function idFor(name: string, world: World, ticket: TicketFacts, creating: boolean): fc.Arbitrary<number> | null {
  const pick = (ids: number[] | undefined) => (ids?.length ? fc.constantFrom(...ids) : null);
  if (/^(ticket_id|ticketId|parent_ticket_id|parentTicketId)$/.test(name)) return fc.constant(ticket.id);
  if (/^workflow_?[iI]d$/.test(name)) return fc.constant(ticket.workflowId);
  if (/^transition_?[iI]d$/.test(name)) return pick(creating ? world.startTransitions.get(ticket.workflowId) : world.outgoing.get(ticket.stateId));
  if (/state_?[iI]d$/i.test(name)) return pick(world.states.get(ticket.workflowId));
  return null;
}
