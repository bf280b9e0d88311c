import { type ApolloServerPlugin, type GraphQLResponse, HeaderMap } from '@apollo/server';
import { type FormattedExecutionResult, print } from 'graphql';
import { AppError } from '../domain/errors';
import type { GqlContext } from '../graphql/context';
import { toAppError } from '../graphql/format-error';
import { checkedKey, claimKey, fingerprintOf, IDEMPOTENCY_HEADER, type KeyClaim, REPLAYED_HEADER, type StoredAnswer } from '../services/idempotency';

function single(result: FormattedExecutionResult, status?: number, replayed = false): GraphQLResponse {
  const headers = new HeaderMap();
  if (replayed) headers.set(REPLAYED_HEADER, 'true');
  return { http: { status, headers }, body: { kind: 'single', singleResult: result } };
}

function replay(answer: StoredAnswer): GraphQLResponse {
  const stored = JSON.parse(answer.body) as FormattedExecutionResult;
  return single({ ...stored, extensions: { ...stored.extensions, idempotentReplayed: true } }, answer.status, true);
}

/**
 * `Idempotency-Key` on a GraphQL mutation request: the first request with a key runs inside one transaction that
 * also stores its answer; a repeat with the same operation and variables gets that answer back (header
 * `Idempotent-Replayed: true`, extension `idempotentReplayed`) without running. A request answered with errors
 * changes nothing and leaves the key free. Queries ignore the header.
 */
export function idempotentMutations(ttlSeconds: number): ApolloServerPlugin<GqlContext> {
  return {
    async requestDidStart(start) {
      const raw = start.request.http?.headers.get(IDEMPOTENCY_HEADER);
      if (raw === undefined) return {};
      let claim: KeyClaim | null = null;
      return {
        async responseForOperation(rc) {
          if (rc.operation?.operation !== 'mutation') return null;
          const ctx = rc.contextValue;
          try {
            const fingerprint = fingerprintOf({ document: print(rc.document), operationName: rc.operationName ?? null, variables: rc.request.variables ?? {} });
            const outcome = await claimKey(ctx.em, { appId: ctx.app.id, username: ctx.username, key: checkedKey(raw), fingerprint }, ttlSeconds);
            if ('replay' in outcome) return replay(outcome.replay);
            claim = outcome.claim;
            return null;
          } catch (err) {
            if (!(err instanceof AppError)) throw err;
            return single({ errors: [{ message: err.message, extensions: { code: err.code, ...err.detail } }] });
          }
        },
        async willSendResponse(rc) {
          const held = claim;
          claim = null;
          if (!held) return;
          const { body, http } = rc.response;
          if (body.kind !== 'single') return held.abandon();
          if (body.singleResult.errors?.length) {
            await held.abandon();
            // The effects are rolled back: data the mutation answered before an error no longer exists.
            if (body.singleResult.data) body.singleResult = { ...body.singleResult, data: null };
            return;
          }
          try {
            await held.complete({ status: http.status ?? 200, body: JSON.stringify(body.singleResult) });
          } catch (err) {
            const refusal = toAppError(err);
            if (!refusal) throw err;
            body.singleResult = { errors: [{ message: refusal.message, extensions: { code: refusal.code, ...refusal.detail } }], data: null };
          }
        },
      };
    },
  };
}
