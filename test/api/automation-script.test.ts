import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRetryDocument } from '../generated';
import type { TestApp } from '../support/app';
import { drain, jobsOf, lastLog, startAutomationSuite, stopAutomationSuite, testWorker, ticketRow } from '../support/automation';
import { createTicket } from '../support/cases';
import { dialects } from '../support/db';
import type { Receiver } from '../support/receiver';

const OK = `#!/bin/sh
input=$(cat)
case "$input" in
  *'"title":"script me"'*) ;;
  *) echo "no ticket JSON on stdin: $input" >&2; exit 3 ;;
esac
if [ -n "$LOONGATE_TEST_SECRET" ]; then echo "the environment leaked" >&2; exit 4; fi
echo "granted ticket $LOONGATE_TICKET_ID"
`;
const FAIL = '#!/bin/sh\necho "quota exceeded" >&2\necho "partial output"\nexit 1\n';
const SLOW = '#!/bin/sh\nexec sleep 10\n';

function writeScript(dir: string, name: string, text: string): void {
  fs.writeFileSync(path.join(dir, name), text, { mode: 0o755 });
}

describe.each(dialects())('automation: scripts (%s)', (dialect) => {
  let t: TestApp;
  let receiver: Receiver;
  let dir: string;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loongate-scripts-'));
    writeScript(dir, 'ok.sh', OK);
    writeScript(dir, 'fail.sh', FAIL);
    writeScript(dir, 'slow.sh', SLOW);
    process.env.LOONGATE_TEST_SECRET = 'parent-only';
    ({ t, receiver } = await startAutomationSuite(dialect, undefined, { LOONGATE_SCRIPTS_DIR: dir }));
  });
  afterAll(async () => {
    delete process.env.LOONGATE_TEST_SECRET;
    await stopAutomationSuite(t, receiver);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const scriptTicket = (transitionId: number, title: string) => createTicket(t, { workflow_id: 33, transition_id: transitionId, title });

  it('a script that exits 0 gets the ticket as JSON on stdin in a clean environment, and its stdout advances the ticket', async () => {
    const id = await scriptTicket(330, 'script me');
    expect(await ticketRow(t, id)).toMatchObject({ stateId: 331, participantTypeId: 6, participant: 'ok.sh' });
    await drain(testWorker(t));
    expect(await ticketRow(t, id)).toMatchObject({ stateId: 334, participant: 'admin', scriptRunLastResult: true });
    expect(await lastLog(t, id)).toMatchObject({
      transitionId: 333,
      stateId: 331,
      participant: '脚本:(name:ok.sh)',
      participantTypeId: 6,
      suggestion: `granted ticket ${id}`,
    });
    expect((await jobsOf(t, id, 'script'))[0]).toMatchObject({ status: 'done', attempts: 1, lastError: '' });
  });

  it('a script that exits 1 marks the ticket failed with stderr in the log; retryTicketScript runs it again', async () => {
    const id = await scriptTicket(331, 'script fails');
    await drain(testWorker(t));
    expect(await ticketRow(t, id)).toMatchObject({ stateId: 332, scriptRunLastResult: false });
    expect(await lastLog(t, id)).toMatchObject({
      transitionId: 0,
      stateId: 332,
      participant: '脚本:(name:fail.sh)',
      participantTypeId: 6,
      suggestion: 'quota exceeded',
    });
    expect((await jobsOf(t, id, 'script'))[0]).toMatchObject({ status: 'failed', attempts: 1, lastError: 'quota exceeded' });

    writeScript(dir, 'fail.sh', '#!/bin/sh\necho "fixed"\n');
    try {
      await t.gqlOk(TRetryDocument, { input: { ticketId: id } });
      await drain(testWorker(t));
    } finally {
      writeScript(dir, 'fail.sh', FAIL);
    }
    expect(await ticketRow(t, id)).toMatchObject({ stateId: 334, scriptRunLastResult: true });
    expect(await lastLog(t, id)).toMatchObject({ transitionId: 334, suggestion: 'fixed' });
  });

  it('a script that runs past the timeout is killed and marks the ticket', async () => {
    const id = await scriptTicket(332, 'script hangs');
    const started = Date.now();
    await drain(testWorker(t, { timeoutMs: 300 }));
    expect(Date.now() - started).toBeLessThan(8000);
    expect(await ticketRow(t, id)).toMatchObject({ stateId: 333, scriptRunLastResult: false });
    expect(await lastLog(t, id)).toMatchObject({ suggestion: 'timed out' });
  });

  it('a missing script, or no scripts folder, marks the ticket with the reason and runs nothing', async () => {
    fs.renameSync(path.join(dir, 'ok.sh'), path.join(dir, 'ok.sh.off'));
    try {
      const id = await scriptTicket(330, 'script me');
      await drain(testWorker(t));
      expect(await ticketRow(t, id)).toMatchObject({ stateId: 331, scriptRunLastResult: false });
      expect((await lastLog(t, id)).suggestion).toBe('script "ok.sh" is not an executable in LOONGATE_SCRIPTS_DIR');
    } finally {
      fs.renameSync(path.join(dir, 'ok.sh.off'), path.join(dir, 'ok.sh'));
    }
    const id = await scriptTicket(330, 'script me');
    await drain(testWorker(t, {}, { scriptsDir: null }));
    expect(await ticketRow(t, id)).toMatchObject({ stateId: 331, scriptRunLastResult: false });
    expect((await lastLog(t, id)).suggestion).toBe('LOONGATE_SCRIPTS_DIR is not set, scripts cannot run');
  });
});
