import { Migration } from '@mikro-orm/migrations';

export class Migration20261207213116 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table \`ticket_votes\` (\`id\` integer not null primary key autoincrement, \`ticket_id\` integer not null, \`state_id\` integer not null, \`visit\` integer not null, \`voter\` text not null, \`transition_id\` integer not null, \`suggestion\` text not null default '', \`outcome\` text not null, \`created_at\` datetime not null);`,
    );
    this.addSql(`create index \`ticket_votes_ticket_id_visit_id_index\` on \`ticket_votes\` (\`ticket_id\`, \`visit\`, \`id\`);`);

    this.addSql(`alter table \`states\` add column \`countersign\` json null;`);

    this.addSql(`alter table \`tickets\` add column \`visit\` integer not null default 1;`);
  }
}
