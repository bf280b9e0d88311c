import fc from 'fast-check';

/** Strings that break naive SQL, templates, format strings, parsers and text handling. */
export const HOSTILE_STRINGS: readonly string[] = [
  "' OR 1=1 --",
  "'; DROP TABLE tickets; --",
  '" OR ""="',
  "1' AND sleep(5) --",
  "' UNION SELECT token FROM apps --",
  "admin'--",
  '`',
  '\\',
  "\\'",
  '%',
  '_',
  '!',
  '%_!',
  '%%',
  '*',
  '?',
  ';',
  '--',
  '/*',
  '*/',
  '{title}',
  '{{title}}',
  '${x}',
  '${process.exit(1)}',
  '#{x}',
  '{{7*7}}',
  '<%= 7*7 %>',
  '%s',
  '%d %n %x',
  '{0}',
  '{f_int}',
  '{}',
  '[]',
  'null',
  'undefined',
  'NaN',
  'Infinity',
  'true',
  'false',
  '0',
  '-1',
  '1.5',
  '1e309',
  '9007199254740993',
  '0x10',
  '1,2,3',
  ' 1 ',
  '١٢',
  '１２',
  '\u0000',
  'a\u0000b',
  '\u202Eevil\u202C',
  '\u200F\u200E\u200B',
  '🎫💥',
  '👩‍👩‍👧‍👦',
  'e\u0301',
  '\uD800',
  '\uDFFF',
  '\uFEFF',
  'Ω≈ç√',
  '中文工单',
  '\n\r\t',
  ' ',
  '',
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
  '../../etc/passwd',
  '<script>alert(1)</script>',
  'javascript:alert(1)',
  '2020-02-30',
  '2020-13-01 00:00:00',
  '0000-01-01',
  '0050-06-01 00:00:00',
  '0999-12-31 23:59:59',
  '9999-12-31 23:59:59',
  '2020-01-01T00:00:00Z',
  '9999-12-31T23:59:59-23:59',
  '+275760-09-13',
  'a,b,c',
  'admin,admin',
  ',,,',
];

/** A string of exactly `length` UTF-16 units built from a hostile seed. */
export function repeatTo(seed: string, length: number): string {
  const unit = seed || 'x';
  return unit.repeat(Math.ceil(length / unit.length)).slice(0, length);
}

/** Long strings around the limits of columns, fields and the 1 MB body limit. */
export const longString: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom('x', '中', '🎫', "' OR 1=1 --", '\u0000', '{title}'), fc.constantFrom(51, 101, 201, 501, 701, 10_001, 65_536, 100_001))
  .map(([seed, n]) => repeatTo(seed, n));

/** A hostile string: the list above, random unicode, or long. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 30 }) },
  { weight: 1, arbitrary: longString },
);

/** Numbers at the edges: zero, negatives, 32/53-bit limits, fractions, huge. */
export const hostileNumber: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(0, -1, 1, 2, 2 ** 31 - 1, 2 ** 31, -(2 ** 31) - 1, 2 ** 53 - 1, 2 ** 53 + 2, 1e308, -1e308, 0.5, -0, 1e-9, 3.14),
  fc.integer(),
);

/** JSON nested `depth` levels deep, as objects or arrays. */
export function deepJson(depth: number, kind: 'object' | 'array', leaf: unknown = 1): unknown {
  let v = leaf;
  for (let i = 0; i < depth; i += 1) v = kind === 'object' ? { a: v } : [v];
  return v;
}

/** Deeply nested JSON (100 levels, sometimes more). */
export const deepValue: fc.Arbitrary<unknown> = fc
  .tuple(fc.constantFrom(100, 1000), fc.constantFrom<'object' | 'array'>('object', 'array'))
  .map(([d, k]) => deepJson(d, k));

/** Object keys a JSON body may carry: hostile, prototype names, random. */
export const hostileKey: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', '', ' ', 'a.b', 'a[b]', '$where', "'", '中文', '🎫', 'x'.repeat(300)),
  fc.string({ maxLength: 12 }),
);

/** Any JSON-ish value of the wrong kind for most keys. */
export const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: hostileString },
  { weight: 3, arbitrary: hostileNumber },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 2, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: fc.array(fc.oneof(hostileString, hostileNumber, fc.constant(null)), { maxLength: 4 }) },
  { weight: 1, arbitrary: fc.dictionary(hostileKey, fc.oneof(hostileString, hostileNumber), { maxKeys: 3 }) },
  { weight: 1, arbitrary: deepValue },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
);

/** Path ids: valid ones, zero, negative, huge, fractional, non-numeric, unicode (not yet URL-encoded). */
export function pathIdArb(valid: number[]): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 5, arbitrary: fc.constantFrom(...valid).map(String) },
    {
      weight: 4,
      arbitrary: fc.constantFrom(
        '0',
        '-1',
        '00001',
        '1.0',
        '1e3',
        '0x1',
        ' 1',
        '1 ',
        '+1',
        '2147483647',
        '2147483648',
        '999999999999999',
        '99999999999999999999',
        '9007199254740993',
        'abc',
        '١',
        '１',
        '🎫',
        "1' OR '1'='1",
        '1;DROP TABLE tickets',
        '%00',
        '\u0000',
        '..',
        '.',
        '{id}',
        '${id}',
        'null',
      ),
    },
    { weight: 1, arbitrary: hostileString.filter((s) => s.length > 0 && s.length < 2000) },
  );
}

/** Usernames for the `username` header (header-safe ASCII only). */
export const usernameArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 12, arbitrary: fc.constant('admin') },
  { weight: 4, arbitrary: fc.constantFrom('webb', 'ops', 'ops2', 'lilian', 'david', 'boss', 'hr') },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      '',
      'nobody',
      "' OR 1=1 --",
      "admin'--",
      'ADMIN',
      ' admin ',
      '%',
      '{username}',
      'x'.repeat(60),
      'y'.repeat(150),
      'z'.repeat(300),
    ),
  },
);

/** Values of the If-Match header. */
export const ifMatchArb: fc.Arbitrary<string> = fc.constantFrom('1', '2', '3', 'W/"2"', '"1"', '*', 'abc', '-1', '0', '99999999999', '2147483648', '1,2');
