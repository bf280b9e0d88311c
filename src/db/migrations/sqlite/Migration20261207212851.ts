import { Migration } from '@mikro-orm/migrations';

export class Migration20261207212851 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table \`idempotency_keys\` (\`id\` integer not null primary key autoincrement, \`app_id\` integer not null, \`username\` text not null, \`idempotency_key\` text not null, \`fingerprint\` text not null, \`status\` integer not null default 200, \`body\` text not null default '', \`created_at\` datetime not null, \`expires_at\` datetime not null);`,
    );
    this.addSql(`create index \`idempotency_keys_expires_at_index\` on \`idempotency_keys\` (\`expires_at\`);`);
    this.addSql(
      `create unique index \`idempotency_keys_app_id_username_idempotency_key_unique\` on \`idempotency_keys\` (\`app_id\`, \`username\`, \`idempotency_key\`);`,
    );
  }
}
