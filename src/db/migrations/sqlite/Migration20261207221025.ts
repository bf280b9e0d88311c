import { Migration } from '@mikro-orm/migrations';

export class Migration20261207221025 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table \`open_ticket_claims\` (\`id\` integer not null primary key autoincrement, \`workflow_id\` integer not null, \`value_hash\` text not null, \`ticket_id\` integer not null);`,
    );
    this.addSql(`create unique index \`open_ticket_claims_ticket_id_unique\` on \`open_ticket_claims\` (\`ticket_id\`);`);
    this.addSql(`create unique index \`open_ticket_claims_workflow_id_value_hash_unique\` on \`open_ticket_claims\` (\`workflow_id\`, \`value_hash\`);`);

    this.addSql(`alter table \`workflows\` add column \`one_open_per\` text not null default '';`);
  }
}
