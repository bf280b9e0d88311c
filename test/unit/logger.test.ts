import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/server/logger';

/** An output that records what is written, a terminal or not. */
function output(isTTY: boolean) {
  const lines: string[] = [];
  return { isTTY, lines, write: (chunk: string) => void lines.push(String(chunk)) };
}

const REQUEST = { req: { id: 'r1', method: 'GET', url: '/graphql', headers: { authorization: 'Bearer secret' } }, res: { statusCode: 200 }, responseTime: 12 };

describe('the process logger', () => {
  it('writes JSON lines when the output is not a terminal, with credentials redacted', () => {
    const out = output(false);
    createLogger({ logLevel: 'info', logFormat: 'auto' }, out).info(REQUEST, 'request completed');
    const entry = JSON.parse(out.lines.join(''));
    expect(entry).toMatchObject({ level: 30, msg: 'request completed', service: 'loongate', req: { method: 'GET' } });
    expect(entry.req.headers.authorization).toBe('[redacted]');
  });

  it('writes readable, coloured lines on a terminal: a request is one line without its headers', () => {
    const out = output(true);
    createLogger({ logLevel: 'info', logFormat: 'auto' }, out).info(REQUEST, 'request completed');
    const text = out.lines.join('');
    expect(() => JSON.parse(text)).toThrow();
    expect(text).toContain('\x1b[');
    // biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI colour codes start with ESC.
    expect(text.replace(/\x1b\[[0-9;]*m/g, '')).toMatch(/^\[\d\d:\d\d:\d\d\.\d{3}\] INFO: request completed GET \/graphql 200 in 12 ms\n$/);
    expect(text).not.toContain('secret');
  });

  it('LOG_FORMAT overrides the guess, and a bad value is refused by name', () => {
    const json = output(true);
    createLogger({ logLevel: 'info', logFormat: 'json' }, json).info('hi');
    expect(JSON.parse(json.lines.join('')).msg).toBe('hi');
    const pretty = output(false);
    createLogger({ logLevel: 'info', logFormat: 'pretty' }, pretty).info('hi');
    expect(pretty.lines.join('')).toMatch(/INFO: hi\n$/);
    expect(pretty.lines.join('')).not.toContain('\x1b[');
    expect(loadConfig({}).logFormat).toBe('auto');
    expect(() => loadConfig({ LOG_FORMAT: 'xml' })).toThrow(/^LOG_FORMAT: .*\(got "xml"\)/);
  });
});
