import { Migration } from '@mikro-orm/migrations';

export class Migration20261207215503 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table \`webhook_subscriptions\` (\`id\` integer not null primary key autoincrement, \`app_name\` text not null, \`username\` text not null, \`url\` text not null, \`secret\` text not null, \`event_types\` json not null, \`workflow_ids\` json not null, \`after_cursor\` integer not null default 0, \`paused\` integer not null default false, \`is_deleted\` integer not null default false, \`created_at\` datetime not null, \`updated_at\` datetime not null);`,
    );
    this.addSql(`create index \`webhook_subscriptions_app_name_is_deleted_index\` on \`webhook_subscriptions\` (\`app_name\`, \`is_deleted\`);`);
  }
}
