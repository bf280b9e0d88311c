import { hookUrlProblem } from '../hook-url';
import type { PathSegment } from './errors';
import type { PlanParticipant } from './plan';
import { resolveList, type Context } from './refs';
import type { ParticipantInput } from './schema-workflow';

/** Report a hook or notice URL the allow-list refuses (when the import names one). */
export function checkHookUrl(url: string, path: readonly PathSegment[], ctx: Context): void {
  if (ctx.hookAllow === undefined) return;
  const problem = hookUrlProblem(url, ctx.hookAllow);
  if (problem) ctx.issues.add(path, problem);
}

/** Resolve a state's participant: users, depts and roles must exist, `field` keys must be custom fields. */
export function resolveParticipant(p: ParticipantInput, path: readonly PathSegment[], ctx: Context, customKeys: ReadonlySet<string>): PlanParticipant {
  const value = [...path, 'value'];
  switch (p.type) {
    case 'none':
      return { type: 'none' };
    case 'user':
      ctx.users.check(p.value, value);
      return { type: 'user', username: p.value };
    case 'users':
      ctx.users.checkList(p.value, value);
      return { type: 'users', usernames: p.value };
    case 'dept':
      return { type: 'dept', depts: resolveList(ctx.depts, p.value, value, ctx.issues) ?? [] };
    case 'role':
      return { type: 'role', role: ctx.roles.resolve(p.value, value) ?? { id: 0 } };
    case 'variable':
      return { type: 'variable', names: p.value };
    case 'script':
      return { type: 'script', name: p.value };
    case 'field':
      p.value.forEach((key, i) => {
        if (!customKeys.has(key)) ctx.issues.add([...value, i], `unknown field "${key}" (not a custom field of this workflow)`);
      });
      return { type: 'field', keys: p.value };
    case 'parent_field':
      return { type: 'parent_field', keys: p.value };
    case 'hook':
      checkHookUrl(p.url, [...path, 'url'], ctx);
      return { type: 'hook', url: p.url, token: p.token, wait: p.wait, extraInfo: p.extra_info };
  }
}
