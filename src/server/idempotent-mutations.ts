import type { ApolloServerPlugin, GraphQLRequestContextResponseForOperation, GraphQLResponse } from '@apollo/server';
import { HeaderMap } from '@apollo/server';
import { type DocumentNode, type FormattedExecutionResult, print } from 'graphql';
import { AppError } from '../domain/errors';
import type { GqlContext } from '../graphql/context';
import { toAppError } from '../graphql/format-error';
import { IDEMPOTENCY_KEY_FIELD, mayCarryKey, mutationFieldsOf } from '../graphql/idempotency-key';
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

/** Documents as printed for fingerprints: Apollo hands repeats of a query the same parsed document, so each prints once. */
const printedDocuments = new WeakMap<DocumentNode, string>();

function printed(document: DocumentNode): string {
  let text = printedDocuments.get(document);
  if (text === undefined) printedDocuments.set(document, (text = print(document)));
  return text;
}

/** The key a request runs under and the fingerprint of what it asks. */
interface KeyedUnit {
  key: string;
  fingerprint: string;
}

/**
 * What a mutation request is keyed by, or null for none. The header keys the whole request (its document,
 * operation name and variables); without it, the one mutation of the request may carry `idempotencyKey`, and
 * the fingerprint is that mutation's field and arguments without the key. Refused: input keys that differ from
 * the header, and input keys in a request of several mutations, which share one transaction and one answer.
 */
function keyedUnit(rc: GraphQLRequestContextResponseForOperation<GqlContext>, header: string | undefined): KeyedUnit | null {
  const variables = rc.request.variables ?? {};
  const wholeRequest = () => ({
    key: checkedKey(header!),
    fingerprint: fingerprintOf({ document: printed(rc.document), operationName: rc.operationName ?? null, variables }),
  });
  const fields = mayCarryKey(rc.source, variables) ? mutationFieldsOf(rc.schema, rc.document, rc.operation, variables) : [];
  const keyed = (fields ?? []).filter((f) => f.key !== null);
  if (header !== undefined) {
    const other = keyed.find((f) => f.key !== header);
    if (other) {
      throw AppError.badInput(
        `${IDEMPOTENCY_KEY_FIELD} "${other.key}" of ${other.name} differs from the Idempotency-Key header "${header}": send one key, or the same in both`,
        { parameter: IDEMPOTENCY_KEY_FIELD },
      );
    }
    return wholeRequest();
  }
  if (!keyed.length || !fields) return null;
  if (fields.length > 1) {
    throw AppError.badInput(
      `${IDEMPOTENCY_KEY_FIELD} of ${keyed.map((f) => f.name).join(', ')}: the ${fields.length} mutations of this request run in one transaction ` +
        'with one answer, so they cannot be keyed one by one; send each keyed mutation in a request of its own, or key the whole request with the Idempotency-Key header',
      { parameter: IDEMPOTENCY_KEY_FIELD },
    );
  }
  const [field] = keyed;
  return { key: checkedKey(field.key!, IDEMPOTENCY_KEY_FIELD), fingerprint: fingerprintOf(field.request) };
}

/**
 * Idempotency keys on GraphQL mutations, sent as the `Idempotency-Key` header or as the `idempotencyKey` of a
 * mutation's input (or argument): the first request with a key runs inside one transaction that also stores its
 * answer; a repeat with the same key and request gets that answer back (header `Idempotent-Replayed: true`,
 * extension `idempotentReplayed`) without running. A request answered with errors changes nothing and leaves
 * the key free. Queries ignore the header.
 */
export function idempotentMutations(ttlSeconds: number): ApolloServerPlugin<GqlContext> {
  return {
    async requestDidStart(start) {
      const header = start.request.http?.headers.get(IDEMPOTENCY_HEADER);
      if (header === undefined && !mayCarryKey(start.request.query, start.request.variables)) return {};
      let claim: KeyClaim | null = null;
      return {
        async responseForOperation(rc) {
          if (rc.operation?.operation !== 'mutation') return null;
          const ctx = rc.contextValue;
          try {
            const unit = keyedUnit(rc, header);
            if (!unit) return null;
            const outcome = await claimKey(ctx.em, { appId: ctx.app.id, username: ctx.username, ...unit }, ttlSeconds);
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
