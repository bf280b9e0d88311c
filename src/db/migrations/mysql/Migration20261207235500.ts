import { Migration } from '@mikro-orm/migrations';

/**
 * The identity columns of the tables added since Migration20261201090000 compare byte for byte too (`utf8mb4_bin`, as
 * on SQLite): idempotency keys and the users they are scoped to (`Ab` and `ab` are two keys), the voters of the
 * countersign ledger, the actors of ticket events and the owners of webhooks. These tables are new, so each alter
 * is quick.
 */
export class Migration20261207235500 extends Migration {
  override async up(): Promise<void> {
    for (const sql of alterations(' collate utf8mb4_bin')) this.addSql(sql);
  }

  override async down(): Promise<void> {
    for (const sql of alterations('')) this.addSql(sql);
  }
}

function alterations(collation: string): string[] {
  const tables = [...new Set(LATER_IDENTITY_COLUMNS.map(([table]) => table))];
  return tables.map((table) => {
    const columns = LATER_IDENTITY_COLUMNS.filter(([t]) => t === table).map(([, column, type]) => `modify \`${column}\` ${type}${collation}`);
    return `alter table \`${table}\` ${columns.join(', ')};`;
  });
}

/** Table, column and column type (without the collation) of each identity column added after the first list. */
export const LATER_IDENTITY_COLUMNS: readonly [string, string, string][] = [
  ['idempotency_keys', 'username', 'varchar(100) not null'],
  ['idempotency_keys', 'idempotency_key', 'varchar(255) not null'],
  ['ticket_votes', 'voter', 'varchar(100) not null'],
  ['ticket_events', 'actor', 'varchar(100) not null'],
  ['webhook_subscriptions', 'app_name', 'varchar(100) not null'],
  ['webhook_subscriptions', 'username', 'varchar(100) not null'],
];
