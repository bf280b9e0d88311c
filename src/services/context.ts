import type { EntityManager } from '@mikro-orm/core';
import type { Config } from '../config';
import type { App, User } from '../db/entities';
import type { RequestScope } from './large-pages';

/** What every service call receives first: the request's entity manager, caller and actor. */
export interface ServiceContext {
  em: EntityManager;
  config: Config;
  /** The authenticated API caller. */
  app: App;
  /** The acting user's name from the `username` header ('' when absent). */
  username: string;
  /** The acting user's row, when the name is a known user. */
  user: User | null;
  /** The HTTP request served, when there is one (the worker acts without). */
  request?: RequestScope;
  /** The outbox worker acting for hooks, timers, scripts and sub-tickets (no user behind it). */
  system?: boolean;
}
