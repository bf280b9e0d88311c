import { describe, expect, it } from 'vitest';
import { DefinitionError, parseDefinitions, parseDocument } from '../../src/domain/definitions';
import { DOCUMENT_BOUNDS, JSON_COLUMN_BOUNDS, MAX_TEMPLATE_CHARS, PARTICIPANT_BOUNDS } from '../../src/domain/definitions/limits';
import { yamlBomb } from '../support/bombs';

function issuesOf(text: string): { path: string; message: string }[] {
  try {
    parseDefinitions(text);
  } catch (error) {
    if (error instanceof DefinitionError) return error.errors;
    throw error;
  }
  throw new Error('the document was accepted');
}

const deep = (levels: number) => `${'{a: '.repeat(levels)}1${'}'.repeat(levels)}`;

describe('definitions documents are bounded once expanded', () => {
  it('the 100 kB alias bomb (50,000 items used 500 times: 25 million values) is refused at the path where it crosses 500,000 values, quickly', () => {
    const text = yamlBomb(500);
    expect(text.length).toBeLessThan(110_000);
    const started = performance.now();
    expect(issuesOf(text)).toEqual([
      { path: 'depts[1].label.k8[49982]', message: 'the document expands to more than 500,000 values (aliases count each time they are used)' },
    ]);
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(DOCUMENT_BOUNDS.maxValues).toBe(500_000);
  });

  it('names the file when it has one, and refuses a long string repeated by aliases past 16 MB', () => {
    const text = `x: &s "${'y'.repeat(100_000)}"\nworkflows: [${Array.from({ length: 200 }, () => '*s').join(', ')}]\n`;
    expect(() => parseDocument(text, 'big.yaml')).toThrow('big.yaml: workflows[166]: the document expands to longer than 16,777,216 characters as JSON');
  });

  it('nested aliases (a billion laughs) are refused while parsing, naming the alias limit', () => {
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 9; i++)
      levels.push(
        `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10)
          .fill(`*${String.fromCharCode(96 + i)}`)
          .join(', ')}]`,
      );
    expect(() => parseDocument(levels.join('\n'))).toThrow(/too many alias uses \(at most 10,000/);
  });

  it('a label over 64 kB as JSON is refused naming the label', () => {
    const label = JSON.stringify({ text: 'x'.repeat(JSON_COLUMN_BOUNDS.maxChars!) });
    expect(issuesOf(`depts:\n  - {name: d, label: ${label}}\n`)).toEqual([{ path: 'depts[0].label', message: 'longer than 65,536 characters as JSON' }]);
    expect(() => parseDefinitions(`depts:\n  - {name: d, label: {text: "${'x'.repeat(60_000)}"}}\n`)).not.toThrow();
  });

  it('a label nested deeper than 32 levels is refused at the first value too deep', () => {
    const [issue] = issuesOf(`roles:\n  - {name: r, label: ${deep(40)}}\n`);
    expect(issue).toEqual({ path: `roles[0].label${'.a'.repeat(32)}`, message: 'nested deeper than 32 levels' });
  });

  it('hook extra_info, default values, choices and templates are bounded too', () => {
    const workflow = (state: string, field = '{key: f, type: string}') =>
      `workflows:\n  - name: w\n    custom_fields: [${field}]\n    states:\n      - {name: s, type: start}\n      - ${state}\n      - {name: e, type: end}\n    transitions:\n      - {from: s, to: h}\n      - {from: h, to: e}\n`;
    const hook = (extra: string) => workflow(`{name: h, participant: {type: hook, url: 'http://127.0.0.1/x', extra_info: ${extra}}}`);
    expect(issuesOf(hook(`"${'x'.repeat(PARTICIPANT_BOUNDS.maxChars!)}"`))).toEqual([
      { path: 'workflows[0].states[1].participant', message: 'longer than 16,384 characters as JSON' },
    ]);
    expect(issuesOf(hook(deep(40)))[0]!.path).toBe(`workflows[0].states[1].participant.extra_info${'.a'.repeat(31)}`);
    const plain = '{name: h, participant: {type: variable, value: [creator]}}';
    expect(issuesOf(workflow(plain, `{key: f, type: string, default: "${'x'.repeat(70_000)}"}`))).toEqual([
      { path: 'workflows[0].custom_fields[0].default', message: 'longer than 65,536 characters as JSON' },
    ]);
    expect(issuesOf(workflow(plain, `{key: f, type: string, template: "${'x'.repeat(MAX_TEMPLATE_CHARS + 1)}"}`))).toEqual([
      { path: 'workflows[0].custom_fields[0].template', message: 'expected string to have <=16384 characters' },
    ]);
    const choices = Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`choice-${i}`, `label of choice ${i}`]));
    expect(issuesOf(workflow(plain, `{key: f, type: select, choices: ${JSON.stringify(choices)}}`))).toEqual([
      { path: 'workflows[0].custom_fields[0].choices', message: 'longer than 65,536 characters as JSON' },
    ]);
  });
});
