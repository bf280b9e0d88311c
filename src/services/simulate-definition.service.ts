import { parseDatabaseUrl, type Config } from '../config';
import { importDefinitions } from '../db/definitions';
import { App, User, Workflow } from '../db/entities';
import { migrateUp, openOrm } from '../db/orm';
import { AppError } from '../domain/errors';
import type { ServiceContext } from './context';
import { requireWorkflowDefs } from './definitions';
import { simulateWorkflow, type WorkflowStep } from './simulate-workflow.service';

/** A dry run of a workflow of a definitions document that is not imported anywhere. */
export interface SimulateDefinitionInput {
  /** The definitions document (YAML or JSON), as `loongate import` reads it. */
  definition: string;
  /** Where the document came from, for error messages. */
  source: string;
  /** The workflow's name in the document. */
  workflowName: string;
  path: number[];
  fields: Record<string, unknown>;
  /** Who creates the hypothetical ticket (a user of the document); by default the workflow's creator, else its first admin. */
  createAs?: string | null;
}

/** The result of a dry run over a document, with the names of the workflow it walked (the database is gone afterwards). */
export interface DefinitionDryRun {
  workflowId: number;
  workflowName: string;
  creator: string;
  stateNames: Map<number, string>;
  transitionNames: Map<number, string>;
  steps: WorkflowStep[];
}

/**
 * Walk a hypothetical ticket through a workflow of a definitions document before it is published: the document
 * is validated and imported into a private in-memory SQLite database that lives for this call only, and the walk
 * runs there (see simulateWorkflow); the server's own database is never touched.
 */
export async function simulateDefinition(config: Config, input: SimulateDefinitionInput): Promise<DefinitionDryRun> {
  const orm = await openOrm(parseDatabaseUrl('sqlite::memory:'));
  try {
    await migrateUp(orm);
    await importDefinitions(orm, input.definition, { source: input.source, hookAllow: config.hookAllow });
    const em = orm.em.fork();
    const workflow = await em.findOne(Workflow, { name: input.workflowName, isDeleted: false });
    if (!workflow) {
      const names = (await em.find(Workflow, { isDeleted: false }, { orderBy: { id: 'asc' } })).map((w) => w.name);
      throw AppError.badInput(`workflow: "${input.workflowName}" is not a workflow of ${input.source} (it has: ${names.join(', ') || 'none'})`, {
        parameter: 'workflow',
      });
    }
    const defs = await requireWorkflowDefs(em, workflow.id);
    const username = input.createAs || workflow.creator || defs.admins[0];
    if (!username)
      throw AppError.badInput(`createAs: workflow "${workflow.name}" has no creator or admin to create the ticket; name a user`, { parameter: 'createAs' });
    const user = await em.findOne(User, { username, isDeleted: false });
    const app = Object.assign(new App(), { name: 'loongate-simulate', allWorkflows: true, workflowIds: [], snPrefix: 'simulate' });
    const ctx: ServiceContext = { em, config: { ...config, database: parseDatabaseUrl('sqlite::memory:') }, app, username, user };
    const steps = await simulateWorkflow(ctx, { workflowId: workflow.id, path: input.path, fields: input.fields });
    return {
      workflowId: workflow.id,
      workflowName: workflow.name,
      creator: username,
      stateNames: new Map([...defs.states.values()].map((st) => [st.id, st.name])),
      transitionNames: new Map(defs.transitions.map((tr) => [tr.id, tr.name])),
      steps,
    };
  } finally {
    await orm.close();
  }
}
