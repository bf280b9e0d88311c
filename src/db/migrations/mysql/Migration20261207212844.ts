import { Migration } from '@mikro-orm/migrations';

export class Migration20261207212844 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table \`ticket_events\` (\`id\` int unsigned not null auto_increment primary key, \`ticket_id\` int not null, \`workflow_id\` int not null, \`type\` varchar(30) not null, \`actor\` varchar(100) not null, \`from_state_id\` int not null, \`to_state_id\` int not null, \`flow_log_id\` int null, \`duty_added\` json not null, \`duty_removed\` json not null, \`version\` int not null, \`created_at\` datetime(3) not null) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(`alter table \`ticket_events\` add index \`ticket_events_workflow_id_id_index\`(\`workflow_id\`, \`id\`);`);
    this.addSql(`alter table \`ticket_events\` add index \`ticket_events_ticket_id_id_index\`(\`ticket_id\`, \`id\`);`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists \`ticket_events\`;`);
  }
}
