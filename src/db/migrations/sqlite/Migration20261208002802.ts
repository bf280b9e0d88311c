import { Migration } from '@mikro-orm/migrations';

export class Migration20261208002802 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table \`workflow_versions\` (\`id\` integer not null primary key autoincrement, \`workflow_id\` integer not null, \`version\` integer not null, \`definition\` text not null, \`creator\` text not null default '', \`created_at\` datetime not null);`,
    );
    this.addSql(`create unique index \`workflow_versions_workflow_id_version_unique\` on \`workflow_versions\` (\`workflow_id\`, \`version\`);`);

    this.addSql(`alter table \`tickets\` add column \`workflow_version\` integer null;`);

    this.addSql(`alter table \`workflows\` add column \`published_version\` integer not null default 0;`);
  }
}
