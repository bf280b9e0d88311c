import { Migration } from '@mikro-orm/migrations';

export class Migration20261207221032 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table \`open_ticket_claims\` (\`id\` int unsigned not null auto_increment primary key, \`workflow_id\` int not null, \`value_hash\` varchar(64) not null, \`ticket_id\` int not null) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(`alter table \`open_ticket_claims\` add unique \`open_ticket_claims_ticket_id_unique\`(\`ticket_id\`);`);
    this.addSql(`alter table \`open_ticket_claims\` add unique \`open_ticket_claims_workflow_id_value_hash_unique\`(\`workflow_id\`, \`value_hash\`);`);

    this.addSql(`alter table \`workflows\` add \`one_open_per\` varchar(50) not null default '';`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists \`open_ticket_claims\`;`);

    this.addSql(`alter table \`workflows\` drop column \`one_open_per\`;`);
  }
}
