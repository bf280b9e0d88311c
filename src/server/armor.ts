import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { ParseOptions } from 'graphql';

/** The limits every GraphQL request must stay within. */
export const GRAPHQL_LIMITS = { depth: 20, aliases: 15, tokens: 3000, cost: 2000, directives: 30 } as const;

/**
 * graphql-armor's Apollo plugins and validation rules (introspection counts for depth, which GraphiQL's own query
 * stays within), and the token limit as a parse option: armor's max-tokens plugin throws from `parsingDidStart`, which
 * Apollo answers with HTTP 500 (for syntax errors too); graphql-js's `maxTokens` fails the parse itself, a syntax
 * error Apollo answers with HTTP 400. `suggestions`: keep graphql-js's "Did you mean …?" hints in validation errors
 * (outside production); off, armor removes them so that errors do not spell out the schema.
 */
export function graphqlArmor(opts: { suggestions: boolean } = { suggestions: false }) {
  const armor = new ApolloArmor({
    maxDepth: { n: GRAPHQL_LIMITS.depth, ignoreIntrospection: false, flattenFragments: true },
    maxAliases: { n: GRAPHQL_LIMITS.aliases },
    maxTokens: { enabled: false },
    maxDirectives: { n: GRAPHQL_LIMITS.directives },
    costLimit: { maxCost: GRAPHQL_LIMITS.cost, ignoreIntrospection: true },
    blockFieldSuggestion: { enabled: !opts.suggestions },
  }).protect();
  const parseOptions: ParseOptions = { maxTokens: GRAPHQL_LIMITS.tokens };
  return { ...armor, parseOptions };
}
