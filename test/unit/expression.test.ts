import { describe, it, expect } from 'vitest';
import { ExpressionError, evaluateExpression, expressionKeys, isTruthy, parseExpression } from '../../src/domain/expression';

const run = (source: string, values: Record<string, unknown> = {}): unknown => evaluateExpression(parseExpression(source), values);

function errorOf(action: () => unknown): ExpressionError {
  try {
    action();
  } catch (error) {
    if (error instanceof ExpressionError) return error;
    throw error;
  }
  throw new Error('expected an ExpressionError');
}

describe('literals', () => {
  it('parses numbers, strings, booleans and None', () => {
    expect(run('42')).toBe(42);
    expect(run('3.25')).toBe(3.25);
    expect(run('.5')).toBe(0.5);
    expect(run("'single'")).toBe('single');
    expect(run('"double"')).toBe('double');
    expect(run("'''triple'''")).toBe('triple');
    expect(run('"""triple"""')).toBe('triple');
    expect(run("''")).toBe('');
    expect(run('True')).toBe(true);
    expect(run('true')).toBe(true);
    expect(run('False')).toBe(false);
    expect(run('false')).toBe(false);
    expect(run('None')).toBeNull();
    expect(run('null')).toBeNull();
  });

  it('decodes backslash escapes and embedded quotes', () => {
    expect(run("'it\\'s'")).toBe("it's");
    expect(run('"say \\"hi\\""')).toBe('say "hi"');
    expect(run("'a\\nb\\t\\\\'")).toBe('a\nb\t\\');
    expect(run('"it\'s"')).toBe("it's");
    expect(run("'''it's \"quoted\"'''")).toBe('it\'s "quoted"');
    expect(run("'\\d'")).toBe('\\d');
  });

  it('treats keywords case-sensitively', () => {
    expect(errorOf(() => parseExpression('TRUE')).message).toBe('unknown identifier "TRUE" at position 0');
    expect(errorOf(() => parseExpression('1 AND 2')).message).toBe('unknown identifier "AND" at position 2');
  });
});

describe('operators', () => {
  it('evaluates equality with numeric-string coercion', () => {
    expect(run('{a} == 1', { a: 1 })).toBe(true);
    expect(run('{a} == 1', { a: '1' })).toBe(true);
    expect(run('{a} == 1.0', { a: '1.00' })).toBe(true);
    expect(run('{a} != 1', { a: '2' })).toBe(true);
    expect(run("{a} == 'x'", { a: 'x' })).toBe(true);
    expect(run('{a} == 1', { a: 'one' })).toBe(false);
    expect(run('{a} == 0', { a: '' })).toBe(false);
    expect(run('{a} == 16', { a: '0x10' })).toBe(false);
    expect(run('{a} == 1', { a: true })).toBe(false);
    expect(run('{a} == None', { a: null })).toBe(true);
    expect(run('{a} != None', { a: 0 })).toBe(true);
  });

  it('evaluates ordering comparisons on numbers and strings', () => {
    expect(run('2 < 3')).toBe(true);
    expect(run('3 <= 3')).toBe(true);
    expect(run('4 > 3')).toBe(true);
    expect(run('3 >= 4')).toBe(false);
    expect(run("'apple' < 'banana'")).toBe(true);
    expect(run("{t} >= '2024-01-01 00:00:00'", { t: '2024-03-05 10:00:00' })).toBe(true);
    expect(run("{t} < '2024-01-01 00:00:00'", { t: '2023-12-31 23:59:59' })).toBe(true);
  });

  it('compares {days} > 3 for numbers and numeric strings', () => {
    const expr = parseExpression('{days} > 3');
    expect(evaluateExpression(expr, { days: 5 })).toBe(true);
    expect(evaluateExpression(expr, { days: 2 })).toBe(false);
    expect(evaluateExpression(expr, { days: '5' })).toBe(true);
    expect(evaluateExpression(expr, { days: '2.5' })).toBe(false);
  });

  it('rejects ordering between incompatible types', () => {
    const error = errorOf(() => run('{days} > 3', { days: 'many' }));
    expect(error.message).toBe('unsupported operand types for ">": string and number at position 7');
    expect(error.position).toBe(7);
    expect(() => run('{a} < 1', { a: null })).toThrow(ExpressionError);
    expect(() => run('True < 2')).toThrow(ExpressionError);
  });

  it('evaluates arithmetic', () => {
    expect(run('1 + 2')).toBe(3);
    expect(run('5 - 7')).toBe(-2);
    expect(run('2 * 3.5')).toBe(7);
    expect(run('7 / 2')).toBe(3.5);
    expect(run('-{a}', { a: 4 })).toBe(-4);
    expect(run('- -3')).toBe(3);
    expect(run("'foo' + 'bar'")).toBe('foobar');
  });

  it('rejects arithmetic on non-numbers and division by zero', () => {
    expect(errorOf(() => run('1 / 0')).message).toBe('division by zero at position 2');
    expect(errorOf(() => run('{a} / {b}', { a: 1, b: 0 })).position).toBe(4);
    expect(errorOf(() => run("'a' + 1")).message).toBe('unsupported operand types for "+": string and number at position 4');
    expect(() => run("'a' * 2")).toThrow(ExpressionError);
    expect(() => run('{a} - 1', { a: '3' })).toThrow(ExpressionError);
    expect(() => run('True + 1')).toThrow(ExpressionError);
    expect(() => run("-'a'")).toThrow('unsupported operand type for unary "-": string at position 0');
  });

  it('evaluates and/or/not with short-circuiting and boolean results', () => {
    expect(run('1 and 2')).toBe(true);
    expect(run('0 and 2')).toBe(false);
    expect(run("'' or 0")).toBe(false);
    expect(run("'x' or 0")).toBe(true);
    expect(run('not 0')).toBe(true);
    expect(run('not {a}', { a: [] })).toBe(true);
    expect(run('False and {missing}')).toBe(false);
    expect(run('True or {missing}')).toBe(true);
    expect(() => run('True and {missing}')).toThrow('unknown key "missing"');
  });

  it('evaluates in / not in against list literals', () => {
    const expr = parseExpression("{level} in ['high', 'urgent']");
    expect(evaluateExpression(expr, { level: 'urgent' })).toBe(true);
    expect(evaluateExpression(expr, { level: 'low' })).toBe(false);
    expect(run("{level} not in ['high', 'urgent']", { level: 'low' })).toBe(true);
    expect(run("{level} not in ['high', 'urgent']", { level: 'high' })).toBe(false);
    expect(run('{n} in [1, 2, 3]', { n: '2' })).toBe(true);
    expect(run('{n} in [1, 2, {m},]', { n: 9, m: 9 })).toBe(true);
    expect(run('{n} in []', { n: 1 })).toBe(false);
    expect(run('1 + 1 in [2]')).toBe(true);
  });
});

describe('precedence', () => {
  it('binds * / tighter than + - and arithmetic tighter than comparison', () => {
    expect(run('1 + 2 * 3 == 7')).toBe(true);
    expect(run('(1 + 2) * 3 == 9')).toBe(true);
    expect(run('10 - 4 - 3')).toBe(3);
    expect(run('12 / 3 / 2')).toBe(2);
    expect(run('-2 * 3')).toBe(-6);
  });

  it('groups not a and b as (not a) and b', () => {
    const expr = parseExpression('not {a} and {b}');
    expect(expr.kind).toBe('logical');
    expect(evaluateExpression(expr, { a: false, b: false })).toBe(false);
    expect(evaluateExpression(expr, { a: false, b: true })).toBe(true);
    expect(run('not ({a} and {b})', { a: false, b: false })).toBe(true);
  });

  it('binds and tighter than or, and comparison tighter than not', () => {
    expect(run('True or True and False')).toBe(true);
    expect(run('(True or True) and False')).toBe(false);
    expect(run('not 1 == 2')).toBe(true);
    expect(parseExpression('not 1 == 2').kind).toBe('not');
  });

  it('rejects chained comparisons and misplaced not', () => {
    expect(errorOf(() => parseExpression('1 < 2 < 3')).message).toBe('chained comparisons are not supported at position 6');
    expect(errorOf(() => parseExpression('1 == not 2')).message).toBe('expected expression at position 5');
  });
});

describe('evaluation errors', () => {
  it('reports missing keys with their position', () => {
    const error = errorOf(() => run('{level} == 1 and {days} > 3', { level: 1 }));
    expect(error.message).toBe('unknown key "days" at position 17');
    expect(error.position).toBe(17);
  });

  it('does not look up inherited properties', () => {
    expect(() => run('{toString} == 1', {})).toThrow('unknown key "toString"');
    expect(run('{a.b} == 1', { 'a.b': '1' })).toBe(true);
  });
});

describe('parse errors', () => {
  const cases: ReadonlyArray<[string, string, number]> = [
    ['({a} + 1', 'expected ")" at position 8', 8],
    ['{a} $ 1', 'unknown character "$" at position 4', 4],
    ['{a} in {b}', 'expected "[" after "in" at position 7', 7],
    ['{a} not in 3', 'expected "[" after "in" at position 11', 11],
    ['{a} == 1 2', 'expected end of expression at position 9', 9],
    ['{a} == 1)', 'expected end of expression at position 8', 8],
    ['', 'empty expression', 0],
    ['   ', 'empty expression', 0],
    ['{a} ==', 'expected expression at position 6', 6],
    ['{a} in [1 2]', 'expected "," or "]" at position 10', 10],
    ["'open", 'unterminated string at position 0', 0],
    ['{1a}', 'expected placeholder key at position 1', 1],
    ['{a b}', 'expected "}" at position 2', 2],
    ['{a} = 1', 'unknown character "=" at position 4', 4],
    ['__import__("os")', 'unknown identifier "__import__" at position 0', 0],
  ];

  it.each(cases)('%j -> %s', (source, message, position) => {
    const error = errorOf(() => parseExpression(source));
    expect(error).toBeInstanceOf(ExpressionError);
    expect(error.message).toBe(message);
    expect(error.position).toBe(position);
  });
});

describe('limits', () => {
  it('rejects sources longer than 2000 characters', () => {
    const ok = `${'1+'.repeat(999)}1`;
    expect(ok.length).toBe(1999);
    expect(run(ok)).toBe(1000);
    expect(() => parseExpression(`${ok}+1`)).toThrow('expression longer than 2000 characters');
  });

  it('rejects nesting deeper than 50', () => {
    const nested = (depth: number): string => `${'('.repeat(depth)}1${')'.repeat(depth)}`;
    expect(run(nested(50))).toBe(1);
    expect(() => parseExpression(nested(51))).toThrow('expression nested deeper than 50 levels at position 50');
    expect(() => parseExpression(`${'not '.repeat(60)}1`)).toThrow(ExpressionError);
    expect(() => parseExpression(`${'-'.repeat(60)}1`)).toThrow(ExpressionError);
    expect(() => parseExpression('('.repeat(1999))).toThrow(ExpressionError);
  });
});

describe('injection safety', () => {
  it('treats quote-laden values as plain data', () => {
    const x = "''' + __import__('os') + '''";
    expect(run("{x} == 'a'", { x })).toBe(false);
    expect(run("{x} == \"''' + __import__('os') + '''\"", { x })).toBe(true);
    expect(run("{x} != '''a'''", { x })).toBe(true);
  });

  it('keeps quotes inside string literals from breaking out', () => {
    expect(run("'a\\' or True or \\'' == 'x'")).toBe(false);
    expect(run("'''a' or 'b''' == \"a' or 'b\"")).toBe(true);
    expect(() => parseExpression("'''a'' + __import__('os')")).toThrow(ExpressionError);
  });
});

describe('expressionKeys', () => {
  it('returns keys in first-appearance order without duplicates', () => {
    const expr = parseExpression('{b} > 1 and ({a} == {b} or not {c.d}) and {e} in [{a}, {f}]');
    expect(expressionKeys(expr)).toEqual(['b', 'a', 'c.d', 'e', 'f']);
    expect(expressionKeys(parseExpression('1 + 2'))).toEqual([]);
  });
});

describe('isTruthy', () => {
  it('follows Python truthiness', () => {
    for (const value of [null, undefined, false, 0, '', []]) expect(isTruthy(value)).toBe(false);
    for (const value of [true, 1, -1, 'a', [0], {}, 0.1]) expect(isTruthy(value)).toBe(true);
  });
});
