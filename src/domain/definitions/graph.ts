import { StateType } from '../constants';
import type { Issues, PathSegment } from './errors';

interface Node {
  name: string;
  typeId: number;
  path: readonly PathSegment[];
}

/** Exactly one start state and at least one end state. */
export function checkStateTypes(states: readonly Node[], workflowPath: readonly PathSegment[], issues: Issues): void {
  const starts = states.filter((s) => s.typeId === StateType.START);
  if (starts.length === 0) issues.add([...workflowPath, 'states'], 'no start state (exactly one state needs type: start)');
  for (const extra of starts.slice(1)) {
    issues.add([...extra.path, 'type'], `a second start state (the start state is "${starts[0]!.name}")`);
  }
  if (!states.some((s) => s.typeId === StateType.END)) {
    issues.add([...workflowPath, 'states'], 'no end state (at least one state needs type: end)');
  }
}

/** Every state is reachable from the start state, and every state but the end states has a way out. */
export function checkReachability(states: readonly Node[], edges: readonly { from: string; to: string[] }[], issues: Issues): void {
  const start = states.find((s) => s.typeId === StateType.START);
  if (!start) return;
  const next = new Map<string, string[]>();
  for (const edge of edges) next.set(edge.from, [...(next.get(edge.from) ?? []), ...edge.to]);
  const reached = new Set([start.name]);
  const queue = [start.name];
  for (let name = queue.shift(); name !== undefined; name = queue.shift()) {
    for (const to of next.get(name) ?? []) {
      if (!reached.has(to)) {
        reached.add(to);
        queue.push(to);
      }
    }
  }
  for (const state of states) {
    if (!reached.has(state.name)) {
      issues.add(state.path, `state "${state.name}" is not reachable from the start state "${start.name}"`);
    }
    if (state.typeId !== StateType.END && !next.has(state.name)) {
      issues.add(state.path, `state "${state.name}" has no outgoing transition`);
    }
  }
}
