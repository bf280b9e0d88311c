import { z } from 'zod';
import { boundedJson, idSchema, labelSchema, refSchema, required, text, usernameSchema } from './schema-common';

/** A dept entry. */
export const deptSchema = z.strictObject({
  id: idSchema.optional(),
  name: required(100),
  parent: refSchema.nullable().optional(),
  leader: usernameSchema.optional(),
  approvers: boundedJson(z.array(usernameSchema)).default([]),
  label: labelSchema.default({}),
});

/** A user entry. */
export const userSchema = z.strictObject({
  id: idSchema.optional(),
  username: required(100),
  alias: text(100).default(''),
  email: text(200).default(''),
  phone: text(50).default(''),
  dept: refSchema.optional(),
  depts: z.array(refSchema).optional(),
  is_admin: z.boolean().default(false),
  is_active: z.boolean().default(true),
});

/** A role entry. */
export const roleSchema = z.strictObject({
  id: idSchema.optional(),
  name: required(100),
  description: text(200).default(''),
  members: z.array(usernameSchema).optional(),
  label: labelSchema.default({}),
});

/** An app (API caller) entry. */
export const appSchema = z.strictObject({
  id: idSchema.optional(),
  name: required(100),
  /** Left out by `loongate export` without --with-secrets: an existing app keeps its token. */
  token: required(200).optional(),
  workflows: boundedJson(
    z.union([z.literal('all'), z.array(refSchema)], {
      error: 'expected `all` or a list of workflow ids or names',
    }),
  ).optional(),
  sn_prefix: text(50).default('loonflow'),
  read_only_definitions: z.boolean().optional(),
  browser_only: z.boolean().optional(),
});

/** A dept entry after parsing. */
export type DeptInput = z.output<typeof deptSchema>;
/** A user entry after parsing. */
export type UserInput = z.output<typeof userSchema>;
/** A role entry after parsing. */
export type RoleInput = z.output<typeof roleSchema>;
/** A app entry after parsing. */
export type AppInput = z.output<typeof appSchema>;
