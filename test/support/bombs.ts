/** A definitions document with a 50,000-item anchor used `uses` times in one dept's label (about 100 kB of YAML). */
export function yamlBomb(uses = 1000): string {
  const items = Array.from({ length: 50_000 }, (_, i) => i % 10).join(',');
  const refs = Array.from({ length: uses }, (_, i) => `k${i}: *a`).join(', ');
  return `depts:\n  - name: bomb-a\n    label: {x: &a [${items}]}\n  - name: bomb-b\n    label: {${refs}}\n`;
}

/** A JSON object nested `levels` deep: {"a": {"a": … 1}}. */
export function nestedObject(levels: number): Record<string, unknown> {
  let value: unknown = 1;
  for (let i = 0; i < levels; i++) value = { a: value };
  return value as Record<string, unknown>;
}
