import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { getNullableType, GraphQLError, isListType, isObjectType, type DocumentNode, type GraphQLCompositeType, type GraphQLSchema } from 'graphql';
import { getComplexity, type ComplexityEstimator } from 'graphql-query-complexity';
import { ErrorCode } from '../domain/errors';
import { MAX_PER_PAGE } from '../domain/paging';

/**
 * The cost budget of one GraphQL request: about how many values its answer may hold, each field counting once per
 * item of every list around it. A list's size is its page size (`perPage`) or the ids it is given (`ids`), so
 * 15 aliases of `tickets(perPage: 1000) { items { flowLogs(perPage: 1000) { … } } }` cost some 15 million and are
 * refused before anything runs, while a page of 1,000 tickets with their details stays well within, and so does the
 * largest page either face serves (10,000 rows), which the REST face must be able to ask for.
 */
export const QUERY_COST_BUDGET = 1_000_000;

/** The size assumed for a list that takes no page size (workflows, states, users, a ticket's flow steps, …). */
export const UNPAGED_LIST_SIZE = 20;

/** The most fields one request may select once fragments are expanded. */
const MAX_QUERY_NODES = 10_000;

const isPage = (type: GraphQLCompositeType) => isObjectType(type) && 'perPage' in type.getFields();

/** How many items a field answers: its page size (as served) or ids; a page's items were counted by the field that returned the page. */
function itemsOf(type: GraphQLCompositeType, args: Record<string, unknown>, isList: boolean): number {
  if (typeof args.perPage === 'number') return Math.max(0, Math.min(args.perPage, MAX_PER_PAGE));
  if (Array.isArray(args.ids)) return args.ids.length;
  if (!isList || isPage(type)) return 1;
  return UNPAGED_LIST_SIZE;
}

/** Each field costs 1, and what it selects costs once per item it answers; introspection is free. */
export const pageSizeEstimator: ComplexityEstimator = ({ type, field, args, childComplexity }) => {
  if (field.name.startsWith('__') || type.name.startsWith('__')) return 0;
  return 1 + itemsOf(type, args, isListType(getNullableType(field.type))) * childComplexity;
};

/** The cost of an operation with its variables (it throws a GraphQLError when the document or variables are bad). */
export function queryCost(schema: GraphQLSchema, query: DocumentNode, variables: Record<string, unknown> = {}, operationName?: string): number {
  return getComplexity({ schema, query, variables, operationName, estimators: [pageSizeEstimator], maxQueryNodes: MAX_QUERY_NODES });
}

function refuse(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.BAD_INPUT, http: { status: 400 } } });
}

/** Refuse, with HTTP 400 and BAD_INPUT naming the budget, an operation whose cost with its variables is over budget. */
export function queryCostLimit(budget = QUERY_COST_BUDGET): ApolloServerPlugin<BaseContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, request, operationName }) {
          let cost: number;
          try {
            cost = queryCost(schema, document, request.variables ?? {}, operationName ?? undefined);
          } catch (error) {
            if (error instanceof GraphQLError && /maximum allowed number of nodes/i.test(error.message)) {
              throw refuse(`the query selects more than ${MAX_QUERY_NODES.toLocaleString('en-US')} fields once its fragments are expanded`);
            }
            return;
          }
          if (cost > budget) {
            throw refuse(
              `the query costs ${cost.toLocaleString('en-US')}, over the budget of ${budget.toLocaleString('en-US')} per request (each field counts once per item of the lists around it: lower perPage, or ask for fewer fields or aliases)`,
            );
          }
        },
      };
    },
  };
}
