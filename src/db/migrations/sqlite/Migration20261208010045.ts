import { Migration } from '@mikro-orm/migrations';

export class Migration20261208010045 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table \`migration_plans\` (\`id\` integer not null primary key autoincrement, \`workflow_id\` integer not null, \`from_version\` integer not null, \`to_version\` integer not null, \`mapping\` json not null, \`report\` text not null, \`status\` text not null default 'planned', \`creator\` text not null default '', \`created_at\` datetime not null);`,
    );

    this.addSql(
      `create table \`migration_plan_tickets\` (\`id\` integer not null primary key autoincrement, \`plan_id\` integer not null, \`ticket_id\` integer not null, \`from_state_id\` integer not null, \`to_state_id\` integer null, \`ticket_version\` integer not null, \`status\` text not null default 'pending', \`reason\` text not null default '');`,
    );
    this.addSql(`create unique index \`migration_plan_tickets_plan_id_ticket_id_unique\` on \`migration_plan_tickets\` (\`plan_id\`, \`ticket_id\`);`);
  }
}
