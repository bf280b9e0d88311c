import { Migration } from '@mikro-orm/migrations';

export class Migration20261207212855 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table \`idempotency_keys\` (\`id\` int unsigned not null auto_increment primary key, \`app_id\` int not null, \`username\` varchar(100) not null, \`idempotency_key\` varchar(255) not null, \`fingerprint\` varchar(64) not null, \`status\` int not null default 200, \`body\` mediumtext not null default '', \`created_at\` datetime(3) not null, \`expires_at\` datetime(3) not null) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(`alter table \`idempotency_keys\` add index \`idempotency_keys_expires_at_index\`(\`expires_at\`);`);
    this.addSql(
      `alter table \`idempotency_keys\` add unique \`idempotency_keys_app_id_username_idempotency_key_unique\`(\`app_id\`, \`username\`, \`idempotency_key\`);`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists \`idempotency_keys\`;`);
  }
}
