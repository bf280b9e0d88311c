import type { MikroORM } from '@mikro-orm/core';
import { Workflow } from '../entities';

export { DefinitionError } from '../../domain/definitions';
export { exportDefinitions, type ExportOptions } from './export';
export { importDefinitions, importDefinitionsFile, PROGRESS_THRESHOLD, type ImportOptions } from './import';
export { IMPORT_KINDS, type ImportKind, type ImportSummary, type KindCounts } from './rows';

/** The number of workflows that are not soft-deleted. */
export async function countWorkflows(orm: MikroORM): Promise<number> {
  return orm.em.fork().count(Workflow, { isDeleted: false });
}
