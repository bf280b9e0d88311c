import { buildSchema, buildSchemaSync, type BuildSchemaOptions } from 'type-graphql';
import type { GraphQLSchema } from 'graphql';
import { ADMIN_RESOLVERS } from './resolvers/admin';
import { AutomationResolver, JobResolver } from './resolvers/automation.resolver';
import { FlowLogResolver } from './resolvers/flow-log.resolver';
import { OrgResolver } from './resolvers/org.resolver';
import { TicketMutationResolver } from './resolvers/ticket-mutation.resolver';
import { AvailableTransitionResolver, TicketResolver } from './resolvers/ticket.resolver';
import { CustomFieldResolver, StateResolver, TicketFieldResolver, TransitionResolver, WorkflowResolver } from './resolvers/workflow.resolver';

const options: BuildSchemaOptions = {
  resolvers: [
    WorkflowResolver, StateResolver, TransitionResolver, CustomFieldResolver, TicketFieldResolver,
    OrgResolver, TicketResolver, AvailableTransitionResolver, FlowLogResolver, TicketMutationResolver, AutomationResolver, JobResolver, ...ADMIN_RESOLVERS,
  ],
  validate: false,
};

/** Build the GraphQL schema. */
export function buildLoongateSchema(): Promise<GraphQLSchema> {
  return buildSchema(options);
}

/** Build the schema synchronously (codegen). */
export function buildLoongateSchemaSync(): GraphQLSchema {
  return buildSchemaSync(options);
}
