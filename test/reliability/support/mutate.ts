import fc from 'fast-check';
import { anyValue, deepValue, hostileKey, repeatTo } from './hostile';

/** One change to a valid-shaped input: keep it, replace a node, drop a key, or add an unknown key. */
export type Op =
  | { kind: 'keep' }
  | { kind: 'replace'; pick: number; value: unknown }
  | { kind: 'drop'; pick: number }
  | { kind: 'extra'; pick: number; key: string; value: unknown };

const huge = fc.constantFrom(100_001, 900_000).map((n) => repeatTo('x', n));

/** A random change; wrong types, nulls, deep JSON and huge strings replace nodes. */
export const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.constant<Op>({ kind: 'keep' }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('replace' as const), pick: fc.nat(), value: anyValue }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('replace' as const), pick: fc.nat(), value: fc.constant(null) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('replace' as const), pick: fc.nat(), value: fc.oneof(deepValue, huge) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('drop' as const), pick: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('extra' as const), pick: fc.nat(), key: hostileKey, value: anyValue }) },
);

type Slot = { parent: Record<string, unknown> | unknown[]; key: string | number };

function slots(node: unknown, depth = 0, out: Slot[] = []): Slot[] {
  if (!node || typeof node !== 'object' || depth > 4) return out;
  const entries = Array.isArray(node) ? node.map((v, i) => [i, v] as const) : Object.entries(node);
  for (const [key, value] of entries) {
    out.push({ parent: node as Slot['parent'], key });
    slots(value, depth + 1, out);
  }
  return out;
}

function objects(node: unknown, depth = 0, out: Record<string, unknown>[] = []): Record<string, unknown>[] {
  if (!node || typeof node !== 'object' || depth > 4) return out;
  if (!Array.isArray(node)) out.push(node as Record<string, unknown>);
  for (const value of Object.values(node)) objects(value, depth + 1, out);
  return out;
}

/** Apply the changes to a copy of a JSON tree. */
export function applyOps<T>(root: T, ops: Op[]): T {
  const copy = structuredClone(root);
  for (const op of ops) {
    if (op.kind === 'keep') continue;
    if (op.kind === 'extra') {
      const targets = objects(copy);
      if (targets.length)
        Object.defineProperty(targets[op.pick % targets.length], op.key, { value: op.value, enumerable: true, writable: true, configurable: true });
      continue;
    }
    const all = slots(copy);
    if (!all.length) continue;
    const { parent, key } = all[op.pick % all.length];
    if (op.kind === 'replace') (parent as Record<string | number, unknown>)[key] = op.value;
    else if (Array.isArray(parent)) parent.splice(Number(key), 1);
    else delete parent[key as string];
  }
  return copy;
}
