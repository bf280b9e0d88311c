import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Ticket } from '../db/entities';
import { ParticipantType } from '../domain/constants';
import { AppError } from '../domain/errors';
import { outsideText } from '../domain/fields';
import { advanceBySystem, recordAutomation, systemContext } from '../services/automation.service';
import { ticketDefs } from '../services/definitions';
import { ticketDocument } from '../services/ticket-engine';
import { supersededBy, type JobRunner } from './job';

const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

interface ScriptRun {
  code: number | null;
  stdout: string;
  stderr: string;
  error?: string;
}

function runFile(file: string, input: string, timeoutMs: number, ticketId: number): Promise<ScriptRun> {
  return new Promise((resolve) => {
    const child = execFile(
      file,
      [],
      {
        timeout: timeoutMs,
        maxBuffer: 1024 * 1024,
        shell: false,
        cwd: path.dirname(file),
        env: { PATH: '/usr/local/bin:/usr/bin:/bin', LOONGATE_TICKET_ID: String(ticketId) },
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof (error as { code?: unknown }).code === 'number' ? (error as { code: number }).code : null) : 0;
        resolve({
          code,
          stdout: String(stdout),
          stderr: String(stderr),
          error: error && code === null ? (error.killed ? 'timed out' : error.message) : undefined,
        });
      },
    );
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(input);
  });
}

/** Run a state's script (an executable in LOONGATE_SCRIPTS_DIR) with the ticket as JSON on stdin. */
export const runScript: JobRunner = async (job, deps) => {
  const em = deps.orm.em.fork();
  const ctx = systemContext(em, deps.config);
  const stateId = Number(job.payload.stateId);
  const ticket = await em.findOne(Ticket, { id: job.ticketId, isDeleted: false });
  if (!ticket || ticket.stateId !== stateId || ticket.participantTypeId !== ParticipantType.SCRIPT) return { result: 'void' };
  const newer = await supersededBy(em, job);
  if (newer) return { result: 'void', error: `superseded by job ${newer.id}` };
  const name = ticket.participant;
  const actor = { participant: `脚本:(name:${name})`, participantTypeId: ParticipantType.SCRIPT };
  const fail = async (why: string) => {
    await recordAutomation(ctx, ticket.id, { ok: false, suggestion: why, ...actor });
    return { result: 'failed' as const, error: why };
  };
  const dir = deps.config.scriptsDir;
  if (!dir) return fail('LOONGATE_SCRIPTS_DIR is not set, scripts cannot run');
  const file = path.join(dir, name);
  if (!SAFE_NAME.test(name) || !fs.existsSync(file)) return fail(`script "${name}" is not an executable in LOONGATE_SCRIPTS_DIR`);
  const defs = await ticketDefs(em, ticket);
  const input = JSON.stringify(await ticketDocument(em, ticket, defs, deps.config.timeZone));
  const run = await runFile(file, input, deps.timeoutMs, ticket.id);
  if (run.code !== 0) return fail(outsideText(run.error ?? (run.stderr.trim() || `exit code ${run.code}`)));
  try {
    await advanceBySystem(ctx, { ticketId: ticket.id, stateId, suggestion: outsideText(run.stdout.trim()) }, { logAs: actor });
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    return { result: 'void', responseCode: 0, error: `the script succeeded, but the ticket changed meanwhile: ${err.message}` };
  }
  return { result: 'done', responseCode: 0 };
};
