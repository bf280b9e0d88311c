import { Migration } from '@mikro-orm/migrations';

export class Migration20261207213119 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table \`ticket_votes\` (\`id\` int unsigned not null auto_increment primary key, \`ticket_id\` int not null, \`state_id\` int not null, \`visit\` int not null, \`voter\` varchar(100) not null, \`transition_id\` int not null, \`suggestion\` text not null default (''), \`outcome\` varchar(20) not null, \`created_at\` datetime(3) not null) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(`alter table \`ticket_votes\` add index \`ticket_votes_ticket_id_visit_id_index\`(\`ticket_id\`, \`visit\`, \`id\`);`);

    this.addSql(`alter table \`states\` add \`countersign\` json null;`);

    this.addSql(`alter table \`tickets\` add \`visit\` int not null default 1;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists \`ticket_votes\`;`);

    this.addSql(`alter table \`states\` drop column \`countersign\`;`);

    this.addSql(`alter table \`tickets\` drop column \`visit\`;`);
  }
}
