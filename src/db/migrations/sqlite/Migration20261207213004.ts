import { Migration } from '@mikro-orm/migrations';

export class Migration20261207213004 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table \`sla_firings\` (\`id\` integer not null primary key autoincrement, \`ticket_id\` integer not null, \`scope\` text not null, \`visit_id\` integer not null, \`escalation\` integer not null, \`action\` text not null, \`fired_at\` datetime not null);`,
    );
    this.addSql(
      `create unique index \`sla_firings_ticket_id_scope_visit_id_escalation_unique\` on \`sla_firings\` (\`ticket_id\`, \`scope\`, \`visit_id\`, \`escalation\`);`,
    );

    this.addSql(
      `create table \`sla_visits\` (\`id\` integer not null primary key autoincrement, \`ticket_id\` integer not null, \`workflow_id\` integer not null, \`state_id\` integer not null, \`entered_at\` datetime not null, \`left_at\` datetime null);`,
    );
    this.addSql(`create index \`sla_visits_workflow_id_entered_at_index\` on \`sla_visits\` (\`workflow_id\`, \`entered_at\`);`);
    this.addSql(`create index \`sla_visits_ticket_id_entered_at_index\` on \`sla_visits\` (\`ticket_id\`, \`entered_at\`);`);

    this.addSql(`alter table \`states\` add column \`sla\` json null;`);

    this.addSql(`alter table \`tickets\` add column \`sla_due_at\` datetime null;`);
    this.addSql(`alter table \`tickets\` add column \`sla_breached\` integer not null default false;`);
    this.addSql(`create index \`tickets_sla_breached_sla_due_at_index\` on \`tickets\` (\`sla_breached\`, \`sla_due_at\`);`);
    this.addSql(`create index \`tickets_sla_due_at_id_index\` on \`tickets\` (\`sla_due_at\`, \`id\`);`);

    this.addSql(`alter table \`workflows\` add column \`sla\` json null;`);
  }
}
