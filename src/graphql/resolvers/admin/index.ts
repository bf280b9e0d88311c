import { AppAdminResolver } from './app-admin.resolver';
import { DefinitionsAdminResolver } from './definitions-admin.resolver';
import { OrgAdminResolver } from './org-admin.resolver';
import { StateAdminResolver } from './state-admin.resolver';
import { WorkflowAdminResolver } from './workflow-admin.resolver';

/** The resolvers that manage definitions. */
export const ADMIN_RESOLVERS = [WorkflowAdminResolver, StateAdminResolver, OrgAdminResolver, AppAdminResolver, DefinitionsAdminResolver] as const;
