import { Migration } from '@mikro-orm/migrations';

export class Migration20261128173053 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table \`catalog_revision\` (\`id\` integer not null, \`revision\` integer not null, primary key (\`id\`));`);
    this.addSql(`insert into \`catalog_revision\` (\`id\`, \`revision\`) values (1, 0);`);
  }
}
