import { Migration } from '@mikro-orm/migrations';

export class Migration20261207213009 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table \`sla_firings\` (\`id\` int unsigned not null auto_increment primary key, \`ticket_id\` int not null, \`scope\` varchar(10) not null, \`visit_id\` int not null, \`escalation\` int not null, \`action\` varchar(20) not null, \`fired_at\` datetime(3) not null) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(
      `alter table \`sla_firings\` add unique \`sla_firings_ticket_id_scope_visit_id_escalation_unique\`(\`ticket_id\`, \`scope\`, \`visit_id\`, \`escalation\`);`,
    );

    this.addSql(
      `create table \`sla_visits\` (\`id\` int unsigned not null auto_increment primary key, \`ticket_id\` int not null, \`workflow_id\` int not null, \`state_id\` int not null, \`entered_at\` datetime(3) not null, \`left_at\` datetime(3) null) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(`alter table \`sla_visits\` add index \`sla_visits_workflow_id_entered_at_index\`(\`workflow_id\`, \`entered_at\`);`);
    this.addSql(`alter table \`sla_visits\` add index \`sla_visits_ticket_id_entered_at_index\`(\`ticket_id\`, \`entered_at\`);`);

    this.addSql(`alter table \`states\` add \`sla\` json null;`);

    this.addSql(`alter table \`tickets\` add \`sla_due_at\` datetime(3) null, add \`sla_breached\` tinyint(1) not null default false;`);
    this.addSql(`alter table \`tickets\` add index \`tickets_sla_breached_sla_due_at_index\`(\`sla_breached\`, \`sla_due_at\`);`);
    this.addSql(`alter table \`tickets\` add index \`tickets_sla_due_at_id_index\`(\`sla_due_at\`, \`id\`);`);

    this.addSql(`alter table \`workflows\` add \`sla\` json null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists \`sla_firings\`;`);

    this.addSql(`drop table if exists \`sla_visits\`;`);

    this.addSql(`alter table \`states\` drop column \`sla\`;`);

    this.addSql(`alter table \`tickets\` drop index \`tickets_sla_breached_sla_due_at_index\`;`);
    this.addSql(`alter table \`tickets\` drop index \`tickets_sla_due_at_id_index\`;`);
    this.addSql(`alter table \`tickets\` drop column \`sla_due_at\`, drop column \`sla_breached\`;`);

    this.addSql(`alter table \`workflows\` drop column \`sla\`;`);
  }
}
