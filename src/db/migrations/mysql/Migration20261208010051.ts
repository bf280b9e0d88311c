import { Migration } from '@mikro-orm/migrations';

export class Migration20261208010051 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table \`migration_plans\` (\`id\` int unsigned not null auto_increment primary key, \`workflow_id\` int not null, \`from_version\` int not null, \`to_version\` int not null, \`mapping\` json not null, \`report\` mediumtext not null, \`status\` varchar(20) not null default 'planned', \`creator\` varchar(100) not null default '', \`created_at\` datetime(3) not null) default character set utf8mb4 engine = InnoDB;`,
    );

    this.addSql(
      `create table \`migration_plan_tickets\` (\`id\` int unsigned not null auto_increment primary key, \`plan_id\` int not null, \`ticket_id\` int not null, \`from_state_id\` int not null, \`to_state_id\` int null, \`ticket_version\` int not null, \`status\` varchar(20) not null default 'pending', \`reason\` varchar(500) not null default '') default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(`alter table \`migration_plan_tickets\` add unique \`migration_plan_tickets_plan_id_ticket_id_unique\`(\`plan_id\`, \`ticket_id\`);`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists \`migration_plans\`;`);

    this.addSql(`drop table if exists \`migration_plan_tickets\`;`);
  }
}
