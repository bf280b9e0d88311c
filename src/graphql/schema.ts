import { buildSchema, buildSchemaSync, type BuildSchemaOptions } from 'type-graphql';
import type { GraphQLSchema } from 'graphql';
import { createPubSub } from '@graphql-yoga/subscription';
import { withIdempotencyKeys } from './idempotency-key';
import { ADMIN_RESOLVERS } from './resolvers/admin';
import { AutomationResolver, JobResolver } from './resolvers/automation.resolver';
import { ExplainResolver, TicketActionsResolver, WorkflowCanCreateResolver } from './resolvers/explain.resolver';
import { EventResolver } from './resolvers/event.resolver';
import { WebhookResolver } from './resolvers/webhook.resolver';
import { FlowLogResolver } from './resolvers/flow-log.resolver';
import { OrgResolver } from './resolvers/org.resolver';
import { SlaResolver, StateSlaResolver, WorkflowSlaResolver } from './resolvers/sla.resolver';
import { TicketMutationResolver } from './resolvers/ticket-mutation.resolver';
import { AvailableTransitionResolver, TicketResolver } from './resolvers/ticket.resolver';
import { CustomFieldResolver, StateResolver, TicketFieldResolver, TransitionResolver, WorkflowResolver } from './resolvers/workflow.resolver';
import { VersionResolver } from './resolvers/version.resolver';
import { MigrationResolver } from './resolvers/migration.resolver';

const options: BuildSchemaOptions = {
  resolvers: [
    WorkflowResolver,
    StateResolver,
    TransitionResolver,
    CustomFieldResolver,
    TicketFieldResolver,
    OrgResolver,
    TicketResolver,
    SlaResolver,
    WorkflowSlaResolver,
    StateSlaResolver,
    AvailableTransitionResolver,
    FlowLogResolver,
    TicketMutationResolver,
    AutomationResolver,
    JobResolver,
    ExplainResolver,
    TicketActionsResolver,
    WorkflowCanCreateResolver,
    EventResolver,
    WebhookResolver,
    VersionResolver,
    MigrationResolver,
    ...ADMIN_RESOLVERS,
  ],
  validate: false,
};

/** Describe the root types, which type-graphql creates without a description. */
function describeRoots(schema: GraphQLSchema): GraphQLSchema {
  schema.getQueryType()!.description =
    'Reads: tickets, workflows, people and definitions, as the calling app and the acting user (the username header) may see them.';
  schema.getMutationType()!.description = 'Changes: ticket actions (each one transaction with the ticket locked) and changes to the definitions.';
  schema.getSubscriptionType()!.description = 'Ticket events as they commit, over a graphql-ws WebSocket at /graphql (docs/events.md).';
  return schema;
}

/**
 * Build the GraphQL schema, every mutation with its idempotency key. The subscriptions join the process's event pump themselves; type-graphql asks for
 * a pub/sub all the same, and is given one nothing publishes on.
 */
export async function buildLoongateSchema(): Promise<GraphQLSchema> {
  return withIdempotencyKeys(describeRoots(await buildSchema({ ...options, pubSub: createPubSub() })));
}

/** Build the schema synchronously (codegen). */
export function buildLoongateSchemaSync(): GraphQLSchema {
  return withIdempotencyKeys(describeRoots(buildSchemaSync({ ...options, pubSub: createPubSub() })));
}
