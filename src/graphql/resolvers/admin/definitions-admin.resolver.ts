import { Arg, Ctx, Int, Mutation, Query, Resolver } from 'type-graphql';
import { GraphQLJSONObject } from 'graphql-scalars';
import type { ImportSummary } from '../../../db/definitions';
import { listAuditEntries, type AuditPage } from '../../../services/admin/audit.service';
import { exportDefinitionText, importDefinitionText } from '../../../services/admin/definitions.service';
import type { GqlContext } from '../../context';
import { AuditPageType } from './admin.type';
import { AuditFilterInput } from './org-admin.input';

/** Definitions as files, and the audit of every change. */
@Resolver()
export class DefinitionsAdminResolver {
  @Mutation(() => GraphQLJSONObject, {
    description: 'Import a definitions file (YAML or JSON) as `loongate import` does (superusers); answers created/updated/unchanged/removed per kind.',
  })
  importDefinitions(
    @Ctx() ctx: GqlContext,
    @Arg('yaml', { description: 'The definitions file text, YAML or JSON, in the format `loongate export` writes.' }) yaml: string,
    @Arg('force', () => Boolean, { nullable: true, description: 'Go ahead even when live tickets would be stranded.' }) force?: boolean | null,
  ): Promise<ImportSummary> {
    return importDefinitionText(ctx, yaml, force ?? false);
  }

  @Query(() => String, {
    description: 'Workflows (default: those the user manages) with every dept, user and role, as YAML in the import format; apps are left out.',
  })
  exportDefinitions(
    @Ctx() ctx: GqlContext,
    @Arg('workflowIds', () => [Int], { nullable: true, description: 'Only these workflows; default: every workflow the user manages.' }) workflowIds?:
      | number[]
      | null,
  ): Promise<string> {
    return exportDefinitionText(ctx, workflowIds);
  }

  @Query(() => AuditPageType, { description: 'Changes to the definitions, newest first: superusers see all, workflow admins those of a workflow they manage.' })
  auditEntries(
    @Ctx() ctx: GqlContext,
    @Arg('filter', () => AuditFilterInput, { nullable: true, description: 'Which entries to list; default: all the caller may see.' })
    filter?: AuditFilterInput | null,
    @Arg('page', () => Int, { defaultValue: 1, description: 'Page number, from 1.' }) page = 1,
    @Arg('perPage', () => Int, { defaultValue: 20, description: 'Entries per page.' }) perPage = 20,
  ): Promise<AuditPage> {
    return listAuditEntries(ctx, filter ?? {}, page, perPage);
  }
}
