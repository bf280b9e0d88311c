import { CustomField } from '../../db/entities';
import { AppError } from '../../domain/errors';
import type { ServiceContext } from '../context';
import { fresh } from './change';
import { fieldEntry, type FieldValues } from './entries';
import { changeWorkflow, ownerOf } from './workflow-change';
import { removeField, replaceChild } from './workflow-doc';

/** A new custom field of a workflow. */
export interface CreateFieldValues extends FieldValues {
  workflowId: number;
  fieldKey: string;
  fieldType: number;
}

/** Add a custom field. */
export async function createCustomField(ctx: ServiceContext, input: CreateFieldValues): Promise<CustomField> {
  const { workflowId, fieldKey } = input;
  const id = await changeWorkflow(ctx, workflowId, async ({ tx, wf, where, write, audit }) => {
    const entry = fieldEntry(input);
    wf.custom_fields.push(entry);
    await write();
    const row = await tx.em.findOneOrFail(CustomField, { workflowId, fieldKey, isDeleted: false });
    row.creator ||= ctx.username;
    audit({
      action: 'createCustomField',
      entityType: 'custom_field',
      entityId: row.id,
      summary: `created custom field "${fieldKey}" (id ${row.id}) in ${where}`,
      after: { ...entry, id: row.id },
    });
    return row.id;
  });
  return fresh(ctx, CustomField, id);
}

/** Change a custom field; its key is fixed, because tickets store their values under it. */
export async function updateCustomField(ctx: ServiceContext, id: number, input: FieldValues, workflowId?: number | null): Promise<CustomField> {
  await changeWorkflow(
    ctx,
    (existing) => ownerOf(existing.fields, id, 'custom field', workflowId),
    async ({ wf, where, write, audit }) => {
      const { before, after } = replaceChild(wf, 'custom_fields', id, (current) => fieldEntry(input, current));
      if (after.key !== before.key) {
        throw AppError.badInput(
          `custom field ${id}: the key "${before.key}" cannot change (tickets store values under it); delete the field and create another`,
        );
      }
      await write();
      audit({
        action: 'updateCustomField',
        entityType: 'custom_field',
        entityId: id,
        summary: `updated custom field "${after.key}" (id ${id}) in ${where}`,
        before,
        after,
      });
    },
  );
  return fresh(ctx, CustomField, id);
}

/** Soft-delete a custom field and drop it from states and the display form; refused while anything still needs it. */
export async function deleteCustomField(ctx: ServiceContext, id: number, opts: { workflowId?: number | null; force?: boolean | null } = {}): Promise<boolean> {
  return changeWorkflow(
    ctx,
    (existing) => ownerOf(existing.fields, id, 'custom field', opts.workflowId),
    async ({ wf, where, write, audit }) => {
      const before = removeField(wf, id);
      await write({ force: opts.force ?? false });
      audit({
        action: 'deleteCustomField',
        entityType: 'custom_field',
        entityId: id,
        summary: `deleted custom field "${before.key}" (id ${id}) from ${where}`,
        before,
      });
      return true;
    },
  );
}
