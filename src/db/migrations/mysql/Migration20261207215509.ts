import { Migration } from '@mikro-orm/migrations';

export class Migration20261207215509 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table \`webhook_subscriptions\` (\`id\` int unsigned not null auto_increment primary key, \`app_name\` varchar(100) not null, \`username\` varchar(100) not null, \`url\` varchar(1000) not null, \`secret\` varchar(200) not null, \`event_types\` json not null, \`workflow_ids\` json not null, \`after_cursor\` int not null default 0, \`paused\` tinyint(1) not null default false, \`is_deleted\` tinyint(1) not null default false, \`created_at\` datetime(3) not null, \`updated_at\` datetime(3) not null) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(`alter table \`webhook_subscriptions\` add index \`webhook_subscriptions_app_name_is_deleted_index\`(\`app_name\`, \`is_deleted\`);`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists \`webhook_subscriptions\`;`);
  }
}
