/** Render `{key}` placeholders from values; unknown keys render empty and are reported. */
export function renderTemplate(template: string, values: Readonly<Record<string, unknown>>): { text: string; missing: string[] } {
  const missing: string[] = [];
  const text = template.replace(/\{([A-Za-z_][A-Za-z0-9_.]*)\}/g, (_m, key: string) => {
    if (!Object.hasOwn(values, key)) {
      missing.push(key);
      return '';
    }
    const v = values[key];
    return v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
  });
  return { text, missing };
}
