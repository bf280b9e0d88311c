import { Migration } from '@mikro-orm/migrations';

export class Migration20261207212838 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table \`ticket_events\` (\`id\` integer not null primary key autoincrement, \`ticket_id\` integer not null, \`workflow_id\` integer not null, \`type\` text not null, \`actor\` text not null, \`from_state_id\` integer not null, \`to_state_id\` integer not null, \`flow_log_id\` integer null, \`duty_added\` json not null, \`duty_removed\` json not null, \`version\` integer not null, \`created_at\` datetime not null);`,
    );
    this.addSql(`create index \`ticket_events_workflow_id_id_index\` on \`ticket_events\` (\`workflow_id\`, \`id\`);`);
    this.addSql(`create index \`ticket_events_ticket_id_id_index\` on \`ticket_events\` (\`ticket_id\`, \`id\`);`);
  }
}
