import fs from 'node:fs';
import { Command, InvalidArgumentError } from 'commander';
import { loadConfig } from './config';
import { exportDefinitions, importAndPublish, importDefinitionsFile } from './db/definitions';
import { migrateUp, openOrm } from './db/orm';
import { importProgress, migrationProgress } from './server/progress';
import { serve, work } from './server/main';
import { packageVersion } from './version';
import { mintDevToken } from './services/dev-token';
import { simulateDefinition } from './services/simulate-definition.service';
import { traceLines } from './services/simulation-trace';
import { diffVersions, type VersionRef } from './services/versions/diff.service';
import { applyTicketMigration, migrationPlan, planTicketMigration, unfinishedPlan } from './services/versions/migration.service';
import { planLines } from './services/versions/plan-text';
import { systemContext } from './services/automation.service';

function parseSeconds(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n <= 0) throw new InvalidArgumentError('expected a number of seconds');
  return n;
}

function parseIds(value: string): number[] {
  const ids = value.split(',').map((s) => Number(s.trim()));
  if (ids.some((n) => !Number.isSafeInteger(n) || n <= 0)) throw new InvalidArgumentError('expected comma-separated workflow ids');
  return ids;
}

function parsePositive(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n <= 0) throw new InvalidArgumentError('expected a positive whole number');
  return n;
}

function parseVersionRef(value: string): VersionRef {
  return value === 'draft' ? 'draft' : parsePositive(value);
}

function parseMapping(value: string, previous: Record<number, number> | undefined): Record<number, number> {
  const match = /^(\d+)=(\d+)$/.exec(value.trim());
  if (!match) throw new InvalidArgumentError('expected <source state id>=<target state id>, e.g. 3=4');
  return { ...(previous ?? {}), [Number(match[1])]: Number(match[2]) };
}

function parseTransitionIds(value: string): number[] {
  const ids = value.split(',').map((s) => Number(s.trim()));
  if (!ids.length || ids.some((n) => !Number.isSafeInteger(n) || n <= 0)) throw new InvalidArgumentError('expected comma-separated transition ids, e.g. 1,2,4');
  return ids;
}

/** `key=value` pairs: integers and decimals become numbers, true and false booleans, anything else stays text. */
function collectField(pair: string, fields: Record<string, unknown>): Record<string, unknown> {
  const at = pair.indexOf('=');
  if (at <= 0) throw new InvalidArgumentError(`expected key=value, got "${pair}"`);
  const raw = pair.slice(at + 1);
  const value = /^-?\d+(\.\d+)?$/.test(raw) ? Number(raw) : raw === 'true' || raw === 'false' ? raw === 'true' : raw;
  return { ...fields, [pair.slice(0, at)]: value };
}

async function withOrm<T>(fn: (orm: Awaited<ReturnType<typeof openOrm>>) => Promise<T>): Promise<T> {
  const orm = await openOrm(loadConfig().database);
  try {
    await migrateUp(orm);
    return await fn(orm);
  } finally {
    await orm.close();
  }
}

const ENVIRONMENT_HELP = `
Configured by environment variables (see README.md, Configuration):
  DATABASE_URL   sqlite:./data/loongate.db (default), sqlite:/abs/path.db, sqlite::memory:,
                 mysql://user:pass@host:3306/db or mariadb://user:pass@host:3306/db
  PORT, HOST     where serve listens (default 8000 on 127.0.0.1)
  LOONGATE_SEED  imported at start into a database without workflows: demo (the default on SQLite),
                 none (the default on MySQL/MariaDB) or a definitions file
  LOG_LEVEL      fatal, error, warn, info (default), debug, trace or silent
`;

const DATABASE_HELP = '\nThe database is DATABASE_URL (default sqlite:./data/loongate.db; see loongate --help).\n';

/** The `loongate` command line. */
export function buildCli(): Command {
  const program = new Command('loongate')
    .description('A workflow ticket engine: GraphQL first, loonflow v1.0 REST compatible')
    .version(packageVersion(), '-V, --version', 'print the version')
    .addHelpText('after', ENVIRONMENT_HELP)
    .showHelpAfterError();
  program.command('serve').description('start the HTTP server (configured by environment variables)').addHelpText('after', ENVIRONMENT_HELP).action(serve);
  program.command('worker').description('run only the outbox worker (hooks, notices, timers, scripts)').addHelpText('after', DATABASE_HELP).action(work);
  program
    .command('migrate')
    .description('apply pending database migrations')
    .addHelpText('after', DATABASE_HELP)
    .action(async () => {
      const orm = await openOrm(loadConfig().database);
      try {
        const applied = await migrateUp(orm);
        console.log(applied.length ? `applied: ${applied.join(', ')}` : 'database schema is up to date');
      } finally {
        await orm.close();
      }
    });
  program
    .command('import')
    .argument('<file>', 'definitions file (YAML or JSON)')
    .description('import users, depts, roles, apps and workflows')
    .option('--force', 'import even when removed states or required fields strand live tickets')
    .option('--publish', 'then publish each workflow of the file whose draft changed as its next version (docs/versions.md)')
    .addHelpText('after', DATABASE_HELP)
    .action((file: string, opts: { force?: boolean; publish?: boolean }) =>
      withOrm(async (orm) => {
        const progress = importProgress();
        const options = { onProgress: progress.update, hookAllow: loadConfig().hookAllow, force: opts.force };
        if (opts.publish) {
          const { summary, published } = await importAndPublish(orm, fs.readFileSync(file, 'utf8'), { ...options, source: file });
          progress.stop();
          console.log(JSON.stringify(summary));
          for (const p of published) console.log(`published workflow ${p.workflowId} as version ${p.version}`);
        } else {
          const summary = await importDefinitionsFile(orm, file, options);
          progress.stop();
          console.log(JSON.stringify(summary));
        }
      }),
    );
  program
    .command('token')
    .argument('<username>', 'the user the token acts as')
    .description("development only: mint a per-user token (as an app's backend would) for a browser app to sign in with")
    .option('-a, --app <name>', 'the app the token acts through; given a signing secret if it has none', 'ops')
    .option('-l, --lifetime <seconds>', 'how long the token lives (at most LOONGATE_TOKEN_MAX_LIFETIME)', parseSeconds)
    .action((username: string, opts: { app: string; lifetime?: number }) =>
      withOrm(async (orm) => {
        const minted = await mintDevToken(orm, loadConfig(), { username, appName: opts.app, lifetimeSeconds: opts.lifetime });
        if (minted.issuedSecret) console.error(`loongate: gave the app "${opts.app}" a signing secret`);
        console.error(`loongate: a token for "${username}" through "${opts.app}", valid until ${minted.expiresAt.toISOString()} (development only)`);
        console.log(minted.token);
      }),
    );
  program
    .command('simulate')
    .argument('<file>', 'definitions file (YAML or JSON) holding the workflow')
    .description('walk a hypothetical ticket through a workflow of a definitions file, without any database, and print what each step does')
    .requiredOption('-w, --workflow <name>', 'the workflow to walk, by name')
    .requiredOption('-p, --path <ids>', 'the transition ids to take in order, the first out of the start state (e.g. 1,2,4)', parseTransitionIds)
    .option('-f, --fields <key=value>', 'a field value sent with every step (repeat the option; title names the ticket)', collectField, {})
    .option('--as <username>', "the file's user who creates the ticket (default: the workflow's creator, else its first admin)")
    .addHelpText('after', '\nExits with 1 when a step is refused (the trace says why), 0 when every step was allowed.\n')
    .action(async (file: string, opts: { workflow: string; path: number[]; fields: Record<string, unknown>; as?: string }) => {
      const definition = fs.readFileSync(file, 'utf8');
      const run = await simulateDefinition(loadConfig(), {
        definition,
        source: file,
        workflowName: opts.workflow,
        path: opts.path,
        fields: opts.fields,
        createAs: opts.as,
      });
      console.log(traceLines(run).join('\n'));
      if (run.steps.some((step) => !step.simulation.allowed)) process.exitCode = 1;
    });
  program
    .command('export')
    .description('write the definitions as YAML')
    .option('-w, --workflows <ids>', 'only these workflow ids (comma-separated)', parseIds)
    .option('-o, --output <file>', 'write to a file instead of stdout')
    .addHelpText('after', DATABASE_HELP)
    .option('--with-secrets', "include the apps' tokens (left out by default; an import keeps the tokens of existing apps)")
    .action((opts: { workflows?: number[]; output?: string; withSecrets?: boolean }) =>
      withOrm(async (orm) => {
        const yaml = await exportDefinitions(orm, { workflowIds: opts.workflows, withSecrets: opts.withSecrets });
        if (opts.withSecrets) console.error(`loongate: warning: ${opts.output ?? 'the output'} holds app tokens in plain text; keep it private`);
        if (opts.output) fs.writeFileSync(opts.output, yaml, opts.withSecrets ? { mode: 0o600 } : {});
        else process.stdout.write(yaml);
      }),
    );
  program
    .command('diff')
    .description('print what differs between two versions of a workflow (docs/versions.md)')
    .requiredOption('-w, --workflow <id>', 'the workflow id', parsePositive)
    .requiredOption('--from <version>', 'a published version', parseVersionRef)
    .option('--to <version>', "a published version, or 'draft' (the default)", parseVersionRef, 'draft')
    .addHelpText('after', DATABASE_HELP)
    .action((opts: { workflow: number; from: VersionRef; to: VersionRef }) =>
      withOrm(async (orm) => {
        const diff = await diffVersions(orm.em.fork(), opts.workflow, opts.from, opts.to);
        console.log(`workflow ${diff.workflowId}: version ${diff.from} → ${diff.to === 'draft' ? 'draft' : `version ${diff.to}`}`);
        console.log(diff.text.length ? diff.text.join('\n') : 'no differences');
      }),
    );
  program
    .command('migrate-tickets')
    .description('move the live tickets of a workflow from one published version to another, with a plan printed first (docs/versions.md)')
    .requiredOption('-w, --workflow <id>', 'the workflow id', parsePositive)
    .requiredOption('--to <version>', 'the version to move the tickets to', parsePositive)
    .option('--from <version>', 'the version the tickets run on (default: the one before --to)', parsePositive)
    .option('--map <from=to>', 'send the tickets of a source state to a target state (state ids); repeatable', parseMapping)
    .option('--dry-run', 'print the plan and move nothing')
    .addHelpText('after', DATABASE_HELP)
    .action((opts: { workflow: number; to: number; from?: number; map?: Record<number, number>; dryRun?: boolean }) =>
      withOrm(async (orm) => {
        const ctx = systemContext(orm.em.fork(), loadConfig());
        const [from, mapping] = [opts.from ?? opts.to - 1, opts.map ?? {}];
        const resumed = opts.dryRun ? null : await unfinishedPlan(ctx, opts.workflow, from, opts.to, mapping);
        const plan = resumed ? await migrationPlan(ctx, resumed.id) : await planTicketMigration(ctx, opts.workflow, from, opts.to, mapping);
        console.log(planLines(plan, !!resumed).join('\n'));
        if (opts.dryRun) return;
        const progress = migrationProgress();
        const done = await applyTicketMigration(ctx, plan.plan.id, progress.update);
        progress.stop();
        const p = done.progress;
        console.log(`plan ${done.plan.id}: ${p.moved} moved, ${p.stale} stale, ${p.blocked} blocked, ${p.pending} pending`);
        for (const s of done.skipped) console.log(`  ticket ${s.ticketId} ${s.status}: ${s.reason}`);
        if (p.stale + p.blocked > 0) process.exitCode = 1;
      }),
    );
  return program;
}

/** Run the CLI; errors print one clear line and exit non-zero. */
export async function main(argv: string[]): Promise<void> {
  try {
    await buildCli().parseAsync(argv);
  } catch (err) {
    console.error(`loongate: ${(err as Error).message}`);
    process.exit(1);
  }
}
