#!/usr/bin/env node
// Create or check dialect migrations against scratch databases: node scripts/migrations.js create|check [sqlite|mysql]
require('reflect-metadata');
const path = require('node:path');
const { parseDatabaseUrl } = require('../dist/config');
const { createMigration, entitiesNeedMigration } = require('../dist/db/migration-tools');

const [action, only] = process.argv.slice(2);
// Creating needs MariaDB; checking uses it when LOONGATE_TEST_MYSQL names one (CI does).
const mysqlUrl = process.env.LOONGATE_TEST_MYSQL || (action === 'create' ? 'mysql://root@127.0.0.1:3306/test' : '');
const targets = { sqlite: parseDatabaseUrl('sqlite::memory:'), ...(mysqlUrl ? { mysql: parseDatabaseUrl(mysqlUrl) } : {}) };

(async () => {
  let failed = false;
  for (const [dialect, target] of Object.entries(targets)) {
    if (only && only !== dialect) continue;
    if (action === 'create') {
      const file = await createMigration(target, path.join(__dirname, '..', 'src', 'db', 'migrations', dialect));
      console.log(`${dialect}: ${file ?? 'no changes'}`);
    } else if (action === 'check') {
      const { needed, diff } = await entitiesNeedMigration(target);
      console.log(`${dialect}: ${needed ? `entities changed without a migration:\n  ${diff.join('\n  ')}` : 'migrations up to date'}`);
      failed ||= needed;
    } else {
      console.error('usage: migrations.js create|check [sqlite|mysql]');
      process.exit(2);
    }
  }
  process.exit(failed ? 1 : 0);
})().catch((err) => {
  console.error(err.message);
  process.exit(1);
});
