import { Migration } from '@mikro-orm/migrations';

export class Migration20261128173054 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table \`catalog_revision\` (\`id\` int unsigned not null, \`revision\` int not null, primary key (\`id\`)) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(`insert into \`catalog_revision\` (\`id\`, \`revision\`) values (1, 0);`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists \`catalog_revision\`;`);
  }
}
