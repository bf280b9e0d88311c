import { Duration } from 'luxon';
import { z } from 'zod';
import { refSchema, required, usernameSchema } from '../definitions/schema-common';
import { WEEKDAYS } from './calendar';

const DURATION = /^-?P(?!$)(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+S)?)?$/;

/** An ISO 8601 duration of days, hours, minutes and seconds (`PT8H`, `P1DT4H`), as milliseconds; `signed` allows a leading minus. */
const duration = (signed: boolean) =>
  z.string().transform((text, ctx) => {
    if (!DURATION.test(text) || (!signed && text.startsWith('-'))) {
      ctx.addIssue({
        code: 'custom',
        message: `expected an ISO 8601 duration of days, hours, minutes and seconds like PT8H or P1DT4H${signed ? ' (a leading - counts before the due time)' : ''}, got ${JSON.stringify(text)}`,
      });
      return z.NEVER;
    }
    const ms = Duration.fromISO(text.replace(/^-/, '')).as('milliseconds');
    return text.startsWith('-') ? -ms : ms;
  });

const targetSchema = duration(false).refine((ms) => ms > 0, 'must be longer than zero');

const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'expected a time of day HH:MM (00:00 to 24:00)');

/** Working days, hours and holidays in an IANA time zone; without it an SLA counts every hour. */
export const calendarSchema = z
  .strictObject({
    time_zone: z.string().refine((zone) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: zone });
        return true;
      } catch {
        return false;
      }
    }, 'expected an IANA time zone like Asia/Shanghai'),
    days: z.array(z.enum(WEEKDAYS, { error: `expected one of ${WEEKDAYS.join(', ')}` })).min(1, 'at least one working day'),
    hours: z.tuple([clockTime, clockTime], { error: 'expected [start, end] like ["09:00", "18:00"]' }),
    holidays: z.array(z.iso.date({ error: 'expected a date YYYY-MM-DD' })).default([]),
  })
  .refine((c) => c.hours[0] < c.hours[1], { message: 'the working day must end after it starts', path: ['hours'] });

/** The actions an escalation may take; it takes exactly one. */
export const ESCALATION_ACTIONS = ['notify', 'reassign', 'reassign_role', 'reassign_dept', 'add_watcher', 'transition'] as const;

/** What an escalation does. */
export type EscalationAction = (typeof ESCALATION_ACTIONS)[number];

/**
 * One escalation: when (relative to the due time) and exactly one action. A role or dept is named by id or name in a
 * file; the database keeps its id (docs/sla.md).
 */
export const escalationSchema = z
  .strictObject({
    at: duration(true).default(0),
    notify: z.literal(true).optional(),
    reassign: usernameSchema.optional(),
    reassign_role: refSchema.optional(),
    reassign_dept: refSchema.optional(),
    add_watcher: usernameSchema.optional(),
    transition: required(100).optional(),
  })
  .superRefine((e, ctx) => {
    const actions = ESCALATION_ACTIONS.filter((k) => e[k] !== undefined);
    if (actions.length !== 1)
      ctx.addIssue({ code: 'custom', message: `give exactly one of ${ESCALATION_ACTIONS.join(', ')} (got ${actions.length ? actions.join(', ') : 'none'})` });
  });

/** The action an escalation takes. */
export function escalationAction(e: Escalation): EscalationAction {
  return ESCALATION_ACTIONS.find((k) => e[k] !== undefined)!;
}

/** A state's SLA: a target for the time spent in the state, or `pause: true` to stop the ticket clock while the ticket waits there. */
export const stateSlaSchema = z
  .strictObject({
    target: targetSchema.optional(),
    pause: z.boolean().default(false),
    escalations: z.array(escalationSchema).default([]),
  })
  .superRefine((s, ctx) => {
    if (s.escalations.length && s.target === undefined) ctx.addIssue({ code: 'custom', message: 'escalations need a target', path: ['escalations'] });
    if (s.target === undefined && !s.pause) ctx.addIssue({ code: 'custom', message: 'give a target, pause: true, or both' });
  });

/** A workflow's SLA: the calendar its clocks count in, and optionally a target for the whole ticket. */
export const workflowSlaSchema = z
  .strictObject({
    calendar: calendarSchema.optional(),
    target: targetSchema.optional(),
    escalations: z.array(escalationSchema).default([]),
  })
  .superRefine((s, ctx) => {
    if (s.escalations.length && s.target === undefined) ctx.addIssue({ code: 'custom', message: 'escalations need a target', path: ['escalations'] });
  });

export type CalendarInput = z.output<typeof calendarSchema>;
export type Escalation = z.output<typeof escalationSchema>;
export type StateSla = z.output<typeof stateSlaSchema>;
export type WorkflowSla = z.output<typeof workflowSlaSchema>;
