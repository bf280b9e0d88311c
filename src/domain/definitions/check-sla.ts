import { mapSlaRefs } from '../sla/rules';
import type { Escalation } from '../sla/schema';
import type { PathSegment } from './errors';
import type { Context } from './refs';

/**
 * Resolve the roles and depts an SLA's escalations reassign to (reporting unknown ones at `path`): each becomes the
 * id of an existing or pinned row, or the name of a row this import creates, which the writer turns into its id.
 */
export function resolveSlaRefs<S extends { escalations: Escalation[] }>(sla: S, path: readonly PathSegment[], ctx: Context): S {
  return mapSlaRefs(sla, (kind, ref, i) => {
    const index = kind === 'role' ? ctx.roles : ctx.depts;
    const resolved = index.resolve(ref, [...path, i, `reassign_${kind}`]);
    if (!resolved) return 0;
    return 'id' in resolved ? resolved.id : resolved.name;
  });
}
