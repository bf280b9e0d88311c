import { Migration } from '@mikro-orm/migrations';

/** ticket_users carries its ticket's created_at (rebuilt: SQLite cannot add a NOT NULL column to a filled table). */
export class Migration20261128175943 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table \`ticket_users_new\` (\`id\` integer not null primary key autoincrement, \`ticket_id\` integer not null, \`username\` text not null, \`in_process\` integer not null default false, \`worked\` integer not null default false, \`created_at\` datetime not null);`,
    );
    this.addSql(
      `insert into \`ticket_users_new\` (\`id\`, \`ticket_id\`, \`username\`, \`in_process\`, \`worked\`, \`created_at\`) select tu.\`id\`, tu.\`ticket_id\`, tu.\`username\`, tu.\`in_process\`, tu.\`worked\`, coalesce((select t.\`created_at\` from \`tickets\` t where t.\`id\` = tu.\`ticket_id\`), 0) from \`ticket_users\` tu;`,
    );
    this.addSql(`drop table \`ticket_users\`;`);
    this.addSql(`alter table \`ticket_users_new\` rename to \`ticket_users\`;`);
    this.addSql(`create unique index \`ticket_users_ticket_id_username_unique\` on \`ticket_users\` (\`ticket_id\`, \`username\`);`);
    this.addSql(`create index \`ticket_users_username_created_at_ticket_id_index\` on \`ticket_users\` (\`username\`, \`created_at\`, \`ticket_id\`);`);
    this.addSql(
      `create index \`ticket_users_username_worked_created_at_ticket_id_index\` on \`ticket_users\` (\`username\`, \`worked\`, \`created_at\`, \`ticket_id\`);`,
    );
    this.addSql(
      `create index \`ticket_users_username_in_process_created_at_ticket_id_index\` on \`ticket_users\` (\`username\`, \`in_process\`, \`created_at\`, \`ticket_id\`);`,
    );
  }
}
