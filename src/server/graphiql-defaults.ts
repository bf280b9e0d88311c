import { isIP } from 'node:net';
import type { MikroORM } from '@mikro-orm/core';
import { DEMO_DEFINITIONS, type Config } from '../config';
import { App } from '../db/entities';

/** The demo app's token (definitions/demo.yaml). */
export const DEMO_TOKEN = '8cd585da-3cc6-11e8-9946-784f437daad6';

/** The headers GraphiQL shows when it may not hand out the demo token. */
export const PLACEHOLDER_HEADERS: Readonly<Record<string, string>> = { Authorization: 'Bearer <app token>', username: '<username>' };

/** Whether a HOST value only accepts connections from this machine (127.0.0.0/8, ::1, localhost). */
export function isLoopbackHost(host: string): boolean {
  const h = host
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1');
  if (h === 'localhost') return true;
  if (isIP(h) === 4) return h.startsWith('127.');
  if (isIP(h) === 6) return h === '::1' || /^::ffff:127\./.test(h);
  return false;
}

/**
 * Whether GraphiQL may be prefilled with the demo app's token: only a server that listens on a loopback
 * address and runs with the bundled demo seed, so the token never reaches another machine, nor a
 * database whose apps were set up by someone else.
 */
export function mayPrefillDemoToken(config: Pick<Config, 'host' | 'seed'>): boolean {
  return isLoopbackHost(config.host) && config.seed === DEMO_DEFINITIONS;
}

/** The headers GraphiQL opens with: the demo app's when allowed and that app exists, placeholders otherwise. */
export async function graphiqlHeaders(orm: MikroORM, config: Pick<Config, 'host' | 'seed'>): Promise<Record<string, string>> {
  if (!mayPrefillDemoToken(config)) return { ...PLACEHOLDER_HEADERS };
  const demo = await orm.em.fork().findOne(App, { token: DEMO_TOKEN, isDeleted: false });
  return demo ? { Authorization: `Bearer ${demo.token}`, username: 'admin' } : { ...PLACEHOLDER_HEADERS };
}

/** The example GraphiQL opens with. */
export const EXAMPLE_QUERY = `# Welcome to loongate. The headers below act as the demo app and user admin.
query Workflows {
  workflows {
    id
    name
    initState {
      name
      transitions { id name }
      fieldList { fieldKey fieldName fieldAttribute }
    }
  }
  tickets(category: ALL, perPage: 5) {
    total
    items { id sn title state { name } participantInfo { participantAlias } }
  }
}
`;
