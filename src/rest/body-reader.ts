import { invalidBody } from './params';

type Json = Record<string, unknown>;

const INT_MAX = 2_147_483_647;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Reads loonflow body values, naming the bad one (`transitions[0].timer: …`) in errors. */
export class BodyReader {
  constructor(
    private readonly body: Json,
    private readonly prefix = '',
  ) {}

  private fail(name: string, why: string): never {
    throw invalidBody(`${this.prefix}${name}: ${why}`);
  }

  private value(name: string): unknown {
    const v = this.body[name];
    return v === null ? undefined : v;
  }

  private parsed(name: string): unknown {
    const v = this.value(name);
    if (typeof v !== 'string') return v;
    if (v.trim() === '') return undefined;
    try {
      return JSON.parse(v) as unknown;
    } catch {
      return this.fail(name, 'is not valid JSON');
    }
  }

  /** Refuse keys other than these (loonflow's additionalProperties: false). */
  only(allowed: readonly string[]): this {
    const extra = Object.keys(this.body).find((k) => !allowed.includes(k));
    if (extra !== undefined) throw invalidBody(`${this.prefix}additional property "${extra}" is not allowed (allowed: ${allowed.join(', ')})`);
    return this;
  }

  /** The value as sent, when the body gives the key (null included); undefined otherwise. */
  raw(name: string): unknown {
    return this.body[name];
  }

  /** Fail unless exactly one of the two keys is given (`transitions[0]: give exactly one of a and b…`). */
  exactlyOne(a: string, b: string, context = ''): void {
    if ((this.value(a) === undefined) === (this.value(b) === undefined)) {
      throw invalidBody(`${this.prefix.replace(/\.$/, '') || 'body'}: give exactly one of ${a} and ${b}${context}`);
    }
  }

  /** A string. */
  string(name: string, opts: { required?: boolean } = {}): string | undefined {
    const v = this.value(name);
    if (v === undefined) return opts.required ? this.fail(name, 'is a required property') : undefined;
    if (typeof v !== 'string') return this.fail(name, `${JSON.stringify(v).slice(0, 100)} is not a string`);
    if (opts.required && !v.trim()) return this.fail(name, 'must not be empty');
    return v;
  }

  /** A string, or a number taken as its text (loonflow sends ids both ways). */
  text(name: string): string | undefined {
    const v = this.value(name);
    return typeof v === 'number' ? String(v) : this.string(name);
  }

  /** An integer (0 allowed). */
  int(name: string, opts: { required?: boolean } = {}): number | undefined {
    const v = this.value(name);
    if (v === undefined) return opts.required ? this.fail(name, 'is a required property') : undefined;
    if (typeof v !== 'number' || !Number.isInteger(v) || Math.abs(v) > INT_MAX)
      return this.fail(name, `${JSON.stringify(v).slice(0, 100)} is not a 32-bit integer`);
    return v;
  }

  /** true/false or loonflow's 0/1. */
  flag(name: string): boolean | undefined {
    const v = this.value(name);
    if (v === undefined || typeof v === 'boolean') return v;
    if (v === 0 || v === 1) return v === 1;
    return this.fail(name, `${JSON.stringify(v)} must be true, false, 0 or 1`);
  }

  /** A JSON object, given as an object or as JSON text. */
  object(name: string): Json | undefined {
    const v = this.parsed(name);
    if (v === undefined || isObject(v)) return v;
    return this.fail(name, 'must be a JSON object');
  }

  /** A list of strings, given as a list or as JSON text. */
  strings(name: string): string[] | undefined {
    const v = this.parsed(name);
    if (v === undefined) return undefined;
    if (!Array.isArray(v) || !v.every((s) => typeof s === 'string')) return this.fail(name, 'must be a list of strings');
    return v;
  }

  /** A list of objects (a list, or JSON text), each read on its own. */
  objects(name: string): BodyReader[] | undefined {
    const v = this.parsed(name);
    if (v === undefined) return undefined;
    if (!Array.isArray(v)) return this.fail(name, 'must be a list of objects');
    return v.map((item, i) => (isObject(item) ? new BodyReader(item, `${this.prefix}${name}[${i}].`) : this.fail(`${name}[${i}]`, 'must be an object')));
  }

  /** A comma-separated string, or a list of strings. */
  csv(name: string): string[] | undefined {
    const v = this.value(name);
    if (Array.isArray(v) && v.every((s) => typeof s === 'string')) return v;
    return this.string(name)
      ?.split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  }

  /** Comma-separated ids, or a list of them. */
  ids(name: string): number[] | undefined {
    const v = this.value(name);
    const items = Array.isArray(v)
      ? v.map(String)
      : this.text(name)
          ?.split(',')
          .map((s) => s.trim())
          .filter(Boolean);
    if (items === undefined) return undefined;
    const bad = items.find((s) => !/^\d{1,10}$/.test(s) || Number(s) > INT_MAX);
    return bad === undefined ? items.map(Number) : this.fail(name, `"${bad}" is not an integer id`);
  }

  /** A loonflow id of a GraphQL enum (a table of loonflow constants): the enum value's name. */
  enumName<T extends string>(name: string, values: Readonly<Record<string, number>>, opts: { required?: boolean } = {}): T | undefined {
    const id = this.int(name, opts);
    if (id === undefined) return undefined;
    const label = Object.keys(values).find((k) => values[k] === id);
    if (label === undefined) {
      const known = Object.entries(values).map(([k, v]) => `${v} ${k.toLowerCase()}`);
      return this.fail(name, `unknown id ${id} (expected ${known.join(', ')})`);
    }
    return label as T;
  }
}
