import { ACCOUNT_ROUTES } from './routes-admin-accounts';
import { WORKFLOW_ADMIN_ROUTES } from './routes-admin-workflows';

/** The definition-management routes (workflows, states, transitions, custom fields, accounts), for the one table. */
export const ADMIN_ROUTES = [...WORKFLOW_ADMIN_ROUTES, ...ACCOUNT_ROUTES];
