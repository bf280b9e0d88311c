/** What a clean refusal looks like: no internals leaked, and a message naming what was wrong. */

const STACK = /\n\s+at |\bat (?:async )?[\w$.<>]{1,200} \([^)\n]{0,300}:\d+:\d+\)|node_modules[\\/]|\b[\w-]{1,100}\.(?:ts|js|mjs|cjs):\d+(?::\d+)?/;
const SQL = new RegExp(
  [
    String.raw`\b(?:select|insert\s+into|update|delete\s+from)\b[\s\S]{0,200}?\b(?:from|values|set|where)\b`,
    String.raw`\x60\w+\x60\.\x60\w+\x60`,
    String.raw`\bSQLITE_[A-Z]+`,
    String.raw`\bER_[A-Z_]+`,
    'sqlMessage',
    String.raw`\berrno\b`,
    'near "[^"]*": syntax error',
    'no such (?:table|column)',
    'SQL syntax',
    'Data too long',
    String.raw`Incorrect \w+ value`,
    'Out of range value',
    'constraint failed',
    'Duplicate entry',
    'Deadlock found',
    'too many SQL variables',
    'Lock wait timeout',
    String.raw`\bknex\b`,
    'MikroORM',
    'DriverException',
  ].join('|'),
  'i',
);

/** Refusals about the state of the world for a well-shaped request (unknown ids, permissions, wrong state). */
export const DOMAIN_REFUSALS: readonly RegExp[] = [
  /ticket is not existed or has been deleted/,
  /\bdoes not exist\b/,
  /no permission/,
  /not allowed to create/,
  /does not manage/,
  /only superusers/,
  /only the creator may/,
  /does not allow retreat/,
  /not relation about this ticket/,
  /is not existed or has been deleted/,
  /is not an existing (?:active )?user/,
  /transition_id is invalid/,
  /必填字段/,
  /需要先接单/,
  /加签中/,
  /工单当前状态无需操作/,
  /already created \d+ tickets/,
  /ticket changed meanwhile/,
  /do not accept ticket first/,
  /not in add-node mode/,
  /not robot or hook/,
  /非hook/,
  /is not a current handler of this ticket/,
  /accept it before handling it/,
  /only finishing the add-node is allowed/,
  /waits for no action in its current state/,
  /required fields are missing/,
  /there is nothing to accept/,
  /waits for no hook/,
  /has no (?:end|start) state/,
  /has no outgoing transition/,
  /is not a state of workflow/,
  /cannot add yourself/,
  /takes its handlers from the parent/,
  /has no active handler/,
  /being changed by another request/,
  /only pending, failed or void jobs/,
  /^permission check fail/,
];

/** Words that name the request as a whole (its body, its route). */
const WHOLE_REQUEST = [
  /\bbody\b/,
  /\bJSON\b/,
  /^(?:patch|post)参数为空$/,
  /^fields: nothing to update$/,
  /^no route /,
  /^method \w+ is not allowed here/,
  /If-Match/,
  /unsupported (?:charset|content encoding)/,
  /^Syntax Error: /,
  /[Dd]epth limit/,
  /^text values must not contain the NUL character/,
  /^a value for [\w.]+ cannot be stored: /,
];

const WORD = /[A-Za-z0-9_]/;

function mentions(message: string, name: string): boolean {
  if (message.includes(`"${name}"`)) return true;
  for (let i = name ? message.indexOf(name) : -1; i >= 0; i = message.indexOf(name, i + 1)) {
    if (!WORD.test(message[i - 1] ?? '') && !WORD.test(message[i + name.length] ?? '')) return true;
  }
  return false;
}

/** Whether a message mentions one of the names as a whole word, or the request as a whole. */
export function namesInput(message: string, names: Iterable<string>): boolean {
  if (WHOLE_REQUEST.some((r) => r.test(message))) return true;
  for (const name of names) if (mentions(message, name) || mentions(message, name.trim())) return true;
  return false;
}

/** Whether a message quotes one of the values sent (`unknown user "x"` points at the bad value precisely). */
export function quotesValue(message: string, values: Iterable<string>): boolean {
  for (const v of values) if (v && (message.includes(`"${v}"`) || message.includes(JSON.stringify(v)))) return true;
  return false;
}

/** Whether a message is one of the known refusals about the state of the world. */
export function isDomainRefusal(message: string): boolean {
  return DOMAIN_REFUSALS.some((r) => r.test(message));
}

/** Every string inside a value (for removing echoes of the request from an answer). */
export function stringsIn(value: unknown, out: string[] = [], depth = 0): string[] {
  if (typeof value === 'string') out.push(value);
  else if (value && typeof value === 'object' && depth < 50) {
    for (const [k, v] of Object.entries(value)) out.push(k), stringsIn(v, out, depth + 1);
  }
  return out;
}

function withoutEchoes(text: string, sent: string[]): string {
  let out = text;
  const forms = sent
    .filter((s) => s.length > 1)
    .flatMap((s) => [s, JSON.stringify(s).slice(1, -1)])
    .sort((a, b) => b.length - a.length);
  for (const s of forms) out = out.split(s).join(' ');
  return out;
}

/** Problems with an error message: a leaked stack trace or SQL, the masked internal error (the request's own strings are ignored). */
export function leaks(text: string, sent: string[]): string[] {
  const problems: string[] = [];
  if (/internal error/i.test(text)) problems.push('answers "internal error" (an unexpected exception)');
  const own = withoutEchoes(text, sent);
  if (STACK.test(own)) problems.push(`contains a stack trace (${STACK.exec(own)![0]})`);
  if (SQL.test(own)) problems.push(`contains SQL or driver text (${SQL.exec(own)![0]})`);
  return problems;
}

/** Keys that must never appear in an answer. */
export function forbiddenKeys(value: unknown, depth = 0): string[] {
  if (!value || typeof value !== 'object' || depth > 30) return [];
  return Object.entries(value).flatMap(([k, v]) => [...(['stack', 'stacktrace', 'sql', 'sqlMessage'].includes(k) ? [k] : []), ...forbiddenKeys(v, depth + 1)]);
}

/** A short description of a value for failure messages. */
export function brief(value: unknown, max = 600): string {
  let text: string;
  try {
    text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  } catch {
    text = String(value);
  }
  return text.length > max ? `${text.slice(0, max)}… (${text.length} chars)` : text;
}
