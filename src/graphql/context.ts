import type { EntityManager, MikroORM } from '@mikro-orm/core';
import { GraphQLError } from 'graphql';
import type { Config } from '../config';
import type { EventPump } from '../events/pump';
import { refreshCatalog } from '../db/catalog';
import { AppError, ErrorCode } from '../domain/errors';
import type { HeaderReader } from '../services/auth.service';
import type { RequestScope } from '../services/large-pages';
import { authenticateRequest } from '../services/request-auth';
import type { ServiceContext } from '../services/context';
import { createLoaders, type Loaders } from './loaders';

/** The GraphQL context of one request: the service context plus per-request loaders. */
export interface GqlContext extends ServiceContext {
  loaders: Loaders;
  em: EntityManager;
  /** The process's event pump, on a subscription socket. */
  pump?: EventPump;
}

/** Authenticate a request and build its context (both faces use this). */
export async function createContext(orm: MikroORM, config: Config, header: HeaderReader, request?: RequestScope): Promise<GqlContext> {
  const em = orm.em.fork();
  await refreshCatalog(em);
  try {
    const caller = await authenticateRequest(em, config, header);
    return { em, config, ...caller, loaders: createLoaders(em), request };
  } catch (err) {
    if (err instanceof AppError) {
      const status = err.code === ErrorCode.FORBIDDEN ? 403 : 401;
      throw new GraphQLError(err.message, { extensions: { code: err.code, http: { status } } });
    }
    throw err;
  }
}
