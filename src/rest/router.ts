import type { MikroORM } from '@mikro-orm/core';
import express, { type Request, type Response, type Router } from 'express';
import { compileQuery, isCompiledQuery } from 'graphql-jit';
import { type ExecutionResult, getNamedType, GraphQLError, isInputObjectType, Kind, typeFromAST, validate, type GraphQLSchema } from 'graphql';
import type { Logger } from 'pino';
import type { Config } from '../config';
import { AppError, ErrorCode } from '../domain/errors';
import { createContext, type GqlContext } from '../graphql/context';
import { createFormatError, toAppError } from '../graphql/format-error';
import { checkedKey, claimKey, fingerprintOf, IDEMPOTENCY_HEADER, type KeyClaim, REPLAYED_HEADER } from '../services/idempotency';
import { requestScope } from '../services/large-pages';
import { bodyText, parseLoonflowBody } from './body';
import { fail, ok, statusOf, type Envelope } from './envelope';
import type { RouteInput } from './params';
import { loonflowWording } from './loonflow-wording';
import { restRefusalMessage } from './refusal-names';
import type { RouteDef } from './route';
import { ROUTES } from './routes';

/** Dependencies of the REST face. */
export interface RestOptions {
  schema: GraphQLSchema;
  orm: MikroORM;
  config: Config;
  logger: Logger;
}

/** A route's answer before it is sent: the envelope and, for a failure, its error code. */
interface Answer {
  body: Envelope;
  code?: string;
  /** A route that answers with a file (a CSV export) instead of the envelope. */
  file?: { type: string; filename: string; body: string };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function routeInput(req: Request): RouteInput {
  const { strict_status: _s, ...query } = req.query as Record<string, unknown>;
  const { body, hasBody } = parseLoonflowBody(typeof req.body === 'string' ? req.body : undefined, req.headers['content-type']);
  return { params: req.params as Record<string, string>, query, body, hasBody };
}

function withIfMatch(variables: Record<string, unknown>, req: Request): Record<string, unknown> {
  const tag = req.header('if-match')?.replace(/^W\//, '').replace(/"/g, '');
  if (!tag || !isObject(variables.input)) return variables;
  if (!/^\d{1,10}$/.test(tag) || Number(tag) > 2_147_483_647) throw AppError.badInput('If-Match: expected the ticket version (an integer)');
  return { ...variables, input: { ...variables.input, expectedVersion: Number(tag) } };
}

function takesVersion(schema: GraphQLSchema, route: RouteDef<any, any>): boolean {
  const op = route.document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION);
  const input = op?.kind === Kind.OPERATION_DEFINITION ? op.variableDefinitions?.find((v) => v.variable.name.value === 'input') : undefined;
  const type = input && typeFromAST(schema, input.type);
  const named = type && getNamedType(type);
  return !!named && isInputObjectType(named) && 'expectedVersion' in named.getFields();
}

/**
 * The route's operation compiled once into a function (graphql-jit): the same schema, resolvers and
 * variable coercion as \`execute\`, without walking the document on every request.
 */
function compiled(schema: GraphQLSchema, route: RouteDef<any, any>) {
  const query = compileQuery(schema, route.document);
  if (!isCompiledQuery(query))
    throw new Error(`REST operation for ${route.method.toUpperCase()} ${route.path} does not compile: ${(query as ExecutionResult).errors?.[0]?.message}`);
  return (variables: Record<string, unknown>, context: unknown) => Promise.resolve(query.query(undefined, context, variables));
}

/** Build the /api/v1.0 router from the route table; every operation is validated once here. */
export function createRestRouter(opts: RestOptions): Router {
  const { schema, orm, config, logger } = opts;
  const formatError = createFormatError(logger);
  const router = express.Router();

  const statusFor = (req: Request, body: Envelope, code: string) => {
    const strict = config.strictStatus || req.query.strict_status === '1';
    return strict && body.code !== 0 ? statusOf(code) : 200;
  };
  const send = (req: Request, res: Response, body: Envelope, code = ErrorCode.INTERNAL as string) => {
    res.status(statusFor(req, body, code)).json(body);
    (res.locals.context as GqlContext | undefined)?.request?.done();
  };
  const failure = (err: unknown): Answer => {
    const refusal = err instanceof GraphQLError ? null : toAppError(err);
    const code = refusal ? refusal.code : err instanceof GraphQLError ? String(err.extensions.code) : ErrorCode.INTERNAL;
    if (code === ErrorCode.INTERNAL) logger.error({ err }, 'REST route failed');
    const message = refusal ? (loonflowWording(refusal.detail) ?? refusal.message) : (err as Error).message;
    return { body: fail(code === ErrorCode.INTERNAL ? 'internal error' : message, code), code };
  };
  const refuse = (req: Request, res: Response, err: unknown) => {
    const { body, code } = failure(err);
    send(req, res, body, code);
  };

  // Every request is authenticated before it is routed or its body read, as loonflow's middleware does: an
  // unsigned call to a path or method that does not exist is refused like any other.
  router.use(async (req, res, next) => {
    try {
      res.locals.context = await createContext(orm, config, (name) => req.header(name) ?? undefined, requestScope(res));
    } catch (err) {
      return refuse(req, res, err);
    }
    next();
  });
  router.use(bodyText());

  const handler = (route: RouteDef<any, any>) => {
    const versioned = takesVersion(schema, route);
    const run = compiled(schema, route);
    const answer = async (req: Request, input: RouteInput, contextValue: GqlContext): Promise<Answer> => {
      const variables = route.variables(input);
      const variableValues = versioned ? withIfMatch(variables, req) : variables;
      const result = await run(variableValues, contextValue);
      if (result.errors?.length) {
        const formatted = formatError(result.errors[0].toJSON(), result.errors[0]);
        const message = restRefusalMessage(formatted.extensions?.issues) ?? loonflowWording(formatted.extensions) ?? formatted.message;
        return { body: fail(message, String(formatted.extensions?.code)), code: String(formatted.extensions?.code) };
      }
      const file = route.download?.(result.data, input);
      if (file) return { body: ok(null), file };
      return { body: ok(route.present(result.data, { timeZone: config.timeZone }, input), route.message) };
    };
    return async (req: Request, res: Response) => {
      const contextValue = res.locals.context as GqlContext;
      const key = route.method === 'get' ? undefined : req.header(IDEMPOTENCY_HEADER);
      let claim: KeyClaim | null = null;
      try {
        const input = routeInput(req);
        if (key === undefined) {
          const { body, code, file } = await answer(req, input, contextValue);
          if (!file) return send(req, res, body, code);
          res.type(file.type).attachment(file.filename).send(file.body);
          return contextValue.request?.done();
        }
        const fingerprint = fingerprintOf({
          method: route.method,
          path: req.path,
          query: input.query,
          body: input.body,
          ifMatch: req.header('if-match') ?? null,
        });
        const outcome = await claimKey(
          contextValue.em,
          { appId: contextValue.app.id, username: contextValue.username, key: checkedKey(key), fingerprint },
          config.idempotencyTtlSeconds,
        );
        if ('replay' in outcome) {
          res.status(outcome.replay.status).set(REPLAYED_HEADER, 'true').type('json').send(outcome.replay.body);
          return contextValue.request?.done();
        }
        claim = outcome.claim;
        const { body, code = ErrorCode.INTERNAL } = await answer(req, input, contextValue);
        const held = claim;
        claim = null;
        if (body.code !== 0) await held.abandon();
        else await held.complete({ status: statusFor(req, body, code), body: JSON.stringify(body) });
        send(req, res, body, code);
      } catch (err) {
        await claim?.abandon().catch((again: unknown) => logger.error({ err: again }, 'REST route could not roll back'));
        refuse(req, res, err);
      }
    };
  };

  const methodsByPath = new Map<string, string[]>();
  for (const route of ROUTES as RouteDef<any, any>[]) {
    const errors = validate(schema, route.document);
    if (errors.length) throw new Error(`REST operation for ${route.method.toUpperCase()} ${route.path} is invalid: ${errors[0].message}`);
    const path = route.path.replace(/\{(\w+)\}/g, ':$1');
    router[route.method](path, handler(route));
    methodsByPath.set(path, [...(methodsByPath.get(path) ?? []), route.method.toUpperCase()]);
  }
  for (const [path, methods] of methodsByPath) {
    router.all(
      path,
      (req, res) =>
        void res
          .status(405)
          .set('Allow', methods.join(', '))
          .json(fail(`method ${req.method} is not allowed here (allowed: ${methods.join(', ')})`, ErrorCode.BAD_INPUT)),
    );
  }
  router.use((req, res) => void res.status(404).json(fail(`no route ${req.method} ${req.baseUrl}${req.path}`, ErrorCode.NOT_FOUND)));
  return router;
}
