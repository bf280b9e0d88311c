import { HeaderMap, type ApolloServerPlugin, type BaseContext } from '@apollo/server';
import type { GraphQLSchema } from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';
import { LRUCache } from 'lru-cache';

/**
 * Run repeated GraphQL queries through graphql-jit: a query document seen a second time is compiled
 * once into a function (same schema, resolvers and variable coercion) and later requests skip
 * graphql-js's walk of the document. Only queries, and only their clean results: a compiled run that
 * reports errors is handed back to Apollo, which runs the read again with graphql-js, so errors are
 * coerced, formatted and logged exactly as for any other request. Mutations never run twice.
 */
export function jitQueries(schema: GraphQLSchema, maxQueries = 500): ApolloServerPlugin<BaseContext> {
  const compiled = new LRUCache<string, CompiledQuery | false>({ max: maxQueries });
  const seenOnce = new LRUCache<string, true>({ max: maxQueries * 4 });
  const lookup = (key: string, compile: () => CompiledQuery | false): CompiledQuery | false | undefined => {
    const known = compiled.get(key);
    if (known !== undefined) return known;
    if (!seenOnce.has(key)) return void seenOnce.set(key, true);
    const made = compile();
    compiled.set(key, made);
    return made;
  };
  return {
    async requestDidStart() {
      return {
        async responseForOperation(rc) {
          if (rc.operation?.operation !== 'query' || !rc.queryHash) return null;
          const query = lookup(`${rc.queryHash} ${rc.operationName ?? ''}`, () => {
            const made = compileQuery(schema, rc.document, rc.operationName ?? undefined);
            return isCompiledQuery(made) ? made : false;
          });
          if (!query) return null;
          const result = await query.query(undefined, rc.contextValue, rc.request.variables ?? {});
          if (result.errors?.length) return null;
          return { http: { status: undefined, headers: new HeaderMap() }, body: { kind: 'single', singleResult: { data: result.data } } };
        },
      };
    },
  };
}
