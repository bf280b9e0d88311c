/** Error raised while parsing or evaluating an expression; `position` is a 0-based source offset. */
export class ExpressionError extends Error {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(message);
    this.name = 'ExpressionError';
  }
}

type CompareOp = '==' | '!=' | '<' | '<=' | '>' | '>=';
type ArithmeticOp = '+' | '-' | '*' | '/';

/** Expression AST node; `pos` is the source offset of the node's operator or first token. */
export type Expr =
  | { readonly kind: 'literal'; readonly value: null | boolean | number | string; readonly pos: number }
  | { readonly kind: 'key'; readonly key: string; readonly pos: number }
  | { readonly kind: 'not'; readonly operand: Expr; readonly pos: number }
  | { readonly kind: 'negate'; readonly operand: Expr; readonly pos: number }
  | { readonly kind: 'logical'; readonly op: 'and' | 'or'; readonly left: Expr; readonly right: Expr; readonly pos: number }
  | { readonly kind: 'compare'; readonly op: CompareOp; readonly left: Expr; readonly right: Expr; readonly pos: number }
  | { readonly kind: 'arithmetic'; readonly op: ArithmeticOp; readonly left: Expr; readonly right: Expr; readonly pos: number }
  | { readonly kind: 'in'; readonly negated: boolean; readonly item: Expr; readonly list: readonly Expr[]; readonly pos: number };

type NodeOf<K extends Expr['kind']> = Extract<Expr, { kind: K }>;
type Values = Readonly<Record<string, unknown>>;
type Token = { readonly kind: 'number' | 'string' | 'key' | 'word' | 'op' | 'eof'; readonly text: string; readonly pos: number };
type Scanned = { readonly token: Token; readonly end: number };

const MAX_LENGTH = 2000;
const MAX_DEPTH = 50;
const BP = { not: 3, compare: 4, negate: 7 } as const;
const INFIX_BP: ReadonlyMap<string, number> = new Map(
  Object.entries({ or: 1, and: 2, in: 4, '==': 4, '!=': 4, '<': 4, '<=': 4, '>': 4, '>=': 4, '+': 5, '-': 5, '*': 6, '/': 6 }),
);
const OPERATORS = ['==', '!=', '>=', '<=', '>', '<', '+', '-', '*', '/', '(', ')', '[', ']', ','];
const KEYWORDS: ReadonlySet<string> = new Set(['and', 'or', 'not', 'in']);
const WORD_LITERALS: ReadonlyMap<string, boolean | null> = new Map(
  Object.entries({ True: true, true: true, False: false, false: false, None: null, null: null }),
);
const ESCAPES: ReadonlyMap<string, string> = new Map(Object.entries({ n: '\n', t: '\t', r: '\r', 0: '\0', '\\': '\\', "'": "'", '"': '"', '\n': '' }));
const SPACE_RE = /\s+/y;
const NUMBER_RE = /\d+(?:\.\d+)?|\.\d+/y;
const WORD_RE = /[A-Za-z_][A-Za-z0-9_]*/y;
const KEY_RE = /[A-Za-z_][A-Za-z0-9_.]*/y;
const NUMERIC_STRING_RE = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

function fail(message: string, pos: number): ExpressionError {
  return new ExpressionError(`${message} at position ${pos}`, pos);
}

function matchAt(re: RegExp, source: string, pos: number): string | undefined {
  re.lastIndex = pos;
  return re.exec(source)?.[0];
}

function skipSpace(source: string, pos: number): number {
  return pos + (matchAt(SPACE_RE, source, pos)?.length ?? 0);
}

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  for (let pos = skipSpace(source, 0); pos < source.length; ) {
    const { token, end } = scanToken(source, pos);
    tokens.push(token);
    pos = skipSpace(source, end);
  }
  tokens.push({ kind: 'eof', text: '', pos: source.length });
  return tokens;
}

function scanToken(source: string, pos: number): Scanned {
  const ch = source.charAt(pos);
  if (ch === '{') return scanKey(source, pos);
  if (ch === "'" || ch === '"') return scanString(source, pos);
  const number = matchAt(NUMBER_RE, source, pos);
  if (number) return { token: { kind: 'number', text: number, pos }, end: pos + number.length };
  const word = matchAt(WORD_RE, source, pos);
  if (word) {
    if (!KEYWORDS.has(word) && !WORD_LITERALS.has(word)) throw fail(`unknown identifier "${word}"`, pos);
    return { token: { kind: 'word', text: word, pos }, end: pos + word.length };
  }
  const op = OPERATORS.find((candidate) => source.startsWith(candidate, pos));
  if (op) return { token: { kind: 'op', text: op, pos }, end: pos + op.length };
  throw fail(`unknown character ${JSON.stringify(ch)}`, pos);
}

function scanKey(source: string, pos: number): Scanned {
  const key = matchAt(KEY_RE, source, pos + 1);
  if (!key) throw fail('expected placeholder key', pos + 1);
  const end = pos + 1 + key.length;
  if (source.charAt(end) !== '}') throw fail('expected "}"', end);
  return { token: { kind: 'key', text: key, pos }, end: end + 1 };
}

function scanString(source: string, pos: number): Scanned {
  const triple = source.charAt(pos).repeat(3);
  const quote = source.startsWith(triple, pos) ? triple : source.charAt(pos);
  let value = '';
  let i = pos + quote.length;
  while (i < source.length) {
    if (source.startsWith(quote, i)) return { token: { kind: 'string', text: value, pos }, end: i + quote.length };
    const escaped = source.charAt(i) === '\\' && i + 1 < source.length;
    const chunk = escaped ? source.slice(i, i + 2) : source.charAt(i);
    value += escaped ? (ESCAPES.get(chunk.charAt(1)) ?? chunk) : chunk;
    i += chunk.length;
  }
  throw fail('unterminated string', pos);
}

const isOp = (token: Token, text: string): boolean => token.kind === 'op' && token.text === text;
const isWord = (token: Token, text: string): boolean => token.kind === 'word' && token.text === text;

class Parser {
  private index = 0;

  constructor(private readonly tokens: readonly Token[]) {}

  parseAll(): Expr {
    const expr = this.parse(0, 0);
    const rest = this.peek();
    if (rest.kind !== 'eof') throw fail('expected end of expression', rest.pos);
    return expr;
  }

  private peek(offset = 0): Token {
    return this.tokens[Math.min(this.index + offset, this.tokens.length - 1)]!;
  }

  private next(): Token {
    const token = this.peek();
    if (token.kind !== 'eof') this.index++;
    return token;
  }

  private expect(text: string): Token {
    const token = this.peek();
    if (!isOp(token, text)) throw fail(`expected "${text}"`, token.pos);
    return this.next();
  }

  private deeper(depth: number, token: Token): number {
    if (depth >= MAX_DEPTH) throw fail(`expression nested deeper than ${MAX_DEPTH} levels`, token.pos);
    return depth + 1;
  }

  private parse(minBp: number, depth: number): Expr {
    let left = this.parsePrefix(minBp, depth);
    for (let bp = this.infixPower(); bp > minBp; bp = this.infixPower()) {
      left = this.parseInfix(left, bp, depth);
    }
    return left;
  }

  private parsePrefix(minBp: number, depth: number): Expr {
    const token = this.peek();
    if (isWord(token, 'not') && minBp < BP.not) {
      this.next();
      return { kind: 'not', operand: this.parse(BP.not, this.deeper(depth, token)), pos: token.pos };
    }
    if (isOp(token, '-')) {
      this.next();
      return { kind: 'negate', operand: this.parse(BP.negate, this.deeper(depth, token)), pos: token.pos };
    }
    if (isOp(token, '(')) {
      this.next();
      const inner = this.parse(0, this.deeper(depth, token));
      this.expect(')');
      return inner;
    }
    return this.parsePrimary();
  }

  private parsePrimary(): Expr {
    const token = this.peek();
    if (token.kind === 'number') return { kind: 'literal', value: Number(this.next().text), pos: token.pos };
    if (token.kind === 'string') return { kind: 'literal', value: this.next().text, pos: token.pos };
    if (token.kind === 'key') return { kind: 'key', key: this.next().text, pos: token.pos };
    const literal = WORD_LITERALS.get(token.text);
    if (token.kind === 'word' && literal !== undefined) {
      this.next();
      return { kind: 'literal', value: literal, pos: token.pos };
    }
    throw fail('expected expression', token.pos);
  }

  private infixPower(): number {
    const token = this.peek();
    if (token.kind !== 'op' && token.kind !== 'word') return 0;
    if (isWord(token, 'not')) return isWord(this.peek(1), 'in') ? BP.compare : 0;
    return INFIX_BP.get(token.text) ?? 0;
  }

  private parseInfix(left: Expr, bp: number, depth: number): Expr {
    const op = this.next();
    if (op.text === 'and' || op.text === 'or') {
      return { kind: 'logical', op: op.text, left, right: this.parse(bp, depth), pos: op.pos };
    }
    if (bp !== BP.compare) {
      return { kind: 'arithmetic', op: op.text as ArithmeticOp, left, right: this.parse(bp, depth), pos: op.pos };
    }
    const node = op.kind === 'word' ? this.parseMembership(left, op, depth) : this.parseCompare(left, op, depth);
    if (this.infixPower() === BP.compare) throw fail('chained comparisons are not supported', this.peek().pos);
    return node;
  }

  private parseCompare(left: Expr, op: Token, depth: number): Expr {
    return { kind: 'compare', op: op.text as CompareOp, left, right: this.parse(BP.compare, depth), pos: op.pos };
  }

  private parseMembership(item: Expr, op: Token, depth: number): Expr {
    const negated = op.text === 'not';
    if (negated) this.next();
    const open = this.peek();
    if (!isOp(open, '[')) throw fail('expected "[" after "in"', open.pos);
    return { kind: 'in', negated, item, list: this.parseList(this.deeper(depth, open)), pos: op.pos };
  }

  private parseList(depth: number): Expr[] {
    this.expect('[');
    const items: Expr[] = [];
    while (!isOp(this.peek(), ']')) {
      items.push(this.parse(0, depth));
      const separator = this.peek();
      if (isOp(separator, ',')) this.next();
      else if (!isOp(separator, ']')) throw fail('expected "," or "]"', separator.pos);
    }
    this.expect(']');
    return items;
  }
}

/** Parses `source` into an AST, throwing ExpressionError on syntax errors or when limits are exceeded. */
export function parseExpression(source: string): Expr {
  if (source.length > MAX_LENGTH) throw fail(`expression longer than ${MAX_LENGTH} characters`, MAX_LENGTH);
  const tokens = tokenize(source);
  if (tokens.length === 1) throw new ExpressionError('empty expression', 0);
  return new Parser(tokens).parseAll();
}

function childrenOf(expr: Expr): readonly Expr[] {
  if (expr.kind === 'literal' || expr.kind === 'key') return [];
  if (expr.kind === 'not' || expr.kind === 'negate') return [expr.operand];
  return expr.kind === 'in' ? [expr.item, ...expr.list] : [expr.left, expr.right];
}

function collectKeys(expr: Expr, keys: Set<string>): void {
  if (expr.kind === 'key') keys.add(expr.key);
  for (const child of childrenOf(expr)) collectKeys(child, keys);
}

/** Returns the placeholder keys used by `expr`, deduplicated, in order of first appearance. */
export function expressionKeys(expr: Expr): string[] {
  const keys = new Set<string>();
  collectKeys(expr, keys);
  return [...keys];
}

/** Python truthiness: null, undefined, false, 0, '' and [] are falsy; everything else is truthy. */
export function isTruthy(value: unknown): boolean {
  if (value === null || value === undefined) return false;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value !== 0;
  if (typeof value === 'string' || Array.isArray(value)) return value.length > 0;
  return true;
}

function typeName(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  return Array.isArray(value) ? 'list' : typeof value;
}

function typeError(op: string, left: unknown, right: unknown, pos: number): ExpressionError {
  return fail(`unsupported operand types for "${op}": ${typeName(left)} and ${typeName(right)}`, pos);
}

function numericString(value: string): number | undefined {
  return NUMERIC_STRING_RE.test(value) && Number.isFinite(Number(value)) ? Number(value) : undefined;
}

function coerce(left: unknown, right: unknown): [unknown, unknown] {
  if (typeof left === 'number' && typeof right === 'string') return [left, numericString(right) ?? right];
  if (typeof left === 'string' && typeof right === 'number') return [numericString(left) ?? left, right];
  return [left, right];
}

function looseEquals(left: unknown, right: unknown): boolean {
  const [a, b] = coerce(left, right);
  return a === b;
}

function compareValues(op: CompareOp, left: unknown, right: unknown, pos: number): boolean {
  if (op === '==') return looseEquals(left, right);
  if (op === '!=') return !looseEquals(left, right);
  const [a, b] = coerce(left, right);
  const comparable = (typeof a === 'number' && typeof b === 'number') || (typeof a === 'string' && typeof b === 'string');
  if (!comparable) throw typeError(op, left, right, pos);
  const [x, y] = [a as number | string, b as number | string];
  if (op === '<') return x < y;
  if (op === '<=') return x <= y;
  if (op === '>') return x > y;
  return x >= y;
}

function arithmetic(op: ArithmeticOp, left: unknown, right: unknown, pos: number): number | string {
  if (op === '+' && typeof left === 'string' && typeof right === 'string') return left + right;
  if (typeof left !== 'number' || typeof right !== 'number') throw typeError(op, left, right, pos);
  if (op === '+') return left + right;
  if (op === '-') return left - right;
  if (op === '*') return left * right;
  if (right === 0) throw fail('division by zero', pos);
  return left / right;
}

function lookup(expr: NodeOf<'key'>, values: Values): unknown {
  if (!Object.hasOwn(values, expr.key)) throw fail(`unknown key "${expr.key}"`, expr.pos);
  return values[expr.key] ?? null;
}

function unary(expr: NodeOf<'not' | 'negate'>, values: Values): boolean | number {
  const operand = evaluateExpression(expr.operand, values);
  if (expr.kind === 'not') return !isTruthy(operand);
  if (typeof operand !== 'number') throw fail(`unsupported operand type for unary "-": ${typeName(operand)}`, expr.pos);
  return -operand;
}

function logical(expr: NodeOf<'logical'>, values: Values): boolean {
  const left = isTruthy(evaluateExpression(expr.left, values));
  if (expr.op === 'and' ? !left : left) return left;
  return isTruthy(evaluateExpression(expr.right, values));
}

function membership(expr: NodeOf<'in'>, values: Values): boolean {
  const item = evaluateExpression(expr.item, values);
  const found = expr.list.map((entry) => evaluateExpression(entry, values)).some((entry) => looseEquals(item, entry));
  return found !== expr.negated;
}

/** Evaluates `expr` against placeholder `values`, throwing ExpressionError on missing keys, type errors or division by zero. */
export function evaluateExpression(expr: Expr, values: Readonly<Record<string, unknown>>): unknown {
  if (expr.kind === 'literal') return expr.value;
  if (expr.kind === 'key') return lookup(expr, values);
  if (expr.kind === 'not' || expr.kind === 'negate') return unary(expr, values);
  if (expr.kind === 'logical') return logical(expr, values);
  if (expr.kind === 'in') return membership(expr, values);
  const left = evaluateExpression(expr.left, values);
  const right = evaluateExpression(expr.right, values);
  return expr.kind === 'compare' ? compareValues(expr.op, left, right, expr.pos) : arithmetic(expr.op, left, right, expr.pos);
}
