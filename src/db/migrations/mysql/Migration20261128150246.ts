import { Migration } from '@mikro-orm/migrations';

export class Migration20261128150246 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table \`audit_entries\` (\`id\` int unsigned not null auto_increment primary key, \`created_at\` datetime(3) not null, \`actor\` varchar(100) not null, \`app_name\` varchar(100) not null, \`action\` varchar(50) not null, \`entity_type\` varchar(30) not null, \`entity_id\` int null, \`workflow_id\` int null, \`summary\` varchar(500) not null, \`before_doc\` json null, \`after_doc\` json null) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(`alter table \`audit_entries\` add index \`audit_entries_entity_type_entity_id_index\`(\`entity_type\`, \`entity_id\`);`);
    this.addSql(`alter table \`audit_entries\` add index \`audit_entries_workflow_id_id_index\`(\`workflow_id\`, \`id\`);`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists \`audit_entries\`;`);
  }
}
