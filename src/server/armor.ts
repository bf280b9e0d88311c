import { ApolloArmor } from '@escape.tech/graphql-armor';

/** The limits every GraphQL request must stay within. */
export const GRAPHQL_LIMITS = { depth: 20, aliases: 15, tokens: 3000, cost: 2000, directives: 30 } as const;

/** graphql-armor's Apollo plugins and validation rules (introspection counts for depth, which GraphiQL's own query stays within). */
export function graphqlArmor() {
  return new ApolloArmor({
    maxDepth: { n: GRAPHQL_LIMITS.depth, ignoreIntrospection: false, flattenFragments: true },
    maxAliases: { n: GRAPHQL_LIMITS.aliases },
    maxTokens: { n: GRAPHQL_LIMITS.tokens },
    maxDirectives: { n: GRAPHQL_LIMITS.directives },
    costLimit: { maxCost: GRAPHQL_LIMITS.cost, ignoreIntrospection: true },
    blockFieldSuggestion: { enabled: true },
  }).protect();
}
