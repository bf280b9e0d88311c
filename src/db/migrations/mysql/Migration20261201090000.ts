import { Migration } from '@mikro-orm/migrations';

/**
 * Identity columns compare byte for byte, as on SQLite: with the server's default `utf8mb4_general_ci`,
 * `ÀDMIN` found the user `admin` and `OPS` the app `ops`, and names differing only in case or accents could not
 * be two rows. Usernames and the names users, apps, depts, roles and workflows are known by, and every column
 * that stores a username and is compared in SQL, take `utf8mb4_bin`. Each table named is rebuilt once (MariaDB
 * copies it to change a collation): on a large database the upgrade takes as long as copying `tickets` and
 * `flow_logs`. The ORM does not model collations: a later migration that changes one of these columns must keep
 * `collate utf8mb4_bin` (test/api/identities.test.ts checks every one of them).
 */
export class Migration20261201090000 extends Migration {
  override async up(): Promise<void> {
    for (const sql of alterations(' collate utf8mb4_bin')) this.addSql(sql);
  }

  override async down(): Promise<void> {
    for (const sql of alterations('')) this.addSql(sql);
  }
}

/** One `alter table` per table (each rebuilds the table), changing all its identity columns at once. */
function alterations(collation: string): string[] {
  const tables = [...new Set(IDENTITY_COLUMNS.map(([table]) => table))];
  return tables.map((table) => {
    const columns = IDENTITY_COLUMNS.filter(([t]) => t === table).map(([, column, type]) => `modify \`${column}\` ${type}${collation}`);
    return `alter table \`${table}\` ${columns.join(', ')};`;
  });
}

/** Table, column and column type (without the collation) of every identity column. */
export const IDENTITY_COLUMNS: readonly [string, string, string][] = [
  ['users', 'username', `varchar(100) not null`],
  ['apps', 'name', `varchar(100) not null`],
  ['depts', 'name', `varchar(100) not null`],
  ['roles', 'name', `varchar(100) not null`],
  ['workflows', 'name', `varchar(100) not null`],
  ['depts', 'leader', `varchar(100) not null default ''`],
  ['workflows', 'creator', `varchar(100) not null default ''`],
  ['workflow_admins', 'username', `varchar(100) not null`],
  ['tickets', 'creator', `varchar(100) not null default ''`],
  ['tickets', 'add_node_man', `varchar(100) not null default ''`],
  ['ticket_users', 'username', `varchar(100) not null`],
  ['flow_logs', 'participant', `varchar(200) not null default ''`],
  ['audit_entries', 'actor', `varchar(100) not null`],
  ['audit_entries', 'app_name', `varchar(100) not null`],
];
