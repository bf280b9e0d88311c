import { Migration } from '@mikro-orm/migrations';

export class Migration20261128150242 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table \`audit_entries\` (\`id\` integer not null primary key autoincrement, \`created_at\` datetime not null, \`actor\` text not null, \`app_name\` text not null, \`action\` text not null, \`entity_type\` text not null, \`entity_id\` integer null, \`workflow_id\` integer null, \`summary\` text not null, \`before_doc\` json null, \`after_doc\` json null);`,
    );
    this.addSql(`create index \`audit_entries_entity_type_entity_id_index\` on \`audit_entries\` (\`entity_type\`, \`entity_id\`);`);
    this.addSql(`create index \`audit_entries_workflow_id_id_index\` on \`audit_entries\` (\`workflow_id\`, \`id\`);`);
  }
}
