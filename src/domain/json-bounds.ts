/** One step of a path into a JSON value: an object key or an array index. */
export type JsonPathStep = string | number;

/** How large and how deep a JSON value may be; absent bounds are not checked. */
export interface JsonBounds {
  /** Levels of nested lists and objects (a scalar is 0 deep, `[1]` 1, `[[1]]` 2). */
  maxDepth: number;
  /** Values counted one by one (every list, object and scalar), shared references counted each time they appear. */
  maxValues?: number;
  /** Characters of the value written as JSON. */
  maxChars?: number;
}

/** Where a value first went past one of its bounds, in document order. */
export interface JsonOverflow {
  bound: 'depth' | 'values' | 'chars';
  limit: number;
  path: JsonPathStep[];
}

interface Frame {
  value: unknown;
  depth: number;
  parent: Frame | null;
  key: JsonPathStep | null;
}

function pathOf(frame: Frame): JsonPathStep[] {
  const path: JsonPathStep[] = [];
  for (let f: Frame | null = frame; f && f.key !== null; f = f.parent) path.push(f.key);
  return path.reverse();
}

function scalarChars(value: unknown): number {
  if (typeof value === 'string') return JSON.stringify(value).length;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value).length;
  return 4;
}

/**
 * Walk a parsed JSON (or YAML) value without recursion and report where it first goes past a bound; null when
 * it stays within them. The walk stops at the first overflow, so its cost is bounded by the bounds, not by the
 * value: a document whose aliases expand to millions of values is refused after `maxValues` steps.
 */
export function jsonOverflow(value: unknown, bounds: JsonBounds): JsonOverflow | null {
  const stack: Frame[] = [{ value, depth: 0, parent: null, key: null }];
  let values = 0;
  let chars = 0;
  while (stack.length) {
    const frame = stack.pop()!;
    const v = frame.value;
    values += 1;
    if (v !== null && typeof v === 'object') {
      if (frame.depth >= bounds.maxDepth) return { bound: 'depth', limit: bounds.maxDepth, path: pathOf(frame) };
      const depth = frame.depth + 1;
      if (Array.isArray(v)) {
        chars += 1 + Math.max(v.length, 1);
        for (let i = v.length - 1; i >= 0; i--) stack.push({ value: v[i], depth, parent: frame, key: i });
      } else {
        const keys = Object.keys(v);
        chars += 1 + Math.max(keys.length, 1);
        for (let i = keys.length - 1; i >= 0; i--) {
          chars += JSON.stringify(keys[i]).length + 1;
          stack.push({ value: (v as Record<string, unknown>)[keys[i]!], depth, parent: frame, key: keys[i]! });
        }
      }
    } else {
      chars += scalarChars(v);
    }
    if (bounds.maxValues !== undefined && values > bounds.maxValues) return { bound: 'values', limit: bounds.maxValues, path: pathOf(frame) };
    if (bounds.maxChars !== undefined && chars > bounds.maxChars) return { bound: 'chars', limit: bounds.maxChars, path: pathOf(frame) };
  }
  return null;
}

/** A person-readable description of an overflow (without its path). */
export function describeOverflow(overflow: JsonOverflow): string {
  const n = overflow.limit.toLocaleString('en-US');
  if (overflow.bound === 'depth') return `nested deeper than ${n} levels`;
  if (overflow.bound === 'values') return `more than ${n} values`;
  return `longer than ${n} characters as JSON`;
}
