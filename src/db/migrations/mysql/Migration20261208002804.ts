import { Migration } from '@mikro-orm/migrations';

export class Migration20261208002804 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table \`workflow_versions\` (\`id\` int unsigned not null auto_increment primary key, \`workflow_id\` int not null, \`version\` int not null, \`definition\` mediumtext not null, \`creator\` varchar(100) not null default '', \`created_at\` datetime(3) not null) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(`alter table \`workflow_versions\` add unique \`workflow_versions_workflow_id_version_unique\`(\`workflow_id\`, \`version\`);`);

    this.addSql(`alter table \`tickets\` add \`workflow_version\` int null;`);

    this.addSql(`alter table \`workflows\` add \`published_version\` int not null default 0;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists \`workflow_versions\`;`);

    this.addSql(`alter table \`tickets\` drop column \`workflow_version\`;`);

    this.addSql(`alter table \`workflows\` drop column \`published_version\`;`);
  }
}
