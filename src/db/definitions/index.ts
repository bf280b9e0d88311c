import type { MikroORM } from '@mikro-orm/core';
import { Workflow } from '../entities';

export { DefinitionError } from '../../domain/definitions';
export { knownRows, loadExisting, lockDefinitions, type Existing } from './existing';
export { definitionDocument, exportDefinitions, renderDefinitions, type ExportOptions } from './export';
export {
  importAndPublish,
  importDefinitions,
  importDefinitionsFile,
  PROGRESS_THRESHOLD,
  writeDefinitions,
  type ImportOptions,
  type WriteOptions,
} from './import';
export { IMPORT_KINDS, type ImportKind, type ImportSummary, type KindCounts } from './rows';
export { decodeParticipant } from './participant';
export { LIVE_TICKET, StrandError } from './strand';

/** The number of workflows that are not soft-deleted. */
export async function countWorkflows(orm: MikroORM): Promise<number> {
  return orm.em.fork().count(Workflow, { isDeleted: false });
}
