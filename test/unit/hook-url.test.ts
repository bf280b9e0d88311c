import { describe, expect, it } from 'vitest';
import { validateDefinitions } from '../../src/domain/definitions';
import { hookUrlProblem } from '../../src/domain/hook-url';

const doc = (hookUrl: string, noticeUrl: string) => ({
  workflows: [
    {
      name: 'w',
      notices: [{ name: 'chat', url: noticeUrl }],
      states: [
        { name: 'start', type: 'start' },
        { name: 'hook', participant: { type: 'hook', url: hookUrl } },
        { name: 'end', type: 'end' },
      ],
      transitions: [
        { name: 'go', from: 'start', to: 'hook' },
        { name: 'done', from: 'hook', to: 'end' },
      ],
    },
  ],
});

describe('hook URL allow-list', () => {
  it.each([
    ['http://127.0.0.1:9000/x', null, null],
    ['http://localhost/x', null, null],
    ['http://[::1]:8080/x', null, null],
    ['https://hooks.example.com/x', null, 'host "hooks.example.com" is not in LOONGATE_HOOK_ALLOW (127.0.0.1, localhost, ::1)'],
    ['https://a.hooks.example.com/x', ['*.example.com'], null],
    ['https://example.com/x', ['*.example.com'], 'host "example.com" is not in LOONGATE_HOOK_ALLOW (*.example.com)'],
    ['https://EVIL-example.com/x', ['*.example.com'], 'host "evil-example.com" is not in LOONGATE_HOOK_ALLOW (*.example.com)'],
    ['http://10.0.0.5/x', ['10.0.0.5', 'hooks.internal'], null],
    ['http://[::1]/x', ['[::1]'], null],
    ['ftp://127.0.0.1/x', null, '"ftp://127.0.0.1/x" must use http or https'],
    ['not a url', null, '"not a url" is not a URL'],
  ] as const)('%s with %j', (url, allow, problem) => {
    expect(hookUrlProblem(url, allow)).toBe(problem);
  });

  it('the validator checks hook and notice URLs only when given an allow-list', () => {
    const bad = doc('http://hooks.internal/grant', 'http://chat.internal/send');
    expect(() => validateDefinitions(bad)).not.toThrow();
    expect(() => validateDefinitions(bad, undefined, { hookAllow: ['*.example.com'] })).toThrow(
      [
        'workflows[0].states[1].participant.url: host "hooks.internal" is not in LOONGATE_HOOK_ALLOW (*.example.com)',
        'workflows[0].notices[0].url: host "chat.internal" is not in LOONGATE_HOOK_ALLOW (*.example.com)',
      ].join('\n'),
    );
    expect(() => validateDefinitions(bad, undefined, { hookAllow: null })).toThrow(
      'host "hooks.internal" is not in LOONGATE_HOOK_ALLOW (127.0.0.1, localhost, ::1)',
    );
    expect(() => validateDefinitions(bad, undefined, { hookAllow: ['*.internal'] })).not.toThrow();
  });
});
